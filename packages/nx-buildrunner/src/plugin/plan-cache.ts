import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../plan/types';

/**
 * Plans on disk, so that a second `nx show projects` (a new process, or a fresh plugin worker)
 * reads a plan instead of parsing and planning the spec again. One file per slot (a spec with one
 * set of planning options) keeps the cache as small as the workspace's specs; the key stored
 * inside says which spec bytes the plan belongs to.
 */

interface Entry {
  key: string;
  plan: Plan;
}

export interface PlanCache {
  get(slot: string, key: string): Plan | undefined;
  set(slot: string, key: string, plan: Plan): void;
}

/**
 * The daemon and a long-lived plugin worker call createNodes again and again: entries read or
 * written once stay in memory, so those calls skip reading and parsing the file. At most one
 * entry per cache file, like the disk.
 */
const memory = new Map<string, Entry>();

export function diskPlanCache(directory: string): PlanCache {
  const file = (slot: string) => join(directory, `${slot}.json`);
  return {
    get(slot, key) {
      const path = file(slot);
      const remembered = memory.get(path);
      if (remembered?.key === key) return remembered.plan;
      try {
        const entry = JSON.parse(readFileSync(path, 'utf8')) as Entry;
        if (entry.key !== key) return undefined;
        memory.set(path, entry);
        return entry.plan;
      } catch {
        // Missing, half-written by a killed process, or from an older layout: plan again.
        return undefined;
      }
    },
    set(slot, key, plan) {
      const path = file(slot);
      mkdirSync(directory, { recursive: true });
      // Several Nx processes may plan the same spec at once; rename makes the last one win whole.
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify({ key, plan } satisfies Entry));
      renameSync(temp, path);
      memory.set(path, { key, plan });
    },
  };
}
