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

/** A feature's work sorted by domain, before it is cut into tasks. */
interface Placement {
  groups: Map<Domain, Group>;
  /** Generic criteria: every part meets them. */
  everywhere: AcceptanceCriterion[];
  /** Criteria about no file: the part that completes the feature meets them. */
  closing: AcceptanceCriterion[];
}

/**
 * Each file joins its domain's group (a file of no particular domain, the feature's). Each
 * requirement goes with the file it names, else with its domain's group, else with the
 * feature's main group; without files, each requirement is a unit of its own domain. Each
 * criterion goes with the file it names, else to the closing part, or everywhere if generic.
 */
function place(feature: Feature, domain: Domain, components: readonly Component[]): Placement {
  const groups = new Map<Domain, Group>();
  const groupOf = (d: Domain): Group => {
    const group = groups.get(d) ?? { units: [], loose: [] };
    groups.set(d, group);
    return group;
  };
  const fileUnits = components.map((component): Unit => {
    const own = pathDomain(component.path);
    const unit: Unit = {
      domain: own === 'general' ? domain : own,
      component,
      requirements: [],
      acceptance: [],
      weight: componentWork(component),
    };
    groupOf(unit.domain).units.push(unit);
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
    return pool.reduce((best, u) => (load(u) < load(best) ? u : best));
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

  const placement: Placement = { groups, everywhere: [], closing: [] };
  for (const criterion of feature.acceptance) {
    const generic = isGenericCriterion(criterion.text);
    const file = generic ? undefined : fileFor(criterion.text, (u) => u.acceptance.length);
    if (file !== undefined) {
      file.acceptance.push(criterion);
      file.weight += WORK.criterion;
    } else (generic ? placement.everywhere : placement.closing).push(criterion);
  }
  return placement;
}

const weightOf = (group: Group): number => sum(group.units.map((u) => u.weight)) + group.loose.length * WORK.requirement;

/**
 * Each group in build order becomes as many parts as its share of the minutes needs (at most
 * one per unit), cutting its units into consecutive runs; its loose requirements go to the part
 * with fewest requirements.
 */
function cut(groups: ReadonlyMap<Domain, Group>, minutes: number): Part[] {
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
    const weights = chunks.map((chunk) => sum(chunk.map((u) => u.weight)));
    for (const requirement of group.loose) {
      const k = smallest(chunks.length, (i) => requirements[i]?.length ?? 0);
      requirements[k]?.push(requirement);
      weights[k] = (weights[k] ?? 0) + WORK.requirement;
    }
    chunks.forEach((chunk, k) => {
      parts.push({
        slug: count > 1 ? `${PART_SLUG[d]}-${k + 1}` : PART_SLUG[d],
        label: count > 1 ? `${PART_LABEL[d]} (${k + 1} of ${count})` : PART_LABEL[d],
        domain: d,
        components: chunk.flatMap((u) => (u.component === undefined ? [] : [u.component])),
        requirements: requirements[k] ?? [],
        acceptance: chunk.flatMap((u) => u.acceptance),
        minutes: groupWeight > 0 ? (groupMinutes * (weights[k] ?? 0)) / groupWeight : 0,
      });
    });
  }
  return parts;
}

/**
 * Splits a feature with more than one task's work along its files' domains, in build order,
 * and a domain with more than one task's work along its files (or, without files, its
 * requirements); see `place` for where requirements and criteria go. Generic criteria go to
 * every part, other criteria about no file to the last part that is not docs, where the
 * feature's behaviour is complete. A feature that cannot be divided stays whole, however large.
 */
export function splitFeature(
  feature: Feature,
  domain: Domain,
  components: readonly Component[],
  minutes: number,
): Part[] {
  if (minutes <= MAX_TASK_MINUTES) return whole(feature, domain, components, minutes);
  const { groups, everywhere, closing } = place(feature, domain, components);
  const parts = cut(groups, minutes);
  if (parts.length < 2) return whole(feature, domain, components, minutes);

  (parts.findLast((p) => p.domain !== 'docs') ?? parts[parts.length - 1])?.acceptance.push(...closing);
  const requirementOrder = new Map(feature.requirements.map((r, i) => [r, i]));
  const criterionOrder = new Map(feature.acceptance.map((a, i) => [a, i]));
  for (const part of parts) {
    part.acceptance.push(...everywhere);
    part.requirements.sort((a, b) => (requirementOrder.get(a) ?? 0) - (requirementOrder.get(b) ?? 0));
    part.acceptance.sort((a, b) => (criterionOrder.get(a) ?? 0) - (criterionOrder.get(b) ?? 0));
  }
  return parts;
}
