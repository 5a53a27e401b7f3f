import { describe, expect, it } from 'vitest';
import { error, warning } from '../spec/diagnostic';
import { batchViolations, uncovered } from './__fixtures__/check-plan';
import { random, randomSpec } from './__fixtures__/random-spec';
import { type FeatureInput, makeSpec } from './__fixtures__/spec-builder';
import { stringifyPlan } from './json';
import { planSpec } from './plan';

const todo: FeatureInput[] = [
  {
    id: 'task-storage',
    title: 'Task Storage',
    priority: 'critical',
    domain: 'database',
    requirements: ['Table `todos` with id, title, done flag', 'Repository functions: create, list, toggle, delete'],
    components: ['src/db/schema.sql', 'src/db/todo-repository.ts'],
    acceptance: ['Repository round-trips a to-do item', 'Tests pass'],
  },
  {
    id: 'rest-api',
    title: 'REST API',
    priority: 'high',
    domain: 'backend',
    dependsOn: ['task-storage'],
    requirements: ['`GET /todos` lists items', '`POST /todos` validates the title'],
    components: ['src/api/server.ts'],
    acceptance: ['Tests pass'],
  },
  {
    id: 'web-client',
    title: 'Web Client',
    priority: 'high',
    domain: 'frontend',
    dependsOn: ['rest-api'],
    requirements: ['List view', 'Form to add an item'],
    components: ['web/index.html', 'web/app.ts'],
  },
  {
    id: 'docs',
    title: 'Documentation',
    priority: 'medium',
    domain: 'docs',
    dependsOn: ['rest-api', 'web-client'],
    requirements: ['Setup instructions'],
    components: ['README.md'],
  },
];

