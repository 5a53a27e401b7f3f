import { join } from 'node:path';
import { type ExecutorContext, logger } from '@nx/devkit';
import { specDirectory } from '../../plugin/paths';
import type { VerifyTargetOptions } from '../../plugin/target-options';
import { scrubSecrets } from '../../runtime/secrets';
import { verifyTask } from './checks';
import { formatReport } from './report';
import schema from './schema.json';

/** The schema holds the default, so `nx run` and direct calls agree on it. */
export const DEFAULT_TIMEOUT_MS: number = schema.properties.timeoutMs.default;

export interface VerifyExecutorEffects {
  print?: (text: string) => void;
}

/** Executor `nx-buildrunner:verify`, the `br-verify` target of every task project. */
export default async function verifyExecutor(
  options: VerifyTargetOptions,
  context: ExecutorContext,
  effects: VerifyExecutorEffects = {},
): Promise<{ success: boolean }> {
  const print = effects.print ?? ((text: string) => logger.info(text));
  const where = specDirectory(options.spec);
  const report = await verifyTask(options.task, {
    cwd: join(context.root, where),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  const text = formatReport(where, new Set(options.task.files).size, report, context.isVerbose);
  // Nx stores what is printed in its cache, which may be shared: no secret may reach it.
  print(scrubSecrets(`Task ${options.task.id}\n${text}`));
  return { success: report.ok };
}
