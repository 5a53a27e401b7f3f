#!/usr/bin/env node
// A throwaway local npm registry (verdaccio) that serves the nx-buildrunner build under test
// and proxies every other package to npmjs; and publishing that build to it.
// As a script: starts the registry, publishes, prints how to use it, and stops on Ctrl-C.
//   node tools/registry/registry.mjs
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cleanupOnExit } from './cleanup-on-exit.mjs';
import { killProcessGroup } from './process-group.mjs';
import { run } from './run.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const workspaceRoot = join(here, '../..');
const packageDir = join(workspaceRoot, 'packages/nx-buildrunner');
const require = createRequire(import.meta.url);

export const E2E_VERSION = '0.0.0-e2e';
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
// Only ever exists inside the registry's temp storage.
const PUBLISHER = { name: 'e2e-publisher', password: 'e2e-publisher-password' };

/**
 * @typedef {object} LocalRegistry
 * @property {string} url e.g. http://127.0.0.1:43123 (no trailing slash)
 * @property {string} logFile verdaccio's own log
 * @property {() => Promise<void>} stop kills verdaccio's process group and removes its storage
 */

/** @returns {Promise<number>} a port that was free a moment ago */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * @param {string} template
 * @param {Record<string, string>} slots
 */
function fill(template, slots) {
  return template.replace(/\{\{(\w+)\}\}/g, (_, /** @type {string} */ name) => {
    const value = slots[name];
    if (value === undefined) throw new Error(`verdaccio.yaml: no value for {{${name}}}`);
    return value;
  });
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {string} url */
async function answers(url) {
  try {
    const response = await fetch(`${url}/-/ping`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** @returns {Promise<LocalRegistry>} */
export async function startLocalRegistry() {
  const dir = mkdtempSync(join(tmpdir(), 'br-registry-'));
  /** @type {number | undefined} */
  let pid;
  const unregister = cleanupOnExit(() => {
    if (pid !== undefined) killProcessGroup(pid);
    rmSync(dir, { recursive: true, force: true });
  });
  const logFile = join(dir, 'verdaccio.log');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const configFile = join(dir, 'config.yaml');
  const template = readFileSync(join(here, 'verdaccio.yaml'), 'utf8');
  writeFileSync(
    configFile,
    fill(template, {
      storage: join(dir, 'storage'),
      htpasswd: join(dir, 'htpasswd'),
      listen: `127.0.0.1:${port}`,
      log: logFile,
    }),
  );

  const out = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    ['--require', join(here, 'exit-with-parent.cjs'), require.resolve('verdaccio/bin/verdaccio'), '--config', configFile],
    { cwd: dir, detached: true, stdio: ['ignore', out, out, 'ipc'] },
  );
  closeSync(out);
  pid = child.pid;
  let exited = false;
  /** @type {Promise<void>} */
  const exitedPromise = new Promise((resolve) => {
    const done = () => {
      exited = true;
      resolve();
    };
    child.once('exit', done);
    child.once('error', done);
  });

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    if (!exited && pid !== undefined) {
      killProcessGroup(pid, 'SIGTERM');
      const gone = await Promise.race([exitedPromise.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
      if (!gone) killProcessGroup(pid);
      await exitedPromise;
    }
    // The group may hold more than verdaccio itself.
    if (pid !== undefined) killProcessGroup(pid);
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    unregister();
  }

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await answers(url))) {
    if (exited || Date.now() > deadline) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      await stop();
      throw new Error(`verdaccio ${exited ? 'exited' : 'did not answer'} on ${url}; its log:\n${log}`);
    }
    await sleep(200);
  }
  // Nothing of the child should keep a script using this module alive once stop() is due.
  child.channel?.unref();
  child.unref();
  return { url, logFile, stop };
}

/**
 * Under `npm test` the environment carries the outer npm's settings as npm_config_*; they
 * must not override the publish npmrc.
 * @param {NodeJS.ProcessEnv} env
 */
function withoutNpmConfig(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.toLowerCase().startsWith('npm_config_')));
}

/**
 * Registers (or logs in) the throwaway publisher and returns its token.
 * @param {string} url
 */
async function publisherToken(url) {
  const response = await fetch(`${url}/-/user/org.couchdb.user:${PUBLISHER.name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: PUBLISHER.name, password: PUBLISHER.password, type: 'user' }),
  });
  const body = /** @type {{ token?: string, error?: string }} */ (await response.json());
  if (!response.ok || !body.token) throw new Error(`${url}: cannot get a publish token: ${response.status} ${body.error ?? ''}`);
  return body.token;
}

/**
 * @typedef {object} PublishOptions
 * @property {string} [version] default 0.0.0-e2e
 * @property {string} [logFile] where build and npm output go (default: a file in the temp copy, printed on failure)
 */

/**
 * Builds nx-buildrunner and publishes it to the registry at `url` with a test version, from a
 * temp copy (the real package.json and the user's npmrc are never touched).
 * @param {string} url
 * @param {PublishOptions} [options]
 * @returns {Promise<{ name: string, version: string }>}
 */
export async function publishPackage(url, { version = E2E_VERSION, logFile } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'br-publish-'));
  const unregister = cleanupOnExit(() => rmSync(dir, { recursive: true, force: true }));
  const log = logFile ?? join(dir, 'publish.log');
  try {
    await run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.lib.json'], { cwd: packageDir, logFile: log });

    /** @type {{ name: string, version: string, files: string[] }} */
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    const copy = join(dir, 'package');
    for (const entry of manifest.files) {
      const from = join(packageDir, entry);
      if (!existsSync(from)) continue;
      cpSync(from, join(copy, entry), { recursive: true, filter: (source) => !source.endsWith('.tsbuildinfo') });
    }
    writeFileSync(join(copy, 'package.json'), `${JSON.stringify({ ...manifest, version }, null, 2)}\n`);

    const host = new URL(url).host;
    const npmrc = join(dir, 'npmrc');
    writeFileSync(npmrc, `registry=${url}/\n//${host}/:_authToken=${await publisherToken(url)}\n`);
    // A prerelease needs an explicit dist-tag; 'e2e' keeps 'latest' free.
    await run('npm', ['publish', '--registry', `${url}/`, '--tag', 'e2e', '--userconfig', npmrc, '--loglevel', 'warn'], {
      cwd: copy,
      logFile: log,
      env: { ...withoutNpmConfig(process.env), npm_config_cache: join(dir, 'npm-cache'), npm_config_update_notifier: 'false' },
    });
    return { name: manifest.name, version };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    unregister();
  }
}

async function main() {
  const registry = await startLocalRegistry();
  try {
    const { name, version } = await publishPackage(registry.url, { logFile: join(dirname(registry.logFile), 'publish.log') });
    console.log(`${name}@${version} is served by ${registry.url} (verdaccio log: ${registry.logFile})`);
    console.log(`In a workspace: npm install --registry ${registry.url}/ -D ${name}@${version}`);
    console.log('Ctrl-C stops the registry and deletes its storage.');
  } catch (error) {
    await registry.stop();
    throw error;
  }
  // The registry child is unref'd; this is what keeps the script up until a signal.
  const keepAlive = setInterval(() => {}, 2 ** 30);
  await new Promise((resolve) => {
    for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.once(signal, resolve);
  });
  clearInterval(keepAlive);
  await registry.stop();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
