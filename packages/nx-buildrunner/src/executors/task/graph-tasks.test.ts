import type { ProjectGraphProjectNode } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { taskOutputDir } from '../../plugin/paths';
import type { TaskTargetOptions } from '../../plugin/target-options';
import { makeTask } from './__fixtures__/workspace';
import { taskTargetOptions, upstreamTasks } from './graph-tasks';

function node(name: string, options: unknown, target = 'br-task'): ProjectGraphProjectNode {
  return { name, type: 'lib', data: { root: `x/${name}`, targets: { [target]: { executor: 'nx-buildrunner:task', options } } } };
}

const options = (id: string, dependsOn: string[] = [], spec = 'app/PROJECT_SPEC.md'): TaskTargetOptions => ({
  spec,
  task: makeTask(id, { dependsOn }),
  featureHash: `f-${id}`,
  dependencyHash: `d-${id}`,
});

describe('tasks in the project graph', () => {
  const nodes = {
    a: node('br-a', options('a')),
    b: node('br-b', options('b', ['a'])),
    c: node('br-c', options('c', ['b'])),
    d: node('br-d', options('d', ['c', 'a'])),
    other: node('br-other-a', options('a', [], 'other/PROJECT_SPEC.md')),
    unrelated: node('web', { command: 'vite build' }),
  };

  it('finds every task a task depends on, directly or not, in its own spec only', () => {
    const upstream = upstreamTasks(nodes, 'br-task', '/ws', options('d', ['c', 'a']));
    expect(upstream.map((t) => t.id).sort()).toEqual(['a', 'b', 'c']);
    expect(upstream.find((t) => t.id === 'b')).toEqual({
      id: 'b',
      title: 'Task b',
      taskHash: 'hash-b',
      featureHash: 'f-b',
      dependencyHash: 'd-b',
      dependsOn: ['a'],
      outputDir: taskOutputDir('/ws', 'app/PROJECT_SPEC.md', 'b'),
    });
    expect(upstreamTasks(nodes, 'br-task', '/ws', options('a'))).toEqual([]);
  });

  it('reads task options only from targets that look like ours', () => {
    expect(taskTargetOptions(nodes.unrelated, 'br-task')).toBeUndefined();
    expect(taskTargetOptions(nodes.a, 'build')).toBeUndefined();
    expect(taskTargetOptions(node('br-x', { spec: 'a.md', task: { id: 'x' } }), 'br-task')).toBeUndefined();
    expect(taskTargetOptions(nodes.b, 'br-task')?.task.id).toBe('b');
  });
});
