import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { Root } from 'mdast';
import { type Chunk, chunkDocument, DEFAULT_CHUNK_SIZE } from './chunks';
import { joinPieces, type ParsedPiece, pieceTexts } from './pieces';

/** What a parse worker gets: consecutive pieces of the document and where each starts. */
export interface WorkerInput {
  pieces: Array<{ text: string; at: Chunk }>;
}

/** Compiled next to this file; absent when the sources run untranspiled (tests). */
const WORKER_FILE = join(__dirname, 'parse-worker.js');

/**
 * Each thread loads the Markdown parser anew (~100 ms) and starts with cold code, so a thread has
 * to have this much text to parse before it pays for itself.
 */
const MIN_CHARS_PER_THREAD = 128 * 1024;
const MAX_THREADS = 4;

/** How many threads to parse a text of `length` characters with; 0 means in the calling thread. */
export function threadCount(length: number, cores = availableParallelism()): number {
  return Math.max(0, Math.min(cores, MAX_THREADS, Math.floor(length / MIN_CHARS_PER_THREAD)));
}

/**
 * The same tree as `parseMarkdown(text, chunkSize)`, parsed by `threads` worker threads that each
 * take a run of consecutive pieces. Rejects when a worker cannot start or fails; the caller then
 * parses in its own thread.
 */
export async function parseMarkdownInThreads(text: string, threads: number, chunkSize = DEFAULT_CHUNK_SIZE): Promise<Root> {
  if (!existsSync(WORKER_FILE)) throw new Error(`no ${WORKER_FILE}`);
  const chunks = chunkDocument(text, chunkSize);
  const texts = pieceTexts(text, chunks);
  const parsed: ParsedPiece[] = [];
  const workers: Worker[] = [];
  try {
    await Promise.all(
      splitEvenly(texts, threads).map(({ first, count }) => {
        const pieces = texts.slice(first, first + count).map((piece, i) => ({ text: piece, at: chunks[first + i]! }));
        return runWorker({ pieces }, workers, (i, piece) => {
          parsed[first + i] = piece;
        });
      }),
    );
  } finally {
    // Done workers have exited already; after a failure the others are stopped here.
    for (const worker of workers) void worker.terminate();
  }
  return joinPieces(text, chunks, parsed);
}

/** Consecutive runs of pieces with about the same number of characters each. */
function splitEvenly(texts: readonly string[], parts: number): Array<{ first: number; count: number }> {
  const total = texts.reduce((sum, t) => sum + t.length, 0);
  const runs: Array<{ first: number; count: number }> = [];
  let first = 0;
  let done = 0;
  for (let i = 0; i < texts.length; i++) {
    done += texts[i]!.length;
    const isLast = i === texts.length - 1;
    if (isLast || done >= (total * (runs.length + 1)) / parts) {
      runs.push({ first, count: i + 1 - first });
      first = i + 1;
    }
  }
  return runs;
}

function runWorker(input: WorkerInput, workers: Worker[], got: (index: number, piece: ParsedPiece) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { ...productionOptions(), workerData: input });
    workers.push(worker);
    let received = 0;
    worker.on('message', (json: string) => {
      try {
        got(received++, JSON.parse(json) as ParsedPiece);
      } catch (e) {
        reject(e);
        return;
      }
      if (received === input.pieces.length) resolve();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (received < input.pieces.length) reject(new Error(`a Markdown worker exited (code ${code}) after ${received} of ${input.pieces.length} pieces`));
    });
  });
}

const DEVELOPMENT = 'development';

/**
 * Worker options that make micromark load its production build. Nx starts plugin workers with
 * `--conditions development` (plus the workspace's tsconfig `customConditions`), so that a
 * plugin's imports of workspace libraries resolve to their sources. micromark, its extensions
 * and mdast-util-from-markdown export a `development` build too, full of assertions and debug
 * calls, which Node then picks. A worker thread resolves modules with its own conditions:
 * those of its `execArgv` and of the NODE_OPTIONS in its `env`, which default to the parent's.
 * So the parser's threads get the parent's options minus the `development` condition.
 */
export function productionOptions(execArgv = process.execArgv, env: NodeJS.ProcessEnv = process.env): WorkerOptions {
  const options: WorkerOptions = {};
  const args = withoutDevelopment(execArgv);
  if (args.length !== execArgv.length) options.execArgv = args;
  const nodeOptions = env['NODE_OPTIONS'];
  if (nodeOptions !== undefined) {
    const tokens = nodeOptions.match(NODE_OPTIONS_TOKEN) ?? [];
    const kept = withoutDevelopment(tokens);
    if (kept.length !== tokens.length) options.env = { ...env, NODE_OPTIONS: kept.join(' ') };
  }
  return options;
}

/** Arguments, quoted ones whole, as Node splits NODE_OPTIONS. */
const NODE_OPTIONS_TOKEN = /(?:[^\s"]|"(?:\\.|[^"\\])*")+/g;
const CONDITION_FLAGS = new Set(['--conditions', '-C']);

/** `args` without `--conditions development`, `--conditions=development` and `-C` the same. */
function withoutDevelopment(args: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    if (eq > 0 && CONDITION_FLAGS.has(arg.slice(0, eq)) && unquote(arg.slice(eq + 1)) === DEVELOPMENT) continue;
    if (CONDITION_FLAGS.has(arg) && unquote(args[i + 1] ?? '') === DEVELOPMENT) {
      i++;
      continue;
    }
    kept.push(arg);
  }
  return kept;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}
