import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The worker threads need the compiled worker, so this runs the built package, in a fresh process
 * started the way Nx starts its plugin workers: with `--conditions development`.
 */

const PACKAGE = resolve(__dirname, '../../..');
const DIST = join(PACKAGE, 'dist');
const SYNTHETIC = resolve(PACKAGE, '../../tools/bench/plan/synthetic-spec.mjs');

function runWithDevelopmentCondition(script: string, env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(process.execPath, ['--conditions', 'development', '--input-type=module', '-e', script], {
    cwd: PACKAGE,
    encoding: 'utf8',
    env,
    timeout: 120_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

beforeAll(() => {
  if (!existsSync(join(DIST, 'spec/markdown/parse-worker.js'))) {
    throw new Error('Build the package first: cd packages/nx-buildrunner && npx tsc -p tsconfig.lib.json');
  }
});

describe('parsing Markdown in worker threads', () => {
  it('gives the tree the calling thread gives, positions included', () => {
    const out = runWithDevelopmentCondition(`
      import { createRequire } from 'node:module';
      import { isDeepStrictEqual } from 'node:util';
      import { syntheticSpec } from ${JSON.stringify(SYNTHETIC)};
      const require = createRequire(${JSON.stringify(join(DIST, 'x.js'))});
      const { parseMarkdown } = require('./spec/markdown/parse-markdown.js');
      const { parseMarkdownInThreads } = require('./spec/markdown/threads.js');
      // Front matter, a table, task items and CRLF line endings on top of 150 features.
      const text = '---\\ntitle: T\\n---\\n' + syntheticSpec(150) + '\\n| a | b |\\n|---|---|\\n| 1 | 2 |\\n\\n- [x] done\\r\\nLast\\r\\n';
      const serial = parseMarkdown(text);
      const threaded = await parseMarkdownInThreads(text, 3);
      console.log(JSON.stringify({ same: isDeepStrictEqual(threaded, serial), blocks: serial.children.length }));
    `);
    expect(out).toEqual({ same: true, blocks: expect.any(Number) });
    expect(out['blocks']).toBeGreaterThan(1000);
  });

  it("loads micromark's production build, though the process resolves its development build", () => {
    const script = `
      import { createRequire } from 'node:module';
      import { Worker } from 'node:worker_threads';
      const require = createRequire(${JSON.stringify(join(DIST, 'x.js'))});
      const { productionOptions } = require('./spec/markdown/threads.js');
      // An ES module, like the script: eval workers inherit its --input-type.
      const probe = \`
        import { createRequire } from 'node:module';
        import { parentPort } from 'node:worker_threads';
        parentPort.postMessage(createRequire(${JSON.stringify(join(DIST, 'x.js'))}).resolve('micromark'));
      \`;
      const resolveIn = (options) => new Promise((done) => new Worker(probe, { eval: true, ...options }).once('message', done));
      console.log(JSON.stringify({
        process: require.resolve('micromark'),
        defaultWorker: await resolveIn({}),
        parserWorker: await resolveIn(productionOptions()),
      }));
    `;
    const relative = (out: Record<string, unknown>) => Object.fromEntries(Object.entries(out).map(([k, v]) => [k, String(v).replace(/.*node_modules\//, '')]));
    const production = { process: 'micromark/dev/index.js', defaultWorker: 'micromark/dev/index.js', parserWorker: 'micromark/index.js' };
    expect(relative(runWithDevelopmentCondition(script))).toEqual(production);
    // The same when the condition comes from NODE_OPTIONS, which worker threads read as well.
    const viaNodeOptions = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: PACKAGE,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '--conditions=development' },
    });
    expect(viaNodeOptions.status, viaNodeOptions.stderr).toBe(0);
    expect(relative(JSON.parse(viaNodeOptions.stdout) as Record<string, unknown>)).toEqual(production);
  });

  it('gives the spec and the plan that parsing in the calling thread gives', () => {
    const out = runWithDevelopmentCondition(`
      import { createRequire } from 'node:module';
      import { isDeepStrictEqual } from 'node:util';
      import { syntheticSpec } from ${JSON.stringify(SYNTHETIC)};
      const require = createRequire(${JSON.stringify(join(DIST, 'x.js'))});
      const { parseSpec } = require('./spec/parse.js');
      const { parseSpecInThreads } = require('./spec/parse-in-threads.js');
      const { threadCount } = require('./spec/markdown/threads.js');
      const { planSpec } = require('./plan');
      const text = syntheticSpec(400);
      const serial = parseSpec(text, 'app/PROJECT_SPEC.md');
      const threaded = await parseSpecInThreads(text, 'app/PROJECT_SPEC.md');
      console.log(JSON.stringify({
        threads: threadCount(text.length, 2),
        features: threaded.features.length,
        sameSpec: isDeepStrictEqual(threaded, serial),
        samePlan: isDeepStrictEqual(planSpec(threaded, {}), planSpec(serial, {})),
      }));
    `);
    expect(out).toEqual({ threads: 1, features: 400, sameSpec: true, samePlan: true });
  });
});
