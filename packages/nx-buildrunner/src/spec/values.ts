import { plainText } from './inline-text';
import type { Domain, Priority } from './types';

/**
 * Priority as written to one of four levels: the words themselves and a few synonyms,
 * `P0`..`P3` (P0 is the most urgent), and MoSCoW's must/should/could/won't.
 */
const PRIORITY_WORDS: Record<string, Priority> = {
  critical: 'critical',
  blocker: 'critical',
  urgent: 'critical',
  highest: 'critical',
  p0: 'critical',
  high: 'high',
  important: 'high',
  p1: 'high',
  must: 'high',
  medium: 'medium',
  normal: 'medium',
  moderate: 'medium',
  mid: 'medium',
  p2: 'medium',
  should: 'medium',
  low: 'low',
  lowest: 'low',
  minor: 'low',
  p3: 'low',
  p4: 'low',
  could: 'low',
  won: 'low',
  wont: 'low',
};

const DOMAIN_WORDS: Record<string, Domain> = {
  frontend: 'frontend',
  'front-end': 'frontend',
  front: 'frontend',
  ui: 'frontend',
  web: 'frontend',
  client: 'frontend',
  mobile: 'frontend',
  backend: 'backend',
  'back-end': 'backend',
  back: 'backend',
  api: 'backend',
  server: 'backend',
  service: 'backend',
  database: 'database',
  db: 'database',
  data: 'database',
  schema: 'database',
  storage: 'database',
  persistence: 'database',
  infra: 'infra',
  infrastructure: 'infra',
  devops: 'infra',
  ops: 'infra',
  ci: 'infra',
  deployment: 'infra',
  platform: 'infra',
  docs: 'docs',
  doc: 'docs',
  documentation: 'docs',
  test: 'test',
  tests: 'test',
  testing: 'test',
  qa: 'test',
  general: 'general',
  fullstack: 'general',
  'full-stack': 'general',
};

/** The first word of a value, lower case, without markup, emoji or punctuation around it. */
function firstWord(raw: string): string {
  const match = /[\p{L}\p{N}][\p{L}\p{N}-]*/u.exec(plainText(raw).toLowerCase());
  return match ? match[0] : '';
}

export function normalisePriority(raw: string): Priority | undefined {
  return PRIORITY_WORDS[firstWord(raw)];
}

export function normaliseDomain(raw: string): Domain | undefined {
  return DOMAIN_WORDS[firstWord(raw)];
}
