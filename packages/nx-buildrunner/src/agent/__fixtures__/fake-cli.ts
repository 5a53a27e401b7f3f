import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Stand-ins for agent CLIs (`claude` and the like): a Node script that records how it was
 * called, then plays a list of steps. `${cwd}` in printed text becomes the directory it runs in,
 * the way the real CLI reports absolute paths.
 */
export type FakeStep =
  | { print: unknown }
  | { printRaw: string }
  | { stderr: string }
  | { write: { path: string; content: string } }
  | { sleepMs: number }
  | { spawnSleeper: string }
  | { exit: number };

export interface FakeCall {
  argv: string[];
  cwd: string;
  stdin: string;
  env: Record<string, string | undefined>;
}

export async function writeFakeCli(dir: string, name: string, steps: FakeStep[]): Promise<{ bin: string; calls(): Promise<FakeCall[]> }> {
  const bin = path.join(dir, name);
  const log = path.join(dir, `${name}.calls.jsonl`);
  const script = `#!/usr/bin/env node
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const steps = ${JSON.stringify(steps)};
const stdin = process.stdin.isTTY ? '' : fs.readFileSync(0, 'utf8');
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), stdin, env: process.env }) + '\\n');
const fill = (text) => text.split('\${cwd}').join(process.cwd());
(async () => {
  for (const step of steps) {
    if ('print' in step) process.stdout.write(fill(JSON.stringify(step.print)) + '\\n');
    else if ('printRaw' in step) process.stdout.write(fill(step.printRaw));
    else if ('stderr' in step) process.stderr.write(step.stderr);
    else if ('write' in step) fs.writeFileSync(step.write.path, step.write.content);
    else if ('sleepMs' in step) await new Promise((r) => setTimeout(r, step.sleepMs));
    else if ('spawnSleeper' in step) {
      const child = spawn('sleep', ['30'], { stdio: 'ignore' });
      fs.writeFileSync(step.spawnSleeper, String(child.pid));
    } else if ('exit' in step) process.exit(step.exit);
  }
})();
`;
  await writeFile(bin, script);
  await chmod(bin, 0o755);
  return {
    bin,
    async calls() {
      const text = await readFile(log, 'utf8').catch(() => '');
      return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as FakeCall);
    },
  };
}
