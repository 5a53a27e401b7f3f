import { DOMAINS, PRIORITIES, type Spec } from '../../spec/types';
import { type FeatureInput, makeSpec } from './spec-builder';

/** A small seeded generator (mulberry32): the same seed gives the same spec on every machine. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ['invoice', 'todo', 'note', 'user', 'report', 'search', 'upload', 'profile', 'widget', 'order'];
const REQUIREMENTS = [
  'Store each {n} in a table with a created_at column',
  '`GET /{n}s` lists every {n}',
  'A form to edit a {n}, disabled while saving',
  'README section on {n}s',
  'Tests for {n} edge cases',
  'Deploy the {n} worker with Docker',
  'Validate {n} input and reject empty titles',
  'Encrypt {n} data at rest',
  'Compute {n} totals per day',
  'Schema migrations for {n}s are idempotent',
];
const CRITERIA = ['Tests pass', 'A {n} round-trips', 'Invalid {n} gets 400', 'Lint passes', 'The page shows each {n}'];
const COMPONENTS = [
  'src/db/{n}.sql',
  'src/db/migrations/001_{n}.sql',
  'src/api/routes/{n}.ts',
  'src/server/{n}-handler.ts',
  'web/{n}.tsx',
  'web/{n}.css',
  'src/lib/{n}.ts',
  'test/{n}.test.ts',
  'docs/{n}.md',
  'Dockerfile',
  '.github/workflows/{n}.yml',
  'README.md',
];
const DURATIONS = [undefined, undefined, undefined, undefined, '90 min', '1 day', '2 days', '3 hours', 'half a day', '1-2 hours', '45m'];

export interface RandomSpecOptions {
  features: number;
  /** Let some features depend on later ones, which can close cycles. */
  cycles?: boolean;
}

/** A spec of random but plausible features: mixed domains, sizes, files, dependencies. */
export function randomSpec(seed: number, options: RandomSpecOptions): Spec {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const some = <T>(list: readonly T[], max: number): T[] => Array.from({ length: Math.floor(next() * (max + 1)) }, () => pick(list));
  const features: FeatureInput[] = [];
  for (let i = 0; i < options.features; i++) {
    const noun = pick(NOUNS);
    const fill = (template: string): string => template.replaceAll('{n}', noun);
    const dependsOn = new Set<string>();
    for (let d = Math.floor(next() * 4); d > 0 && i > 0; d--) {
      const target = options.cycles === true && next() < 0.1 ? Math.floor(next() * options.features) : Math.floor(next() * i);
      dependsOn.add(`f${target}`);
    }
    const duration = pick(DURATIONS);
    features.push({
      id: `f${i}`,
      title: `Feature ${i} ${noun}`,
      ...(next() < 0.7 ? { priority: pick(PRIORITIES) } : {}),
      ...(next() < 0.5 ? { domain: pick(DOMAINS) } : {}),
      ...(duration === undefined ? {} : { duration }),
      requirements: [...new Set(some(REQUIREMENTS, 7).map(fill))].map((text) => ({ text, done: next() < 0.2 })),
      acceptance: [...new Set(some(CRITERIA, 4).map(fill))].map((text) => ({ text, done: next() < 0.2 })),
      components: [...new Set(some(COMPONENTS, 6).map(fill))].map((path) => ({
        path,
        action: pick(['create', 'create', 'update', 'reference'] as const),
      })),
      dependsOn: [...dependsOn].filter((id) => options.cycles === true || id !== `f${i}`),
      verify: next() < 0.3 ? [`node --test test/${noun}.test.ts`, 'npm run lint'] : [],
    });
  }
  return makeSpec(features);
}
