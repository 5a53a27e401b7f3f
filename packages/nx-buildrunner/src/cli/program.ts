import { Command, CommanderError } from 'commander';
import { registerGraph } from './commands/graph';
import { registerRun } from './commands/run';
import { registerSpecLoad } from './commands/spec-load';
import { registerStatus } from './commands/status';
import { registerTask } from './commands/task';
import { registerVerify } from './commands/verify';
import { type CliIo, EXIT_OK, EXIT_USAGE, UsageError } from './io';

const VERSION: string = (require('../../package.json') as { version: string }).version;

function buildProgram(io: CliIo, done: (code: number) => void): Command {
  const program = new Command('br')
    .description('nx-buildrunner: plan a Markdown spec into tasks, run them with Claude in git worktrees, verify and merge')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)');
  const spec = program.command('spec').description('Read and validate specs');
  registerSpecLoad(spec, io, done);
  const task = program.command('task').description('Plan and list tasks');
  registerTask(task, io, done);
  registerRun(program, io, done);
  registerStatus(program, io, done);
  registerVerify(program, io, done);
  registerGraph(program, io, done);

  // Every level writes through io and reports usage errors instead of exiting the process.
  const wire = (cmd: Command) => {
    cmd.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
    cmd.commands.forEach(wire);
  };
  wire(program);
  return program;
}

/** Runs one command line; returns the exit code instead of exiting so tests can call it. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // `br spec` without a subcommand shows help as an error ('commander.help'): that is a usage error.
      const benign = e.code === 'commander.helpDisplayed' || e.code === 'commander.version';
      return benign ? EXIT_OK : EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      io.err(`br: ${e.message}`);
      return EXIT_USAGE;
    }
    throw e;
  }
}
