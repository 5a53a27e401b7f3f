import { describe, expect, it } from 'vitest';
import { makeSpec } from './__fixtures__/spec-builder';
import { planSpec } from './plan';
import { planToTaskmaster } from './taskmaster';

describe('planToTaskmaster', () => {
  const spec = makeSpec([
    {
      id: 'storage',
      title: 'Storage',
      priority: 'critical',
      requirements: [{ text: 'A table', done: true }],
      acceptance: [{ text: 'Round-trips', done: true }],
      components: ['src/db/schema.sql'],
      verify: ['npm test'],
    },
    { id: 'api', title: 'API', priority: 'low', requirements: ['GET /items'], dependsOn: ['storage'] },
    { id: 'old', title: 'Old', status: 'Done', requirements: ['Whatever'] },
  ]);
  const file = planToTaskmaster(planSpec(spec));

  it("writes Task Master's tagged tasks.json with numbered tasks", () => {
    expect(Object.keys(file)).toEqual(['master']);
    expect(file.master.tasks.map((t) => [t.id, t.title, t.priority, t.dependencies, t.status])).toEqual([
      [1, 'Storage', 'high', [], 'done'],
      [2, 'API', 'low', [1], 'pending'],
      [3, 'Old', 'medium', [], 'done'],
    ]);
    expect(Object.keys(file.master.tasks[0] ?? {})).toEqual([
      'id', 'title', 'description', 'details', 'testStrategy', 'priority', 'dependencies', 'status', 'subtasks',
    ]);
    expect(file.master.tasks.every((t) => t.subtasks.length === 0)).toBe(true);
  });

  it('carries files, requirements, criteria and checks in details and test strategy', () => {
    const [storage] = file.master.tasks;
    expect(storage?.details).toBe(
      [
        'Feature: Storage (PROJECT_SPEC.md:3)',
        'Domain: database; complexity: simple; estimate: 60 minutes',
        'Files:',
        '- src/db/schema.sql',
        'Requirements:',
        '- A table',
      ].join('\n'),
    );
    expect(storage?.testStrategy).toBe(['Acceptance criteria:', '- Round-trips', 'Verify with:', '- `npm test`'].join('\n'));
  });

  it('has fixed timestamps, so the same spec gives the same file', () => {
    expect(file.master.metadata).toEqual({
      created: '1970-01-01T00:00:00.000Z',
      updated: '1970-01-01T00:00:00.000Z',
      description: `Test Spec: 3 tasks planned by nx-buildrunner from PROJECT_SPEC.md (spec ${'f'.repeat(16)})`,
    });
    expect(JSON.stringify(planToTaskmaster(planSpec(spec)))).toBe(JSON.stringify(file));
  });
});
