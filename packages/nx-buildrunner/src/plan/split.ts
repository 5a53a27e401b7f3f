import type { AcceptanceCriterion, Component, Domain, Feature, Requirement } from '../spec/types';
import { pathDomain, textDomain } from './domain';
import { MAX_TASK_MINUTES, WORK, componentWork } from './estimate';
import { ComponentMatcher } from './match';

/** One task's share of a feature. */
export interface Part {
  /** Id suffix (`api`, `schema-2`); empty when the part is the whole feature. */
  slug: string;
  /** What the part builds, for titles (`API`, `UI (2 of 3)`); empty for the whole feature. */
  label: string;
  domain: Domain;
  components: Component[];
  requirements: Requirement[];
  acceptance: AcceptanceCriterion[];
  /** Minutes of work, before rounding to an estimate. */
  minutes: number;
}

/** The order a split feature is built in: storage, logic, interfaces, then what checks and explains them. */
const PART_ORDER: readonly Domain[] = ['database', 'general', 'backend', 'frontend', 'infra', 'test', 'docs'];

const PART_SLUG: Readonly<Record<Domain, string>> = {
  database: 'schema',
  general: 'core',
  backend: 'api',
  frontend: 'ui',
  infra: 'infra',
  test: 'tests',
  docs: 'docs',
};

const PART_LABEL: Readonly<Record<Domain, string>> = {
  database: 'schema and migrations',
  general: 'core',
  backend: 'API',
  frontend: 'UI',
  infra: 'infrastructure',
  test: 'tests',
  docs: 'docs',
};

const GENERIC_CRITERION =
  /^((all |the )?(unit |integration |e2e |end-to-end )?(tests?|test suite|build|lint|linting|linter|type ?checks?|type ?checking|ci|checks)( still)? (pass|passes|passing|are passing|succeeds?|is green|are green|stays? green|clean)|no (lint|type|typescript|compiler) (errors|warnings))( (in|on) ci| locally| again)?[.!]?$/i;

/**
 * A criterion about the whole codebase ("Tests pass") rather than about one behaviour. Every
 * part of a split feature is merged on its own, so each part must meet such a criterion.
 */
export function isGenericCriterion(text: string): boolean {
  return GENERIC_CRITERION.test(text.trim());
}

/** A file with the requirements and criteria about it, or a lone requirement of a feature without files. */
interface Unit {
  domain: Domain;
  component?: Component;
  requirements: Requirement[];
  acceptance: AcceptanceCriterion[];
  weight: number;
}

interface Group {
  units: Unit[];
  /** Requirements of the group's domain that name none of its files. */
  loose: Requirement[];
}

