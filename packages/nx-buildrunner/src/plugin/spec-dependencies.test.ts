import type { ProjectConfiguration } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { specOwnerDependencies } from './spec-dependencies';

const task = (root: string, spec: string): ProjectConfiguration => ({ root, tags: ['br:task'], metadata: { spec } });

describe('specOwnerDependencies', () => {
  it("makes every task depend on the project owning its spec's folder, whatever that project is named", () => {
    const projects: Record<string, ProjectConfiguration> = {
      'greeter-app': { root: 'app', tags: ['br:spec'] },
      'br-greet': task('app/.buildrunner/PROJECT_SPEC.md/greet/greet', 'app/PROJECT_SPEC.md'),
      'br-cli': task('app/.buildrunner/PROJECT_SPEC.md/cli/cli', 'app/PROJECT_SPEC.md'),
      'br-spec-root': { root: '.', tags: ['br:spec'] },
      'br-top': task('.buildrunner/PROJECT_SPEC.md/top/top', 'PROJECT_SPEC.md'),
      lib: { root: 'libs/lib', tags: ['br:task'] },
    };
    expect(specOwnerDependencies(projects, ['**/PROJECT_SPEC.md'])).toEqual([
      { source: 'br-greet', target: 'greeter-app', type: 'implicit' },
      { source: 'br-cli', target: 'greeter-app', type: 'implicit' },
      { source: 'br-top', target: 'br-spec-root', type: 'implicit' },
    ]);
  });

  it("leaves other registrations' tasks alone, and tasks whose folder has no project", () => {
    const projects: Record<string, ProjectConfiguration> = {
      'br-spec-a': { root: 'a', tags: ['br:spec'] },
      'br-x': task('a/.buildrunner/PROJECT_SPEC.md/x/x', 'a/PROJECT_SPEC.md'),
      'team-y': task('b/.buildrunner/plan.md/y/y', 'b/plan.md'),
      'team-z': task('c/.buildrunner/plan.md/z/z', 'c/plan.md'),
      'team-spec-b': { root: 'b', tags: ['br:spec'] },
    };
    expect(specOwnerDependencies(projects, ['**/PROJECT_SPEC.md'])).toEqual([{ source: 'br-x', target: 'br-spec-a', type: 'implicit' }]);
    expect(specOwnerDependencies(projects, ['**/plan.md'])).toEqual([{ source: 'team-y', target: 'team-spec-b', type: 'implicit' }]);
  });
});
