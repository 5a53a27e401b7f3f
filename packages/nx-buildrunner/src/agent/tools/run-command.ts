import { existsSync } from 'node:fs';
import { runProcess } from '../../process/run';
import { scrubEnv } from '../../runtime/secrets';
import { parseInput } from './input';
import { TOOL_LIMITS } from './limits';
import { failure, type Tool } from './tool';

/** bash where there is one, because that is the dialect models write. */
const SHELL = existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';

export const runCommand: Tool = {
  definition: {
    name: 'run_command',
    description:
      'Run a shell command in the worktree root (bash, no terminal, empty stdin) and get its exit code and ' +
      `output (stdout and stderr together; when long, the first ${TOOL_LIMITS.commandHeadChars} and last ` +
      `${TOOL_LIMITS.commandTailChars} characters). Commands that outlive the time limit are killed with ` +
      'every process they started. Credentials are not in its environment. Use it to run tests, builds and git diff.',
    input_schema: {
      type: 'object',
      properties: {
        command: { type: 'string', description: 'The command line, e.g. "npm test -- --run".' },
      },
      required: ['command'],
    },
  },
  async run(input, { sandbox, commandTimeoutMs, signal }) {
    const parsed = parseInput(input, { command: 'string' });
    if (!parsed.ok) return failure(parsed.error);
    if (parsed.value.command.trim() === '') return failure('command is empty');
    const outcome = await runProcess({
      file: SHELL,
      args: ['-c', parsed.value.command],
      cwd: sandbox.realRoot,
      env: scrubEnv(process.env),
      timeoutMs: commandTimeoutMs,
      ...(signal ? { signal } : {}),
      keep: { head: TOOL_LIMITS.commandHeadChars, tail: TOOL_LIMITS.commandTailChars },
    });
    const output = outcome.output.trimEnd() || '(no output)';
    if (outcome.spawnError) return failure(`could not start the shell: ${outcome.spawnError}`);
    if (outcome.aborted) return failure(`aborted; output so far:\n${output}`);
    if (outcome.timedOut) {
      return failure(
        `timed out after ${commandTimeoutMs / 1000} s; the command and every process it started were killed. Output so far:\n${output}`,
      );
    }
    const status = outcome.exitCode === null ? `killed by ${outcome.signal ?? 'a signal'}` : `exit code ${outcome.exitCode}`;
    // A failing command is information (a red test run), not a tool failure.
    return { output: `${status}\n${output}`, isError: false };
  },
};
