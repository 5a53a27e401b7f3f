// A project shaped like the ones specs describe: N features in the BuildRunner layout with a few
// paragraphs each, and the TypeScript files they create or change, which grow as features land.
// Deterministic for a seed, so figures compare across runs.

const AREAS = ['auth', 'billing', 'catalog', 'orders', 'search', 'notify', 'reports', 'admin', 'storage', 'api'];
const VERBS = ['validates', 'stores', 'lists', 'filters', 'exports', 'retries', 'paginates', 'audits', 'caches', 'merges'];
const NOUNS = ['accounts', 'invoices', 'products', 'orders', 'queries', 'messages', 'summaries', 'settings', 'uploads', 'tokens'];

function random(seed) {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const pick = (rand, list) => list[rand(list.length)];

/** A TypeScript module of a few kilobytes: imports, types, documented functions. */
function moduleText(rand, file, imports, featureNo) {
  const name = file.replace(/^.*\//, '').replace(/\.ts$/, '').replace(/-(\w)/g, (_, c) => c.toUpperCase());
  const lines = [];
  for (const dep of imports) lines.push(`import { ${dep.name} } from '${dep.from}';`);
  lines.push('', `/** Part of feature ${featureNo}: ${pick(rand, VERBS)} ${pick(rand, NOUNS)} for the ${name} module. */`);
  lines.push(`export interface ${name[0].toUpperCase()}${name.slice(1)}Options {`);
  for (let f = 0; f < 3 + rand(5); f++) lines.push(`  /** How the module ${pick(rand, VERBS)} ${pick(rand, NOUNS)}. */`, `  option${f}?: ${pick(rand, ['string', 'number', 'boolean', 'string[]'])};`);
  lines.push('}', '');
  for (let fn = 0; fn < 4 + rand(8); fn++) {
    const verb = pick(rand, VERBS).replace(/s$/, '');
    const noun = pick(rand, NOUNS);
    lines.push(
      `/** ${verb[0].toUpperCase()}${verb.slice(1)} ${noun}; returns what changed so callers can log it. */`,
      `export function ${verb}${noun[0].toUpperCase()}${noun.slice(1)}${fn}(items: readonly string[], limit = ${10 + rand(90)}): string[] {`,
      `  const out: string[] = [];`,
      `  for (const item of items) {`,
      `    if (out.length >= limit) break;`,
      `    if (item.trim() === '') continue;`,
      `    out.push(item.toLowerCase().replace(/\\s+/g, '-'));`,
      `  }`,
      `  return out;`,
      `}`,
      '',
    );
  }
  return lines.join('\n');
}

/**
 * `features` features; each creates two or three files of its own area and, after the first few,
 * updates one or two files of features it depends on.
 */
export function realisticProject(features = 30, seed = 7) {
  const rand = random(seed);
  const list = [];
  for (let i = 1; i <= features; i++) {
    const area = AREAS[(i - 1) % AREAS.length];
    const id = `${area}-${pick(rand, VERBS)}-${i}`;
    const dependsOn = [];
    for (let d = 0; d < Math.min(i - 1, 1 + rand(2)); d++) dependsOn.push(list[rand(i - 1)].no);
    const creates = Array.from({ length: 2 + rand(2) }, (_, c) => `src/${area}/${id}-${['service', 'model', 'routes', 'store'][c]}.ts`);
    const updates = [...new Set(dependsOn.map((no) => list[no - 1].creates[rand(list[no - 1].creates.length)]))].slice(0, 2);
    const requirements = Array.from({ length: 4 + rand(3) }, (_, r) => ({
      id: `${id}.r${r + 1}`,
      text: `The ${area} service ${pick(rand, VERBS)} ${pick(rand, NOUNS)} ${pick(rand, ['per tenant', 'in batches of 100', 'with an audit entry', 'within 200 ms', 'without duplicates', 'in UTC'])}, and rejects invalid input with a message naming the field`,
    }));
    const acceptance = Array.from({ length: 3 + rand(3) }, (_, a) => `${pick(rand, NOUNS)} ${pick(rand, VERBS)} correctly in case ${a + 1} (covered by a unit test)`);
    list.push({ no: i, id, area, title: `${area[0].toUpperCase()}${area.slice(1)}: ${pick(rand, VERBS)} ${pick(rand, NOUNS)}`, dependsOn, creates, updates, requirements, acceptance });
  }
  const spec = ['# PROJECT_SPEC - Storefront', '', '**Project:** Storefront - a multi-tenant shop backend', '**Status:** Planned', '', '---', '', '## Overview', '',
    'A shop backend with accounts, a product catalog, orders, billing and reports. Every feature ends with passing tests; modules are TypeScript under `src/<area>/`.', '', '## Features', ''];
  for (const f of list) {
    spec.push(`### Feature ${f.no}: ${f.title}`, `**Priority:** ${pick(rand, ['Critical', 'High', 'Medium'])}`, `**Duration:** ${pick(rand, ['1 day', '90 min', '2 hours'])}`);
    if (f.dependsOn.length > 0) spec.push(`**Depends on:** ${f.dependsOn.map((n) => `Feature ${n}`).join(', ')}`);
    spec.push('', `**Description:** The ${f.area} area gains the ability to ${f.title.split(': ')[1]}. It reuses the modules earlier features added and keeps their public functions unchanged. Errors are reported as values with a message a user can act on.`, '');
    spec.push('**Requirements:**', ...f.requirements.map((r) => `- ${r.text}`), '');
    spec.push('**Implementation:**', ...f.creates.map((p) => `- Create \`${p}\``), ...f.updates.map((p) => `- Update \`${p}\``), '');
    spec.push('**Acceptance Criteria:**', ...f.acceptance.map((a) => `- [ ] ${a}`), '- [ ] Tests pass', '', '---', '');
  }
  /** The text a feature writes into `file`: a whole module when it creates it, more of one when it updates it. */
  const fileText = (f, file) => {
    const r = random(seed * 31 + f.no * 7 + file.length);
    const imports = f.dependsOn.slice(0, 2).map((no) => ({ name: 'verbNouns0', from: `../${list[no - 1].area}/${list[no - 1].creates[0].replace(/^.*\//, '').replace(/\.ts$/, '')}` }));
    return moduleText(r, file, imports, f.no);
  };
  return { specText: spec.join('\n'), features: list, fileText };
}
