import { randomBytes } from 'node:crypto';

/** Set by `br run` for the Nx processes it starts, so every event of the run carries one id. */
export const RUN_ID_ENV = 'BR_RUN_ID';
/** Set by Nx (23+) in every task process: the pid of the `nx` command that started the task. */
const NX_ROOT_PID_ENV = 'NX_INVOCATION_ROOT_PID';

/** Sorts by start time and stays unique when two runs start in the same second. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/**
 * The run an event belongs to. A plain `nx run-many` sets no `BR_RUN_ID`, but Nx hands every task
 * process the pid of the command that started it, so its tasks still share one id; a process
 * started some other way (a test calling the executor) is a run of its own.
 */
export function runIdFromEnv(env: NodeJS.ProcessEnv, pid: number = process.pid): string {
  const given = env[RUN_ID_ENV]?.trim();
  if (given) return given;
  const nxRoot = env[NX_ROOT_PID_ENV]?.trim();
  if (nxRoot && /^\d+$/.test(nxRoot)) return `nx-${nxRoot}`;
  return `pid-${pid}`;
}
