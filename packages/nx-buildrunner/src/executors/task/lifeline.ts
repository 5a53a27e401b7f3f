import { isProcessAlive } from '../../runtime/lock';

/** Set by `br run` on the Nx it starts: the pid of that `br run`. */
export const RUN_PID_ENV = 'BR_RUN_PID';

const POLL_MS = 250;

/**
 * Nx runs its task orchestrator detached, so a `br run` killed with SIGKILL would leave Nx
 * starting and running tasks nobody is watching, racing the run that resumes it. A task of a
 * `br run` therefore ends when that `br run` is gone: at once if it already is, else within a
 * quarter of a second, without writing anything further; the next run redoes the task.
 */
export function holdLifeline(env: NodeJS.ProcessEnv, exit: (code: number) => never = (code) => process.exit(code)): () => void {
  const pid = Number(env[RUN_PID_ENV]);
  if (!Number.isInteger(pid) || pid <= 0) return () => undefined;
  if (!isProcessAlive(pid)) exit(1);
  const timer = setInterval(() => {
    if (!isProcessAlive(pid)) exit(1);
  }, POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
