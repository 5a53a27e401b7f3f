/**
 * Labelled fields: `**Priority:** High`. The label may carry its colon inside or outside the
 * bold (`**Goal**: ...` is Spec Kit's habit), any case, and a few synonyms. Without bold, only
 * labels from the vocabulary count (`Depends on: Feature 1`), so prose such as `Note: ...` stays prose.
 */
export type FieldKind =
  | 'priority'
  | 'status'
  | 'duration'
  | 'domain'
  | 'description'
  | 'requirements'
  | 'implementation'
  | 'acceptance'
  | 'depends'
  | 'verify';

/** Fields whose value is a single word or phrase on the label's line. */
export const SCALAR_FIELDS: ReadonlySet<FieldKind> = new Set(['priority', 'status', 'duration', 'domain']);

const VOCABULARY: Record<string, FieldKind> = {
  priority: 'priority',
  status: 'status',
  state: 'status',
  duration: 'duration',
  estimate: 'duration',
  effort: 'duration',
  'time estimate': 'duration',
  domain: 'domain',
  description: 'description',
  summary: 'description',
  overview: 'description',
  goal: 'description',
  purpose: 'description',
  requirements: 'requirements',
  requirement: 'requirements',
  'functional requirements': 'requirements',
  features: 'requirements',
  scope: 'requirements',
  deliverables: 'requirements',
  implementation: 'implementation',
  'implementation notes': 'implementation',
  components: 'implementation',
  files: 'implementation',
  'acceptance criteria': 'acceptance',
  acceptance: 'acceptance',
  criteria: 'acceptance',
  'success criteria': 'acceptance',
  'definition of done': 'acceptance',
  'done when': 'acceptance',
  'independent test': 'acceptance',
  checkpoint: 'acceptance',
  'verification gate': 'acceptance',
  'depends on': 'depends',
  depends: 'depends',
  dependencies: 'depends',
  dependency: 'depends',
  prerequisites: 'depends',
  requires: 'depends',
  'blocked by': 'depends',
  verify: 'verify',
  'verify with': 'verify',
  verification: 'verify',
  commands: 'verify',
  checks: 'verify',
};

export function fieldOf(label: string): FieldKind | undefined {
  return VOCABULARY[normaliseLabel(label)];
}

export function normaliseLabel(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export interface LabelledLine {
  /** The label as written, without markup or colon. */
  label: string;
  field?: FieldKind;
  /** The rest of the line, Markdown as written. */
  value: string;
}

const BOLD_LABEL = /^(\*\*|__)([^*_]{1,60}?)\1[ \t]*(:?)[ \t]*(.*)$/;
const PLAIN_LABEL = /^([A-Za-z][A-Za-z &/-]{0,40}?)[ \t]*:[ \t]*(.*)$/;

/**
 * The label at the start of a line of Markdown, if the line is a labelled field. In list items
 * only bold labels count: a requirement may well begin "Status: shows ...".
 */
export function matchLabel(line: string, { boldOnly = false } = {}): LabelledLine | undefined {
  const bold = BOLD_LABEL.exec(line);
  if (bold) {
    const inner = (bold[2] ?? '').trim();
    const colonInside = inner.endsWith(':');
    const label = colonInside ? inner.slice(0, -1).trim() : inner;
    const value = (bold[4] ?? '').trim();
    const field = fieldOf(label);
    // `**Why first?** Because...` is emphasis, not a label; a bare known label (`**Requirements**`) is one.
    if (label && (colonInside || bold[3] === ':' || (value === '' && field))) return labelled(label, field, value);
    return undefined;
  }
  const plain = boldOnly ? null : PLAIN_LABEL.exec(line);
  if (plain) {
    const field = fieldOf(plain[1] ?? '');
    if (field) return labelled((plain[1] ?? '').trim(), field, (plain[2] ?? '').trim());
  }
  return undefined;
}

function labelled(label: string, field: FieldKind | undefined, value: string): LabelledLine {
  return field ? { label, field, value } : { label, value };
}
