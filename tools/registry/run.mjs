// Runs one command with its output captured and appended, as it arrives, to a log file, so a
// failed or hung step can be read afterwards. Rejects on a non-zero exit or a timeout.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { cleanupOnExit } from './cleanup-on-exit.mjs';
import { killProcessGroup } from './process-group.mjs';

const TAIL_LINES = 60;

/**
 * @typedef {object} RunOptions
 * @property {string} cwd
 * @property {string} logFile
 * @property {NodeJS.ProcessEnv} [env]
 * @property {number} [timeoutMs] default 5 minutes
 */

/**
 * @typedef {object} RunResult
 * @property {string} stdout
 * @property {string} output stdout and stderr, interleaved as they arrived
 */

/** A command that exited non-zero or timed out; `output` holds everything it printed. */
export class CommandFailed extends Error {
  /**
   * @param {string} message
   * @param {string} output
   */
  constructor(message, output) {
    super(message);
    this.name = 'CommandFailed';
    this.output = output;
  }
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {RunOptions} options
 * @returns {Promise<RunResult>}
 */
export function run(command, args, { cwd, logFile, env = process.env, timeoutMs = 300_000 }) {
  const shown = [command, ...args].join(' ');
  appendFileSync(logFile, `\n$ ${shown}\n  (in ${cwd})\n`);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // Own process group, so a timeout stops the command's children too (nx forks workers).
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid;
    const killGroup = () => {
      if (pid !== undefined) killProcessGroup(pid);
    };
    // Its own group is not in the terminal's: Ctrl-C reaches it only through this.
    const unregister = cleanupOnExit(killGroup);
    let stdout = '';
    let output = '';
    /** @param {Buffer} chunk */
    const collect = (chunk, isStdout = false) => {
      const text = chunk.toString();
      if (isStdout) stdout += text;
      output += text;
      appendFileSync(logFile, text);
    };
    child.stdout.on('data', (chunk) => collect(chunk, true));
    child.stderr.on('data', (chunk) => collect(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      unregister();
      appendFileSync(logFile, `[failed to start: ${error.message}]\n`);
      reject(new Error(`\`${shown}\` could not start: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      unregister();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const status = timedOut ? `timed out after ${timeoutMs / 1000}s` : signal ? `killed by ${signal}` : `exit ${code}`;
      appendFileSync(logFile, `[${status}, ${seconds}s]\n`);
      if (code === 0 && !timedOut) {
        resolve({ stdout, output });
        return;
      }
      const tail = output.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
      reject(new CommandFailed(`\`${shown}\` (in ${cwd}): ${status}\n--- last ${TAIL_LINES} lines ---\n${tail}\n--- full log: ${logFile}`, output));
    });
  });
}
