import { describe, expect, it } from 'vitest';
import type { Domain, Priority } from '../spec/types';
import { batchTasks } from './batch';
import { batchViolations } from './__fixtures__/check-plan';
import { randomSpec } from './__fixtures__/random-spec';
import { dependencyGraph } from './graph';
import { planSpec } from './plan';
import type { Complexity, EstimateMinutes } from './types';

interface Input {
  id: string;
  domain?: Domain;
  complexity?: Complexity;
  estimateMinutes?: EstimateMinutes;
  priority?: Priority;
  dependsOn?: string[];
}

function batch(inputs: Input[]) {
  const tasks = inputs.map((t, i) => ({
    id: t.id,
    domain: t.domain ?? 'backend',
    complexity: t.complexity ?? 'simple',
    estimateMinutes: t.estimateMinutes ?? 60,
    priority: t.priority ?? 'medium',
    dependsOn: t.dependsOn ?? [],
    line: i + 1,
  }));
  return batchTasks(tasks, dependencyGraph(tasks).graph).map((b) => b.tasks);
}

describe('batchTasks', () => {
  it('puts up to three simple tasks of a domain together', () => {
    expect(batch([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }])).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('puts two medium tasks together, or a medium and a simple, never a medium and two simple', () => {
    expect(batch([{ id: 'a', complexity: 'medium', estimateMinutes: 90 }, { id: 'b', complexity: 'medium', estimateMinutes: 90 }, { id: 'c', complexity: 'medium', estimateMinutes: 90 }])).toEqual([['a', 'b'], ['c']]);
    expect(batch([{ id: 'm', complexity: 'medium', estimateMinutes: 90 }, { id: 's1' }, { id: 's2' }])).toEqual([['m', 's1'], ['s2']]);
  });

  it('runs complex and critical tasks alone', () => {
    expect(batch([{ id: 'a', complexity: 'complex', estimateMinutes: 120 }, { id: 'b' }, { id: 'c', complexity: 'critical' }])).toEqual([['a'], ['b'], ['c']]);
  });

  it('never mixes domains', () => {
    expect(batch([{ id: 'api', domain: 'backend' }, { id: 'ui', domain: 'frontend' }, { id: 'db', domain: 'database' }, { id: 'api2', domain: 'backend' }])).toEqual([['api', 'api2'], ['ui'], ['db']]);
  });

  it('keeps a batch within 240 minutes', () => {
    const long = { complexity: 'simple' as const, estimateMinutes: 90 as const };
    expect(batch([{ id: 'a', ...long }, { id: 'b', ...long }, { id: 'c', ...long }])).toEqual([['a', 'b'], ['c']]);
  });

  it('puts a task after the batches of its dependencies, never with them', () => {
    expect(batch([{ id: 'a' }, { id: 'b', dependsOn: ['a'] }, { id: 'c' }, { id: 'd', dependsOn: ['b'] }])).toEqual([['a', 'c'], ['b'], ['d']]);
  });

  it('starts each batch from the ready task of highest priority', () => {
    expect(
      batch([
        { id: 'low', priority: 'low', domain: 'docs' },
        { id: 'base', priority: 'high' },
        { id: 'top', priority: 'critical', domain: 'frontend', dependsOn: ['base'] },
        { id: 'mid', priority: 'medium', domain: 'test' },
      ]),
    ).toEqual([['base'], ['top'], ['mid'], ['low']]);
  });

  it('leaves out cycle members and what waits on them', () => {
    expect(batch([{ id: 'a', dependsOn: ['b'] }, { id: 'b', dependsOn: ['a'] }, { id: 'c' }, { id: 'd', dependsOn: ['a'] }])).toEqual([['c']]);
  });

  it('numbers batches b01, b02, ...', () => {
    const tasks = Array.from({ length: 12 }, (_, i) => ({ id: `t${i}`, domain: 'docs' as const, complexity: 'complex' as const, estimateMinutes: 120 as const, priority: 'low' as const, dependsOn: [], line: i }));
    expect(batchTasks(tasks, dependencyGraph(tasks).graph).map((b) => b.id).slice(8)).toEqual(['b09', 'b10', 'b11', 'b12']);
  });

  it('keeps every rule on many random plans, with and without cycles', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const plan = planSpec(randomSpec(seed, { features: 60, cycles: seed % 2 === 0 }));
      expect(batchViolations(plan)).toEqual([]);
      expect(plan.batches.length).toBeGreaterThan(0);
    }
  });

  it('gives the same batches for the same plan', () => {
    const spec = randomSpec(99, { features: 200 });
    expect(planSpec(spec).batches).toEqual(planSpec(spec).batches);
  });
});
