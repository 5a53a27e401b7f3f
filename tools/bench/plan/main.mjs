#!/usr/bin/env node
// Parse+plan time and peak memory against remark's bare parse of the same file (the floor).
// Each measurement runs in its own process so peak RSS belongs to that one job.
// Two floors: remark parsing the whole file in one call, and remark parsing it one feature
// section at a time. micromark's whole-document parse is quadratic in the number of lists (it
// re-splices its event list as each one closes), so past a few thousand features the one-call
// floor takes hours; it is measured up to WHOLE_FILE_LIMIT features and the per-section floor,
// linear like our own chunked parse, is the one every size is held to.
// Usage: node tools/bench/plan/main.mjs [sizes...]   (needs `npm run build` first)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticSpec } from './synthetic-spec.mjs';

const require = createRequire(import.meta.url);
const dist = new URL('../../../packages/nx-buildrunner/dist/', import.meta.url).pathname;

const WHOLE_FILE_LIMIT = 1000;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function child(mode, file, reps) {
  const text = readFileSync(file, 'utf8');
  let run;
  if (mode === 'whole' || mode === 'sections') {
    // One remark call per part, with the plugin's own remark setup (its GFM extensions).
    const { parsePiece } = require(join(dist, 'spec/markdown/parse-markdown.js'));
    const parts = mode === 'whole' ? [text] : text.split(/\n(?=#{1,3} )/);
    run = () => {
      for (const part of parts) parsePiece(part, { offset: 0, line: 1 });
    };
  } else {
    const { parseSpec } = require(join(dist, 'spec'));
    const { planSpec } = require(join(dist, 'plan'));
    run = () => {
      const plan = planSpec(parseSpec(text, file));
      if (plan.tasks.length === 0) throw new Error('plan produced no tasks');
    };
  }
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  process.stdout.write(JSON.stringify({ ms: median(times), maxRssMB: process.resourceUsage().maxRSS / 1024 }));
}

async function main() {
  const sizes = process.argv.slice(2).map(Number).filter(Boolean);
  const dir = mkdtempSync(join(tmpdir(), 'br-bench-plan-'));
  try {
    const rows = [];
    for (const n of sizes.length ? sizes : [100, 1000, 10000]) {
      const file = join(dir, `spec-${n}.md`);
      writeFileSync(file, syntheticSpec(n));
      const reps = n >= 10000 ? 3 : n >= 1000 ? 5 : 15;
      const measure = (mode) =>
        JSON.parse(execFileSync(process.execPath, [new URL(import.meta.url).pathname, '--child', mode, file, String(reps)], { encoding: 'utf8', maxBuffer: 1 << 20 }));
      const whole = n <= WHOLE_FILE_LIMIT ? measure('whole') : undefined;
      const bare = measure('sections');
      const plan = measure('plan');
      rows.push({ features: n, fileMB: statSync(file).size / 1e6, whole, bare, plan });
    }
    const base = rows[0];
    console.log('features  file MB  remark whole ms  remark sections ms  parse+plan ms  ratio  ratio/whole  us/feature  peak RSS remark MB  peak RSS plan MB');
    for (const r of rows) {
      console.log(
        [
          String(r.features).padStart(8),
          r.fileMB.toFixed(2).padStart(7),
          (r.whole ? r.whole.ms.toFixed(1) : 'skipped').padStart(15),
          r.bare.ms.toFixed(1).padStart(18),
          r.plan.ms.toFixed(1).padStart(13),
          (r.plan.ms / r.bare.ms).toFixed(2).padStart(5),
          (r.whole ? (r.plan.ms / r.whole.ms).toFixed(2) : '-').padStart(11),
          ((r.plan.ms * 1000) / r.features).toFixed(1).padStart(10),
          r.bare.maxRssMB.toFixed(0).padStart(18),
          r.plan.maxRssMB.toFixed(0).padStart(16),
        ].join('  '),
      );
    }
    const last = rows[rows.length - 1];
    console.log(
      `\nratio: parse+plan over remark parsing the same file section by section; ratio/whole: over one remark call on the whole file` +
        `\ntarget: ratio <= 3 at every size; linear growth: per-feature time at ${last.features} is ` +
        `${(((last.plan.ms / last.features) / (base.plan.ms / base.features))).toFixed(2)}x that at ${base.features}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4], Number(process.argv[5]));
else await main();