function whole(feature: Feature, domain: Domain, components: readonly Component[], minutes: number): Part[] {
  return [
    {
      slug: '',
      label: '',
      domain,
      components: [...components],
      requirements: [...feature.requirements],
      acceptance: [...feature.acceptance],
      minutes,
    },
  ];
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** Consecutive runs of units, as even by weight as whole units allow, none empty. */
function partition(units: readonly Unit[], count: number): Unit[][] {
  const total = sum(units.map((u) => u.weight));
  const chunks: Unit[][] = [];
  let next = 0;
  let done = 0;
  for (let k = 0; k < count; k++) {
    const chunk: Unit[] = [];
    const target = (total * (k + 1)) / count;
    const leave = count - k - 1;
    for (let unit = units[next]; unit !== undefined && next < units.length - leave; unit = units[next]) {
      if (chunk.length > 0 && leave > 0 && done + unit.weight / 2 > target) break;
      chunk.push(unit);
      done += unit.weight;
      next++;
    }
    chunks.push(chunk);
  }
  return chunks;
}

/** The first of `count` slots with the smallest size. */
function smallest(count: number, size: (k: number) => number): number {
  let best = 0;
  for (let k = 1; k < count; k++) if (size(k) < size(best)) best = k;
  return best;
}

/**
 * Splits a feature with more than one task's work along its files' domains, in build order,
 * and a domain with more than one task's work along its files (or, without files, its
 * requirements). Each requirement goes with the file it names, else with its domain's part,
 * else with the feature's main part; each criterion with the file it names, else with the last
 * part that is not docs (where the feature's behaviour is complete), and generic criteria with
 * every part. A feature that cannot be divided stays whole, however large.
 */
export function splitFeature(
  feature: Feature,
  domain: Domain,
  components: readonly Component[],
  minutes: number,
): Part[] {
  if (minutes <= MAX_TASK_MINUTES) return whole(feature, domain, components, minutes);

  const groups = new Map<Domain, Group>();
  const groupOf = (domainOfGroup: Domain): Group => {
    const existing = groups.get(domainOfGroup);
    if (existing !== undefined) return existing;
    const created: Group = { units: [], loose: [] };
    groups.set(domainOfGroup, created);
    return created;
  };

  const fileUnits = components.map((component): Unit => {
    const own = pathDomain(component.path);
    const unitDomain = own === 'general' ? domain : own;
    const unit: Unit = { domain: unitDomain, component, requirements: [], acceptance: [], weight: componentWork(component) };
    groupOf(unitDomain).units.push(unit);
    return unit;
  });
  const main = groups.has(domain)
    ? domain
    : (PART_ORDER.find((d) => groups.has(d) && d !== 'test' && d !== 'docs') ??
      PART_ORDER.find((d) => groups.has(d)) ??
      domain);

  const matcher = new ComponentMatcher(components);
  // Of files a text matches equally, the one of the domain its words point to, else the one
  // with the least attached so far.
  const fileFor = (text: string, load: (u: Unit) => number): Unit | undefined => {
    const candidates = matcher.match(text).map((i) => fileUnits[i] as Unit);
    if (candidates.length < 2) return candidates[0];
    const said = textDomain(text);
    const preferred = candidates.filter((u) => u.domain === said);
    const pool = preferred.length > 0 ? preferred : candidates;
    return pool.reduce<Unit | undefined>((best, u) => (best === undefined || load(u) < load(best) ? u : best), undefined);
  };

  for (const requirement of feature.requirements) {
    const file = fileFor(requirement.text, (u) => u.requirements.length);
    if (file !== undefined) {
      file.requirements.push(requirement);
      file.weight += WORK.requirement;
      continue;
    }
    const said = textDomain(requirement.text);
    if (fileUnits.length === 0) {
      const own = said ?? domain;
      groupOf(own).units.push({ domain: own, requirements: [requirement], acceptance: [], weight: WORK.requirement });
    } else {
      groupOf(said !== undefined && groups.has(said) ? said : main).loose.push(requirement);
    }
  }

  const everywhere: AcceptanceCriterion[] = [];
  const last: AcceptanceCriterion[] = [];
  for (const criterion of feature.acceptance) {
    if (isGenericCriterion(criterion.text)) {
      everywhere.push(criterion);
      continue;
    }
    const file = fileFor(criterion.text, (u) => u.acceptance.length);
    if (file === undefined) {
      last.push(criterion);
      continue;
    }
    file.acceptance.push(criterion);
    file.weight += WORK.criterion;
  }

  const weightOf = (g: Group): number => sum(g.units.map((u) => u.weight)) + g.loose.length * WORK.requirement;
  const totalWeight = sum([...groups.values()].map(weightOf));
  const parts: Part[] = [];
  for (const d of PART_ORDER) {
    const group = groups.get(d);
    if (group === undefined) continue;
    const groupWeight = weightOf(group);
    const groupMinutes = totalWeight > 0 ? (minutes * groupWeight) / totalWeight : 0;
    const count = Math.max(1, Math.min(Math.ceil(groupMinutes / MAX_TASK_MINUTES), group.units.length));
    const chunks = partition(group.units, count);
    const requirements = chunks.map((chunk) => chunk.flatMap((u) => u.requirements));
    const looseCount = chunks.map(() => 0);
    for (const requirement of group.loose) {
      const k = smallest(chunks.length, (i) => requirements[i]?.length ?? 0);
      requirements[k]?.push(requirement);
      looseCount[k] = (looseCount[k] ?? 0) + 1;
    }
    chunks.forEach((chunk, k) => {
      const weight = sum(chunk.map((u) => u.weight)) + (looseCount[k] ?? 0) * WORK.requirement;
      parts.push({
        slug: count > 1 ? `${PART_SLUG[d]}-${k + 1}` : PART_SLUG[d],
        label: count > 1 ? `${PART_LABEL[d]} (${k + 1} of ${count})` : PART_LABEL[d],
        domain: d,
        components: chunk.flatMap((u) => (u.component === undefined ? [] : [u.component])),
        requirements: requirements[k] ?? [],
        acceptance: chunk.flatMap((u) => u.acceptance),
        minutes: groupWeight > 0 ? (groupMinutes * weight) / groupWeight : 0,
      });
    });
  }
  if (parts.length < 2) return whole(feature, domain, components, minutes);

  const closing = parts.findLast((p) => p.domain !== 'docs') ?? parts[parts.length - 1];
  closing?.acceptance.push(...last);
  const requirementOrder = new Map(feature.requirements.map((r, i) => [r, i]));
  const criterionOrder = new Map(feature.acceptance.map((a, i) => [a, i]));
  for (const part of parts) {
    part.acceptance.push(...everywhere);
    part.requirements.sort((a, b) => (requirementOrder.get(a) ?? 0) - (requirementOrder.get(b) ?? 0));
    part.acceptance.sort((a, b) => (criterionOrder.get(a) ?? 0) - (criterionOrder.get(b) ?? 0));
  }
  return parts;
}