describe('planSpec', () => {
  it('plans a small spec into tasks, levels, a critical path and batches', () => {
    const plan = planSpec(makeSpec(todo), { defaultVerify: ['npm test'] });
    expect(plan.tasks.map((t) => [t.id, t.domain, t.complexity, t.estimateMinutes, t.dependsOn])).toEqual([
      ['task-storage', 'database', 'medium', 90, []],
      ['rest-api', 'backend', 'simple', 60, ['task-storage']],
      ['web-client', 'frontend', 'simple', 60, ['rest-api']],
      ['docs', 'docs', 'simple', 60, ['rest-api', 'web-client']],
    ]);
    expect(plan.tasks.every((t) => t.verify.join() === 'npm test' && /^[0-9a-f]{16}$/.test(t.hash))).toBe(true);
    expect(plan.graph).toEqual({
      levels: [['task-storage'], ['rest-api'], ['web-client'], ['docs']],
      criticalPath: ['task-storage', 'rest-api', 'web-client', 'docs'],
      criticalPathMinutes: 270,
    });
    expect(plan.batches).toEqual([
      { id: 'b01', domain: 'database', tasks: ['task-storage'], minutes: 90 },
      { id: 'b02', domain: 'backend', tasks: ['rest-api'], minutes: 60 },
      { id: 'b03', domain: 'frontend', tasks: ['web-client'], minutes: 60 },
      { id: 'b04', domain: 'docs', tasks: ['docs'], minutes: 60 },
    ]);
    expect(plan.spec).toEqual({ path: 'PROJECT_SPEC.md', title: 'Test Spec', hash: 'f'.repeat(64) });
    expect(plan.diagnostics).toEqual([]);
  });

  it('reports a cycle of features naming each with its line, and still returns a plan', () => {
    const spec = makeSpec([
      { id: 'accounts', title: 'Accounts', line: 5, dependsOn: ['audit-log'], requirements: ['Sign up with email and password'] },
      { id: 'sessions', title: 'Sessions', line: 11, dependsOn: ['accounts'], requirements: ['Log in and log out'] },
      { id: 'audit-log', title: 'Audit Log', line: 17, dependsOn: ['sessions'], requirements: ['Record every login'] },
      { id: 'free', line: 23, requirements: ['Independent'] },
    ]);
    const plan = planSpec(spec);
    expect(plan.diagnostics).toEqual([
      error('dependency cycle: accounts (line 5) -> audit-log (line 17) -> sessions (line 11) -> accounts', 5),
    ]);
    expect(plan.tasks.map((t) => t.id)).toEqual(['accounts', 'sessions', 'audit-log', 'free']);
    expect(plan.graph.levels).toEqual([['free']]);
    expect(plan.batches.map((b) => b.tasks)).toEqual([['free']]);
  });

  it('names all of a 10,000-feature cycle without overflowing the stack', () => {
    const n = 10_000;
    const spec = makeSpec(Array.from({ length: n }, (_, i) => ({ id: `f${i}`, dependsOn: [`f${(i + 1) % n}`] })));
    const plan = planSpec(spec);
    expect(plan.diagnostics).toHaveLength(1);
    const message = plan.diagnostics[0]?.message ?? '';
    expect(message.startsWith('dependency cycle: f0 (line 3) -> f1 (line 6) -> ')).toBe(true);
    expect(message.split(' -> ')).toHaveLength(n + 1);
    expect(plan.tasks).toHaveLength(n);
  });

  it('reports an unknown feature dependency at the line of the reference', () => {
    const spec = makeSpec([{ id: 'a' }, { id: 'b', dependsOn: ['a'] }]);
    const b = spec.features[1];
    if (b === undefined) throw new Error('no feature');
    b.dependsOn = ['a', 'ghost'];
    b.dependencyRefs = [
      { text: 'Feature 1', line: 7, resolved: ['a'] },
      { text: 'Ghost', line: 8, resolved: ['ghost'] },
    ];
    const plan = planSpec(spec);
    expect(plan.diagnostics).toEqual([error('feature "b" depends on unknown feature "ghost"', 8)]);
    expect(plan.tasks[1]?.dependsOn).toEqual(['a']);
  });

  it('reports features that give two tasks one id, and keeps the first', () => {
    const spec = makeSpec([
      { id: 'auth', line: 3, requirements: ['x'] },
      { id: 'auth', line: 9, requirements: ['y'] },
    ]);
    const plan = planSpec(spec);
    expect(plan.diagnostics).toEqual([error('duplicate task id "auth" (first at line 3)', 9)]);
    expect(plan.tasks.map((t) => [t.id, t.line])).toEqual([['auth', 3]]);
  });

  it("merges the spec's diagnostics with the planner's, by line", () => {
    const spec = makeSpec([{ id: 'a', line: 10, dependsOn: ['a'] }]);
    spec.diagnostics = [warning('ambiguous reference', 20), warning('no title', 0)];
    expect(planSpec(spec).diagnostics.map((d) => d.line)).toEqual([0, 10, 20]);
  });

  it('leaves ids and hashes of other features alone when one feature is edited', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const before = randomSpec(seed, { features: 40 });
      const after = randomSpec(seed, { features: 40 });
      const edited = after.features[seed % 40];
      if (edited === undefined) throw new Error('no feature');
      edited.requirements = [...edited.requirements, { id: `${edited.id}.r99`, text: 'One more thing', line: 1, done: false }];
      edited.description = 'Edited';
      // The edit pushes every later feature down the file: lines must not matter.
      for (const f of after.features.slice((seed % 40) + 1)) f.line += 3;

      const old = new Map(planSpec(before).tasks.map((t) => [t.id, t]));
      for (const task of planSpec(after).tasks.filter((t) => t.featureId !== edited.id)) {
        const was = old.get(task.id);
        expect(was?.id).toBe(task.id);
        if (was?.dependsOn.join() === task.dependsOn.join()) expect(task.hash).toBe(was.hash);
      }
      const ids = (spec: typeof before) => planSpec(spec).tasks.filter((t) => t.featureId !== edited.id).map((t) => t.id);
      expect(ids(after)).toEqual(ids(before));
    }
  });

  it('gives a task a new hash when its own definition changes', () => {
    const a = planSpec(makeSpec([{ id: 'a', requirements: ['x'] }])).tasks[0];
    const b = planSpec(makeSpec([{ id: 'a', requirements: ['x'], verify: ['npm test'] }])).tasks[0];
    expect(a?.hash).not.toBe(b?.hash);
  });

  it('covers every requirement and criterion and keeps the batch rules on random specs', () => {
    for (let seed = 100; seed < 130; seed++) {
      const spec = randomSpec(seed, { features: 50, cycles: seed % 3 === 0 });
      const plan = planSpec(spec);
      expect(uncovered(spec, plan)).toEqual([]);
      expect(batchViolations(plan)).toEqual([]);
      expect(plan.diagnostics.every((d) => d.severity === 'error' && d.message.startsWith('dependency cycle'))).toBe(true);
    }
  });

  it('plans an empty spec and features with nothing in them', () => {
    expect(planSpec(makeSpec([]))).toMatchObject({ tasks: [], batches: [], graph: { levels: [], criticalPath: [] } });
    const plan = planSpec(makeSpec([{ id: 'bare' }]));
    expect(plan.tasks.map((t) => [t.id, t.estimateMinutes, t.requirements, t.acceptance])).toEqual([['bare', 60, [], []]]);
  });

  it('never throws on mangled specs and always reports errors with lines', () => {
    const odd = ['', ' ', 'ünïcödé 日本語 требования', 'x'.repeat(20_000), '`', '../../etc/passwd', 'a\u0000b', '🙂'];
    for (let seed = 1; seed <= 30; seed++) {
      const next = random(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
      const spec = randomSpec(seed, { features: 30, cycles: true });
      for (const feature of spec.features) {
        if (next() < 0.1) feature.id = pick(spec.features).id;
        if (next() < 0.1) feature.id = pick(odd);
        if (next() < 0.1) feature.dependsOn = [...feature.dependsOn, pick(odd), feature.id];
        if (next() < 0.2) feature.title = pick(odd);
        if (next() < 0.1) feature.duration = pick(['0 min', '9999 weeks', '-3 days', pick(odd)]);
        for (const r of feature.requirements) if (next() < 0.2) r.text = pick(odd);
        for (const c of feature.components) if (next() < 0.2) c.path = pick(odd);
      }
      const plan = planSpec(spec);
      expect(() => stringifyPlan(plan)).not.toThrow();
      expect(batchViolations(plan)).toEqual([]);
      for (const d of plan.diagnostics) expect(d.line).toBeGreaterThanOrEqual(0);
      for (const t of plan.tasks) expect([60, 90, 120]).toContain(t.estimateMinutes);
    }
  });
});
