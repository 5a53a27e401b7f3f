import { describe, expect, it } from 'vitest';
import { makeSpec } from './__fixtures__/spec-builder';
import { randomSpec } from './__fixtures__/random-spec';
import { planToJson, stringifyPlan } from './json';
import { planSpec } from './plan';

describe('planToJson', () => {
  const spec = makeSpec([
    {
      id: 'slugify',
      title: 'Slugify',
      priority: 'high',
      domain: 'backend',
      description: 'Not in the contract',
      requirements: ['Lowercases'],
      acceptance: [{ text: 'Tests pass', done: true }],
      components: ['src/slugify.js'],
      verify: ['node --test'],
    },
    { id: 'docs', requirements: ['Usage'], dependsOn: ['slugify', 'ghost'] },
  ]);
  spec.diagnostics = [{ severity: 'warning', message: 'odd heading', line: 2, column: 4 }];
  const json = planToJson(planSpec(spec));

  it('is exactly the contract of DESIGN.md, optional fields only when set', () => {
    expect(json).toEqual({
      spec: { path: 'PROJECT_SPEC.md', title: 'Test Spec', hash: 'f'.repeat(64) },
      features: [
        {
          id: 'slugify',
          title: 'Slugify',
          line: 3,
          priority: 'high',
          domain: 'backend',
          requirements: [{ id: 'slugify.r1', text: 'Lowercases', line: 4 }],
          acceptance: [{ text: 'Tests pass', done: true, line: 6 }],
          components: ['src/slugify.js'],
          dependsOn: [],
        },
        {
          id: 'docs',
          title: 'docs',
          line: 9,
          requirements: [{ id: 'docs.r1', text: 'Usage', line: 10 }],
          acceptance: [],
          components: [],
          dependsOn: ['slugify', 'ghost'],
        },
      ],
      tasks: [
        {
          id: 'slugify',
          featureId: 'slugify',
          title: 'Slugify',
          domain: 'backend',
          complexity: 'simple',
          estimateMinutes: 60,
          files: ['src/slugify.js'],
          acceptance: ['Tests pass'],
          requirements: ['slugify.r1'],
          dependsOn: [],
          verify: ['node --test'],
        },
        {
          id: 'docs',
          featureId: 'docs',
          title: 'docs',
          domain: 'docs',
          complexity: 'simple',
          estimateMinutes: 60,
          files: [],
          acceptance: [],
          requirements: ['docs.r1'],
          dependsOn: ['slugify'],
          verify: [],
        },
      ],
      graph: { levels: [['slugify'], ['docs']], criticalPath: ['slugify', 'docs'], criticalPathMinutes: 120 },
      batches: [
        { id: 'b01', domain: 'backend', tasks: ['slugify'], minutes: 60 },
        { id: 'b02', domain: 'docs', tasks: ['docs'], minutes: 60 },
      ],
      diagnostics: [
        { severity: 'warning', message: 'odd heading', line: 2, column: 4 },
        { severity: 'error', message: 'feature "docs" depends on unknown feature "ghost"', line: 9 },
      ],
    });
  });

  it('writes keys in the contract order', () => {
    expect(Object.keys(json)).toEqual(['spec', 'features', 'tasks', 'graph', 'batches', 'diagnostics']);
    expect(Object.keys(json.features[0] ?? {})).toEqual([
      'id', 'title', 'line', 'priority', 'domain', 'requirements', 'acceptance', 'components', 'dependsOn',
    ]);
    expect(Object.keys(json.features[1] ?? {})).not.toContain('priority');
    expect(Object.keys(json.tasks[0] ?? {})).toEqual([
      'id', 'featureId', 'title', 'domain', 'complexity', 'estimateMinutes', 'files', 'acceptance', 'requirements',
      'dependsOn', 'verify',
    ]);
    expect(Object.keys(json.diagnostics[1] ?? {})).toEqual(['severity', 'message', 'line']);
  });

  it('gives the same bytes for the same spec, however the objects were built', () => {
    const spec = randomSpec(5, { features: 80, cycles: true });
    const copy = JSON.parse(JSON.stringify(spec)) as typeof spec;
    const text = stringifyPlan(planSpec(spec));
    expect(stringifyPlan(planSpec(copy))).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(planToJson(planSpec(spec)));
  });
});
