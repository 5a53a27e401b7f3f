import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../io';
import { runNx } from '../nx';
import { workspaceRootOrThrow } from '../workspace';

export function registerGraph(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('graph')
    .description("Open Nx's graph of the tasks in the browser, or write it to a file")
    .option('--file <file>', 'write the graph to this file (.json, or .html for a page) instead of opening it')
    .action(async (opts: { file?: string }) => {
      const root = workspaceRootOrThrow(io.cwd);
      const args = ['graph', ...(opts.file === undefined ? [] : [`--file=${resolve(io.cwd, opts.file)}`])];
      const exit = await runNx({ root, args, env: io.env, onLine: (line) => io.out(line) });
      done(exit.code ?? 1);
    });
}
