import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { specKey, taskOutputDir } from '../../plugin/paths';
import { isProcessAlive } from '../../runtime/lock';
import type { TaskResult } from '../../runtime/record/types';
import { readTaskResult } from '../../runtime/record/write';
import { foldEvents, latestRun, runIsAlive, settle } from '../../runtime/state/fold';
import { loadRunRecord } from '../../runtime/state/record-file';
import { type CliIo, EXIT_OK } from '../io';
import { DEFAULT_SPEC, type LoadedPlan, loadPlan, reportDiagnostics } from '../load-plan';
import { pluginPlanOptions } from '../plugin-options';
import { renderStatus, statusView } from '../status-view';
import { findWorkspaceRoot } from '../workspace';

/** How often `--watch` redraws. */
export const WATCH_MS = 500;
const CLEAR = '\x1b[H\x1b[2J';

interface StatusOptions {
  spec?: string;
  json?: boolean;
  watch?: boolean;
  requirements?: boolean;
}

export function registerStatus(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('status')
    .description("Each task's state, attempts, time, tokens and cost, from the run journal")
    .option('--spec <file>', 'the spec whose tasks to show (default PROJECT_SPEC.md in the current directory, if any)')
    .option('--json', 'print one JSON object (tasks, totals, latest run, requirements) for tools')
    .option('--watch', 'redraw live while a run goes on: each running task\'s step and the file its agent last wrote')
    .option('--requirements', 'also trace every requirement and acceptance criterion to its tasks and their verification')
    .action(async (opts: StatusOptions) => done(await status(io, opts)));
}

/** The spec's plan when one is named or the default is there; without one, the journal's tasks are shown. */
function plan(io: CliIo, root: string, given: string | undefined): LoadedPlan | undefined {
  const file = resolve(io.cwd, given ?? DEFAULT_SPEC);
  if (given === undefined && !existsSync(file)) return undefined;
  const loaded = loadPlan(io, given, pluginPlanOptions(root, specKey(root, file)));
  reportDiagnostics(io, loaded);
  return loaded;
}

async function results(root: string, spec: string | undefined, ids: readonly string[]): Promise<Map<string, TaskResult>> {
  const found = new Map<string, TaskResult>();
  if (spec === undefined) return found;
  for (const id of ids) {
    const read = await readTaskResult(taskOutputDir(root, spec, id));
    if (read.ok) found.set(id, read.result);
  }
  return found;
}

async function status(io: CliIo, opts: StatusOptions): Promise<number> {
  const root = findWorkspaceRoot(io.cwd) ?? io.cwd;
  const loaded = plan(io, root, opts.spec);
  const specFile = loaded === undefined ? undefined : resolve(io.cwd, loaded.file);
  const planned = loaded === undefined ? undefined : { ...loaded.plan, spec: { ...loaded.plan.spec, path: loaded.file } };
  const fromDisk = await results(root, specFile, planned?.tasks.map((t) => t.id) ?? []);
  const { record: start, tail } = await loadRunRecord(root);
  const view = (record: typeof start) =>
    statusView({ workspace: root, record: settle(record, isProcessAlive), ...(planned ? { plan: planned } : {}), results: fromDisk });
  const print = (record: typeof start) => {
    const v = view(record);
    return opts.json ? JSON.stringify(v, null, 2) : renderStatus(v, Date.now(), opts.requirements === true);
  };

  const running = (record: typeof start) => {
    const run = latestRun(record);
    return run !== undefined && runIsAlive(run, isProcessAlive);
  };
  if (!opts.watch || !running(start)) {
    io.out(print(start));
    return EXIT_OK;
  }

  let record = start;
  let last = '';
  let stopped = false;
  const stop = () => {
    stopped = true;
  };
  process.once('SIGINT', stop);
  try {
    for (;;) {
      const events = tail.poll();
      if (events.length > 0) record = foldEvents(record, events, tail.offset);
      const ended = !running(record);
      const frame = print(record);
      if (io.isTTY) io.out(`${CLEAR}${frame}`);
      // Not a terminal: a new frame only when something happened, so a log stays readable.
      else if (events.length > 0 || ended || last === '') io.out(frame);
      last = frame;
      if (ended || stopped) return EXIT_OK;
      await new Promise((r) => setTimeout(r, WATCH_MS));
    }
  } finally {
    process.off('SIGINT', stop);
  }
}
