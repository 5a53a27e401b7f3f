import { Worker } from 'node:worker_threads';
import { BINARY_SNIFF_BYTES } from './files';
import { globMatcher } from './glob';
import { parseInput } from './input';
import { TOOL_LIMITS } from './limits';
import { resolveDirectory } from './paths';
import { failure, type Tool, type ToolOutcome } from './tool';
import { walkFiles } from './walk';

export const search: Tool = {
  definition: {
    name: 'search',
    description:
      'Search file contents under a directory and report matching lines as path:line: text ' +
      `(at most ${TOOL_LIMITS.maxSearchMatches}). The pattern is literal text unless regex is true ` +
      '(JavaScript regular expression syntax). .git, node_modules, binary and symlinked files are skipped.',
    input_schema: {
      type: 'object',
      properties: {
        pattern: { type: 'string', description: 'Text (or, with regex, a regular expression) to find.' },
        regex: { type: 'boolean', description: 'Treat pattern as a regular expression. Default false.' },
        ignore_case: { type: 'boolean', description: 'Match regardless of case. Default false.' },
        dir: { type: 'string', description: 'Directory to search, relative to the worktree root. Default: the root.' },
        glob: { type: 'string', description: 'Only search files matching this glob, e.g. "*.ts".' },
      },
      required: ['pattern'],
    },
  },
  async run(input, { sandbox, signal }) {
    const parsed = parseInput(input, {
      pattern: 'string',
      regex: 'boolean?',
      ignore_case: 'boolean?',
      dir: 'string?',
      glob: 'string?',
    });
    if (!parsed.ok) return failure(parsed.error);
    const { pattern, regex = false, ignore_case: ignoreCase = false } = parsed.value;
    if (pattern === '') return failure('pattern is empty');
    const source = regex ? pattern : pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const flags = ignoreCase ? 'i' : '';
    try {
      new RegExp(source, flags);
    } catch (error) {
      return failure(`invalid regular expression: ${(error as Error).message}`);
    }
    const start = await resolveDirectory(sandbox, parsed.value.dir ?? '.');
    if (!start.ok) return failure(start.error);
    const walk = await walkFiles(start.path.abs, start.path.rel);
    const inGlob = parsed.value.glob === undefined ? () => true : globMatcher(parsed.value.glob);
    const files = walk.entries.filter((entry) => !entry.symlink && inGlob(entry.rel)).map(({ abs, rel }) => ({ abs, rel }));

    const found = await matchInWorker({ files, source, flags }, TOOL_LIMITS.searchTimeoutMs, signal);
    if ('error' in found) return failure(found.error, start.path.rel);
    return report(found, walk.truncated, start.path.rel);
  },
};

export interface Found {
  lines: string[];
  total: number;
}

function report(found: Found, walkTruncated: boolean, rel: string): ToolOutcome {
  if (found.total === 0) return { output: 'No matches.', isError: false, path: rel };
  const lines = [...found.lines];
  if (found.total > found.lines.length) {
    lines.push(`[${found.total} matching lines, first ${found.lines.length} shown; narrow with dir, glob or a longer pattern]`);
  }
  if (walkTruncated) lines.push(`[stopped after ${TOOL_LIMITS.maxWalkFiles} files; narrow with dir]`);
  return { output: lines.join('\n'), isError: false, path: rel };
}

/*
 * Matching runs in a worker thread that is terminated at the time limit: a model-written regular
 * expression can backtrack for minutes, and must not freeze the process that runs the agent.
 * The worker is plain JavaScript evaluated from this string so it needs no separate build output.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync, statSync } = require('node:fs');
const { files, source, flags, maxBytes, maxMatches, maxLineChars, sniffBytes } = workerData;
const re = new RegExp(source, flags);
const lines = [];
let total = 0;
for (const file of files) {
  let bytes;
  try {
    if (statSync(file.abs).size > maxBytes) continue;
    bytes = readFileSync(file.abs);
  } catch { continue; }
  if (bytes.subarray(0, sniffBytes).includes(0)) continue;
  const text = bytes.toString('utf8').split('\\n');
  for (let i = 0; i < text.length; i++) {
    if (!re.test(text[i])) continue;
    total++;
    if (lines.length < maxMatches) lines.push(file.rel + ':' + (i + 1) + ': ' + text[i].slice(0, maxLineChars));
  }
}
parentPort.postMessage({ lines, total });
`;

export function matchInWorker(
  job: { files: Array<{ abs: string; rel: string }>; source: string; flags: string },
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Found | { error: string }> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        ...job,
        maxBytes: TOOL_LIMITS.maxReadBytes,
        maxMatches: TOOL_LIMITS.maxSearchMatches,
        maxLineChars: TOOL_LIMITS.maxSearchLineChars,
        sniffBytes: BINARY_SNIFF_BYTES,
      },
    });
    let settled = false;
    const finish = (outcome: Found | { error: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      resolve(outcome);
    };
    const timer = setTimeout(
      () => finish({ error: `search gave up after ${timeoutMs / 1000} s; simplify the pattern or narrow dir/glob` }),
      timeoutMs,
    );
    const onAbort = () => finish({ error: 'search aborted' });
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (found: Found) => finish(found));
    worker.once('error', (error) => finish({ error: `search failed: ${error.message}` }));
    worker.once('exit', () => finish({ error: 'search stopped without an answer' }));
  });
}
