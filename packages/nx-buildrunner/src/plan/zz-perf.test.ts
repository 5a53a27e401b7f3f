import { it } from 'vitest';
import { randomSpec } from './__fixtures__/random-spec';
import { planSpec } from './plan';
import { stringifyPlan } from './json';

it('perf', () => {
  for (const n of [1000, 10000, 10000, 20000]) {
    const spec = randomSpec(7, { features: n });
    const t0 = performance.now();
    const plan = planSpec(spec);
    const t1 = performance.now();
    const s = stringifyPlan(plan);
    const t2 = performance.now();
    console.log(n, plan.tasks.length, 'plan', (t1 - t0).toFixed(0), 'ms', 'json', (t2 - t1).toFixed(0), s.length, plan.batches.length, plan.graph.levels.length);
  }
});
