import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Plan } from '../plan/types';
import { diskPlanCache } from './plan-cache';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'br-plan-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const plan = (title: string): Plan => ({
  spec: { path: 'PROJECT_SPEC.md', title, hash: 'h' },
  features: [],
  tasks: [],
  graph: { levels: [], criticalPath: [], criticalPathMinutes: 0 },
  batches: [],
  diagnostics: [],
});

describe('diskPlanCache', () => {
  it('keeps one file per slot, holding the key it was made for', () => {
    const cache = diskPlanCache(join(dir, 'plans'));
    cache.set('slot', 'key-1', plan('one'));
    cache.set('slot', 'key-2', plan('two'));
    expect(readdirSync(join(dir, 'plans'))).toEqual(['slot.json']);
    expect(JSON.parse(readFileSync(join(dir, 'plans/slot.json'), 'utf8'))).toEqual({ key: 'key-2', plan: plan('two') });
    expect(cache.get('slot', 'key-2')).toEqual(plan('two'));
    expect(cache.get('slot', 'key-1')).toBeUndefined();
  });

  it('reads what another process wrote, and treats a damaged or missing file as a miss', () => {
    writeFileSync(join(dir, 'written.json'), JSON.stringify({ key: 'k', plan: plan('theirs') }));
    writeFileSync(join(dir, 'damaged.json'), '{"key": "k", "pla');
    const cache = diskPlanCache(dir);
    expect(cache.get('written', 'k')).toEqual(plan('theirs'));
    expect(cache.get('damaged', 'k')).toBeUndefined();
    expect(cache.get('missing', 'k')).toBeUndefined();
  });
});
