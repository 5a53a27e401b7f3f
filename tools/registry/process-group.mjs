// Commands here start in their own process group (`detached: true`) so that stopping one
// stops everything it forked; this is how they are stopped.

/**
 * @param {number} pid the group leader's pid
 * @param {NodeJS.Signals} [signal]
 */
export function killProcessGroup(pid, signal = 'SIGKILL') {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
