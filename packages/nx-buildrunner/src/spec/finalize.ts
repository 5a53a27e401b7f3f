import { type Diagnostic, error, warning } from './diagnostic';
import { mergeComponents } from './components';
import type { DraftRef, FeatureDraft, WrittenValue } from './draft';
import { assignIds } from './feature-ids';
import { FeatureIndex, type Resolution } from './feature-index';
import { normaliseDomain, normalisePriority } from './values';
import type { DependencyRef, Feature, Requirement } from './types';

const NO_DEPENDENCY = /^(?:none|n\/?a|nothing|no dependencies|-+|—|–)$/i;
const LIST_SEPARATOR = /\s*[,;]\s*|\s+and\s+|\s*&\s*/i;

/**
 * The rules every layout shares: ids, requirement ids, dependency resolution and its
 * diagnostics, normalised priority and domain, and nothing silently dropped (a feature with only
 * a description gets it as its one requirement).
 */
export function finalizeFeatures(written: readonly FeatureDraft[]): { features: Feature[]; diagnostics: Diagnostic[] } {
  const drafts = written.map((d, i) => (d.title ? d : { ...d, title: d.number !== undefined ? `Feature ${d.number}` : `Feature ${i + 1}` }));
  const { ids, diagnostics } = assignIds(drafts);
  const index = new FeatureIndex(drafts.map((d, i) => ({ ...d, id: ids[i]! })));
  const features = drafts.map((draft, i) => {
    const id = ids[i]!;
    const resolver = new RefResolver(index, ids, i, draft.title, diagnostics);
    const dependencyRefs = draft.refs.flatMap((ref) => resolver.resolve(ref));
    return buildFeature(draft, id, dependencyRefs, diagnostics);
  });
  return { features, diagnostics };
}

function buildFeature(draft: FeatureDraft, id: string, dependencyRefs: DependencyRef[], diagnostics: Diagnostic[]): Feature {
  const description = draft.description.map((d) => d.text).join('\n\n');
  const written = draft.requirements.length > 0 || draft.acceptance.length > 0 || !description
    ? draft.requirements
    : [{ text: draft.description.map((d) => d.text).join(' '), line: draft.description[0]!.line, done: false }];
  const requirements: Requirement[] = written.map((r, n) => {
    const requirement: Requirement = { id: `${id}.r${n + 1}`, text: r.text, line: r.line, done: r.done };
    if (r.parallel) requirement.parallel = true;
    return requirement;
  });
  if (requirements.length === 0 && draft.acceptance.length === 0 && draft.components.length === 0 && draft.verify.length === 0) {
    diagnostics.push(warning(`feature '${draft.title}' has no requirements, acceptance criteria or description`, draft.line));
  }
  const dependsOn = [...new Set(dependencyRefs.flatMap((r) => r.resolved))].filter((d) => d !== id);
  const priority = draft.priority && checked(draft.priority, normalisePriority(draft.priority.text), 'priority', PRIORITY_HINT, diagnostics);
  const domain = draft.domain && checked(draft.domain, normaliseDomain(draft.domain.text), 'domain', DOMAIN_HINT, diagnostics);
  return {
    id,
    ...(draft.number !== undefined && { number: draft.number }),
    title: draft.title,
    line: draft.line,
    endLine: Math.max(draft.line, draft.endLine),
    ...(draft.group && { group: draft.group }),
    ...(priority && { priority }),
    ...(draft.status && { status: draft.status.text }),
    ...(draft.duration && { duration: draft.duration.text }),
    ...(domain && { domain }),
    ...(description && { description }),
    requirements,
    acceptance: draft.acceptance,
    components: mergeComponents(draft.components),
    dependencyRefs,
    dependsOn,
    verify: [...new Set(draft.verify)],
    ...(draft.parallel && { parallel: true }),
    hash: draft.hash,
  };
}

const PRIORITY_HINT = 'critical, high, medium, low or P0-P3';
const DOMAIN_HINT = 'frontend, backend, database, infra, docs, test or general';

function checked<T>(written: WrittenValue, value: T | undefined, what: string, hint: string, diagnostics: Diagnostic[]): T | undefined {
  if (value === undefined) diagnostics.push(warning(`unknown ${what} '${written.text}' (use ${hint})`, written.line));
  return value;
}

/** Resolves one feature's references and reports what cannot be resolved, as its kind deserves. */
class RefResolver {
  constructor(
    private readonly index: FeatureIndex,
    private readonly ids: readonly string[],
    private readonly self: number,
    private readonly title: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  resolve(ref: DraftRef): DependencyRef[] {
    if (ref.kind === 'fixed') return [{ text: ref.text, line: ref.line, resolved: ref.targets.map((t) => this.ids[t]!) }];
    const text = ref.text.trim();
    if (!text || NO_DEPENDENCY.test(text)) return [];
    const whole = this.index.resolve(text);
    const parts = text.split(LIST_SEPARATOR).filter(Boolean);
    if (whole.kind === 'resolved' || parts.length < 2) return this.report(ref, text, whole);
    return parts.flatMap((part) => this.report(ref, part, this.index.resolve(part)));
  }

  private report(ref: Exclude<DraftRef, { kind: 'fixed' }>, text: string, resolution: Resolution): DependencyRef[] {
    const explicit = ref.kind === 'explicit';
    const others = (list: number[]) => list.filter((t) => t !== this.self);
    if (resolution.kind === 'resolved') {
      const targets = others(resolution.targets);
      if (targets.length < resolution.targets.length && explicit) {
        this.diagnostics.push(error(`feature '${this.title}' depends on itself ('${text}')`, ref.line));
      }
      if (targets.length === 0) return [];
      return [{ text, line: ref.line, resolved: targets.map((t) => this.ids[t]!) }];
    }
    if (resolution.kind === 'ambiguous') {
      const candidates = others(resolution.candidates);
      if (candidates.length === 1) return [{ text, line: ref.line, resolved: [this.ids[candidates[0]!]!] }];
      const names = candidates.slice(0, 4).map((c) => `'${this.ids[c]}'`).join(', ');
      const message = `dependency '${text}' of feature '${this.title}' is ambiguous: it matches ${names}; name the feature exactly`;
      this.diagnostics.push(explicit ? error(message, ref.line) : warning(message, ref.line));
      return [{ text, line: ref.line, resolved: [] }];
    }
    if (explicit) {
      this.diagnostics.push(error(`feature '${this.title}' depends on unknown feature '${text}'`, ref.line));
      return [{ text, line: ref.line, resolved: [] }];
    }
    if (ref.strength === 'weak') return [];
    this.diagnostics.push(warning(`feature '${this.title}' seems to depend on '${text}', which matches no feature`, ref.line));
    return [{ text, line: ref.line, resolved: [] }];
  }
}
