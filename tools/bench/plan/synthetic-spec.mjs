// A BuildRunner-layout spec of N features shaped like real ones: a few requirements, criteria,
// components in several domains, and dependencies on a handful of earlier features.
const DOMAINS = ['backend', 'frontend', 'database', 'docs', 'infra'];

export function syntheticSpec(features, seed = 1) {
  let s = seed >>> 0;
  const rand = (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
  const out = [`# PROJECT_SPEC - Synthetic ${features}`, '', '## Overview', '', 'Generated for benchmarks.', '', '## Features', ''];
  for (let i = 1; i <= features; i++) {
    const domain = DOMAINS[rand(DOMAINS.length)];
    out.push(`### Feature ${i}: Capability ${i} of area ${rand(50)}`, `**Priority:** ${['Critical', 'High', 'Medium', 'Low'][rand(4)]}`, `**Domain:** ${domain}`);
    const deps = [];
    for (let d = 0; d < rand(3) && i > 1; d++) deps.push(`Feature ${1 + rand(i - 1)}`);
    if (deps.length) out.push(`**Depends on:** ${[...new Set(deps)].join(', ')}`);
    out.push('', `**Description:** Feature ${i} does one coherent thing for users of area ${i % 17}.`, '', '**Requirements:**');
    for (let r = 0; r < 2 + rand(4); r++) out.push(`- Requirement ${r + 1} of feature ${i}: handles case ${rand(1000)} correctly`);
    out.push('', '**Implementation:**');
    for (let c = 0; c < 1 + rand(4); c++) out.push(`- Create \`src/area${i}/module-${c}.ts\``);
    out.push('', '**Acceptance Criteria:**');
    for (let a = 0; a < 1 + rand(3); a++) out.push(`- [ ] Criterion ${a + 1} of feature ${i} holds`);
    out.push('- [ ] Tests pass', '', '---', '');
  }
  return out.join('\n');
}
