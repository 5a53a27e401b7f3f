#!/usr/bin/env node
// Runs the fake Anthropic Messages API from the built package, for the offline demo, CI and
// manual poking with curl or the claude CLI. Prints the base URL on stdout, then serves until
// interrupted. Build first: npx nx run nx-buildrunner:build
//
//   node tools/fake-anthropic.mjs [SCENARIO.yaml|.json] [--port N] [--host H]
//   ANTHROPIC_BASE_URL=$(...) ANTHROPIC_API_KEY=anything <client>
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const usage = 'usage: node tools/fake-anthropic.mjs [SCENARIO] [--port N] [--host H]';
const built = fileURLToPath(new URL('../packages/nx-buildrunner/dist/fake-anthropic/index.js', import.meta.url));

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' }, help: { type: 'boolean' } },
  });
} catch (error) {
  fail(`${error.message}\n${usage}`);
}
if (args.values.help) {
  process.stdout.write(`${usage}\nScenario format and fault kinds: docs/fake-anthropic.md\n`);
  process.exit(0);
}
if (args.positionals.length > 1) fail(usage);
const port = Number(args.values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0-65535, got ${args.values.port}`);
if (!existsSync(built)) fail(`${built} is missing: build first (npx nx run nx-buildrunner:build)`);

const { startFakeAnthropic } = createRequire(import.meta.url)(built);
let server;
try {
  server = await startFakeAnthropic({ port, host: args.values.host, scenario: args.positionals[0] });
} catch (error) {
  fail(error.message);
}
process.stdout.write(`${server.url}\n`);

const stop = () => server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
