#!/usr/bin/env node
// A self-hosted Nx remote cache on loopback, for trying distribution on one machine and for CI.
// Prints the base URL on the first line, then one JSON line per request (hit, miss, stored,
// conflict, forbidden, ...), and serves until interrupted. docs/distribution.md shows the setup.
//
//   node tools/remote-cache/server.mjs --dir .cache/nx-remote [--port 4300] [--host 127.0.0.1]
//        [--token T] [--read-only-token R ...] [--max-entry-mb 256]
//
// The read-write token comes from --token or NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN, so the
// same variable configures the server and the Nx processes that use it. Tokens are never printed.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startCacheServer } from './cache-server.mjs';

const usage =
  'usage: node tools/remote-cache/server.mjs --dir DIR [--port N] [--host H] [--token T] [--read-only-token R ...] [--max-entry-mb N]';

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      dir: { type: 'string' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      token: { type: 'string' },
      'read-only-token': { type: 'string', multiple: true, default: [] },
      'max-entry-mb': { type: 'string', default: '256' },
      help: { type: 'boolean' },
    },
  });
} catch (error) {
  fail(`${error.message}\n${usage}`);
}
const v = args.values;
if (v.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (!v.dir) fail(`--dir is required\n${usage}`);
const port = Number(v.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0-65535, got ${v.port}`);
const maxMb = Number(v['max-entry-mb']);
if (!Number.isFinite(maxMb) || maxMb <= 0) fail(`--max-entry-mb must be a positive number, got ${v['max-entry-mb']}`);
const token = v.token ?? process.env.NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN;
if (!token) fail(`a token is required: --token or NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN\n${usage}`);

let server;
try {
  server = await startCacheServer({
    dir: resolve(v.dir),
    token,
    readOnlyTokens: v['read-only-token'],
    host: v.host,
    port,
    maxEntryBytes: Math.floor(maxMb * 1024 * 1024),
    onEvent: (event) => process.stdout.write(`${JSON.stringify(event)}\n`),
  });
} catch (error) {
  fail(error.message);
}
process.stdout.write(`${server.url}\n`);

const stop = () => server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
