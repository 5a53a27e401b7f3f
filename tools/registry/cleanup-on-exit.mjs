// Synchronous clean-ups that must run however the process ends: normal exit, an uncaught
// error, or Ctrl-C / a test runner's SIGTERM (which would otherwise skip 'exit' handlers).
const pending = new Set();
const SIGNALS = /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP']);
let installed = false;

/** Last registered, first run: processes die before the directories they write to go. */
function runPending() {
  for (const fn of [...pending].reverse()) {
    pending.delete(fn);
    try {
      fn();
    } catch {
      // Best effort: one failed clean-up must not stop the others.
    }
  }
}

function install() {
  installed = true;
  process.on('exit', runPending);
  for (const signal of SIGNALS) {
    process.once(signal, () => {
      runPending();
      // Die of the same signal as if we had never listened, unless someone else handles it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

/**
 * Registers a synchronous clean-up; returns a function that unregisters it (call that once the
 * normal path has cleaned up).
 * @param {() => void} fn
 * @returns {() => void}
 */
export function cleanupOnExit(fn) {
  if (!installed) install();
  pending.add(fn);
  return () => {
    pending.delete(fn);
  };
}
