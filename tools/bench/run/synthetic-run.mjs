// A spec of N one-task features shaped like a real project's dependency graph, and a synthetic
// duration for each task. Deterministic for a seed.

/** Park–Miller style LCG: the same graph and durations on every machine. */
function random(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Feature i depends on up to three earlier features, mostly recent ones (a module builds on what
 * was just made) and now and then an early one (shared foundations); about one in eight starts
 * fresh. Each task's work is `minMs`..`maxMs`, and its feature states a duration as a spec's
 * author would, coarsely: the shortest third of the range "1 hour", the middle "90 minutes", the
 * longest "2 hours". The plan's estimates, which the batch weighs chains by, come from these.
 */
export function syntheticRun(count, { seed = 7, minMs = 100, maxMs = 600 } = {}) {
  const rand = random(seed);
  const features = [];
  for (let i = 1; i <= count; i++) {
    const deps = new Set();
    if (i > 1 && rand() > 0.125) {
      const n = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < n; k++) {
        const recent = rand() < 0.75;
        const span = recent ? Math.min(i - 1, 12) : i - 1;
        deps.add(recent ? i - 1 - Math.floor(rand() * span) : 1 + Math.floor(rand() * span));
      }
    }
    features.push({ n: i, dependsOn: [...deps].sort((a, b) => a - b), durationMs: Math.round(minMs + rand() * (maxMs - minMs)) });
  }
  const lines = [`# PROJECT_SPEC - Synthetic run of ${count} tasks`, '', '## Features', ''];
  for (const f of features) {
    const third = Math.min(2, Math.floor((3 * (f.durationMs - minMs)) / Math.max(1, maxMs - minMs)));
    lines.push(`### Feature ${f.n}: Step ${f.n}`, '**Domain:** backend', `**Duration:** ${['1 hour', '90 minutes', '2 hours'][third]}`);
    if (f.dependsOn.length > 0) lines.push(`**Depends on:** ${f.dependsOn.map((d) => `Feature ${d}`).join(', ')}`);
    lines.push('', '**Requirements:**', `- Step ${f.n} is recorded`, '', '**Implementation:**', `- Create \`src/step-${f.n}.txt\``, '');
    lines.push('**Acceptance Criteria:**', `- [ ] src/step-${f.n}.txt exists`, '');
  }
  return { text: lines.join('\n'), features };
}
