/** The CLI's whole contact with the outside world, so tests run commands in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout is a terminal: `br status --watch` redraws in place instead of printing each change. */
  isTTY?: boolean;
}

export const EXIT_OK = 0;
/** The spec (or the plan made from it) has errors the user must fix. */
export const EXIT_SPEC_ERROR = 1;
/** The command line itself is wrong. */
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
  };
}
