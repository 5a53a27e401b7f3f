// A self-hosted Nx remote cache: Nx's documented HTTP API, entries as files in one folder.
//
//   GET  /v1/cache/{hash}  200 + the entry (a tar.gz Nx made), 404 when absent
//   PUT  /v1/cache/{hash}  Content-Length + binary body: 200 stored, 409 already there,
//                          411 no length, 413 too large, 400 body shorter than announced
//   Authorization: Bearer <token> on both: 401 (text/plain, as Nx expects) without one,
//   403 for a token the server does not know, or a read-only token trying to write.
//
// Nx (20.8+) uses it when NX_SELF_HOSTED_REMOTE_CACHE_SERVER is the base URL and
// NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN the token. Entries are never overwritten: a hash names
// one result, and a second writer of the same hash gets 409, which Nx takes as "already cached".
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

/** Nx hashes are decimal strings; anything path-like is refused before it reaches the disk. */
const HASH = /^[A-Za-z0-9_-]{1,128}$/;
const ROUTE = /^\/v1\/cache\/([^/?#]+)$/;
export const DEFAULT_MAX_ENTRY_BYTES = 256 * 1024 * 1024;
/** Kept in memory for tests and `stats()`; the `onEvent` callback sees every one. */
const MAX_EVENTS = 10_000;
const INCOMING = '.incoming';

const digest = (token) => createHash('sha256').update(token).digest();

/** Constant-time membership: the time taken says nothing about how close a guess was. */
function knows(digests, token) {
  const given = digest(token);
  let found = false;
  for (const d of digests) found = timingSafeEqual(d, given) || found;
  return found;
}

function bearer(req) {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : undefined;
}

function reply(res, status, text, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * Starts the server on loopback (port 0 picks a free one). `token` may read and write,
 * `readOnlyTokens` may only read. Resolves once it listens.
 */
export async function startCacheServer(options) {
  const { dir, token, readOnlyTokens = [], host = '127.0.0.1', port = 0, maxEntryBytes = DEFAULT_MAX_ENTRY_BYTES, onEvent } = options;
  if (typeof dir !== 'string' || dir === '') throw new Error('startCacheServer: dir is required');
  if (typeof token !== 'string' || token === '') throw new Error('startCacheServer: a read-write token is required');
  const writers = [digest(token)];
  const readers = [...writers, ...readOnlyTokens.map(digest)];
  const incoming = join(dir, INCOMING);
  await mkdir(incoming, { recursive: true });

  const events = [];
  const record = (event) => {
    const full = { time: new Date().toISOString(), ...event };
    events.push(full);
    if (events.length > MAX_EVENTS) events.shift();
    onEvent?.(full);
  };

  async function get(req, res, hash) {
    const file = join(dir, hash);
    const size = await stat(file).then((s) => s.size, () => undefined);
    if (size === undefined) {
      record({ method: req.method, hash, status: 404, outcome: 'miss' });
      return reply(res, 404, 'not found');
    }
    record({ method: req.method, hash, status: 200, outcome: 'hit', bytes: size });
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': size });
    if (req.method === 'HEAD') return res.end();
    await pipeline(createReadStream(file), res);
  }

  async function put(req, res, hash) {
    const declared = req.headers['content-length'];
    const length = declared === undefined ? NaN : Number(declared);
    const refuse = (status, outcome, text) => {
      record({ method: 'PUT', hash, status, outcome });
      // The body is not read: closing the connection is cheaper than draining it.
      reply(res, status, text, { Connection: 'close' });
    };
    if (!Number.isSafeInteger(length) || length < 0) return refuse(411, 'no-length', 'Content-Length is required');
    if (length > maxEntryBytes) return refuse(413, 'too-large', `an entry may hold at most ${maxEntryBytes} bytes`);
    const file = join(dir, hash);
    if (await stat(file).then(() => true, () => false)) return refuse(409, 'conflict', 'already cached');

    const tmp = join(incoming, `${hash}.${randomBytes(6).toString('hex')}`);
    let received = 0;
    try {
      await pipeline(
        req,
        async function* count(chunks) {
          for await (const chunk of chunks) {
            received += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(tmp, { flags: 'wx' }),
      );
      if (received !== length) {
        record({ method: 'PUT', hash, status: 400, outcome: 'incomplete', bytes: received });
        return reply(res, 400, `received ${received} of ${length} bytes`);
      }
      // link() fails when the name exists: of two concurrent writers exactly one stores.
      const stored = await link(tmp, file).then(() => true, (err) => (err.code === 'EEXIST' ? false : Promise.reject(err)));
      record({ method: 'PUT', hash, status: stored ? 200 : 409, outcome: stored ? 'stored' : 'conflict', bytes: received });
      return reply(res, stored ? 200 : 409, stored ? 'stored' : 'already cached');
    } catch (error) {
      // A client that hung up mid-body, or a full disk: nothing half-written is ever visible
      // under the hash.
      const aborted = req.readableAborted || req.destroyed;
      record({ method: 'PUT', hash, status: aborted ? 0 : 500, outcome: aborted ? 'aborted' : 'error', bytes: received, error: error.message });
      if (!res.headersSent && !res.destroyed) reply(res, aborted ? 400 : 500, aborted ? 'upload interrupted' : 'cannot store the entry', { Connection: 'close' });
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async function handle(req, res) {
    const route = ROUTE.exec(req.url ?? '');
    if (!route) return reply(res, 404, 'not found');
    const hash = route[1];
    if (!HASH.test(hash)) {
      record({ method: req.method, hash: '', status: 400, outcome: 'bad-hash' });
      return reply(res, 400, 'invalid hash');
    }
    const isRead = req.method === 'GET' || req.method === 'HEAD';
    if (!isRead && req.method !== 'PUT') return reply(res, 405, 'method not allowed', { Allow: 'GET, HEAD, PUT' });
    const given = bearer(req);
    if (given === undefined) {
      record({ method: req.method, hash, status: 401, outcome: 'unauthorized' });
      return reply(res, 401, 'missing bearer token', isRead ? {} : { Connection: 'close' });
    }
    if (!knows(isRead ? readers : writers, given)) {
      record({ method: req.method, hash, status: 403, outcome: 'forbidden' });
      return reply(res, 403, 'forbidden', isRead ? {} : { Connection: 'close' });
    }
    return isRead ? get(req, res, hash) : put(req, res, hash);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      record({ method: req.method, status: 500, outcome: 'error', error: error.message });
      if (!res.headersSent) reply(res, 500, 'internal error');
      else res.destroy();
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 10 * 60_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  return {
    url,
    port: address.port,
    dir,
    events,
    /** Counts by outcome: hit, miss, stored, conflict, forbidden, unauthorized, ... */
    stats() {
      const counts = {};
      for (const e of events) counts[e.outcome] = (counts[e.outcome] ?? 0) + 1;
      return counts;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
