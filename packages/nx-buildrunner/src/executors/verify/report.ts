import type { CommandResult, VerifyReport } from './checks';

/** A verification report as terminal text; Nx stores it with the cache entry and replays it on a hit. */

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');

function commandLine(result: CommandResult): string {
  if (result.ok) return `  ok    ${result.command} (${seconds(result.durationMs)})`;
  const why =
    result.error !== undefined
      ? `could not start: ${result.error}`
      : result.timedOut
        ? `timed out after ${seconds(result.durationMs)}`
        : `exited with code ${result.exitCode ?? 'none (killed)'}`;
  return `  FAIL  ${result.command}: ${why}`;
}

/** `showPassedOutput` prints the output of passing commands too (Nx's `--verbose`). */
export function formatReport(where: string, report: VerifyReport, showPassedOutput = false): string {
  const lines: string[] = [];
  if (report.checkedFiles > 0 && report.missingFiles.length === 0) {
    lines.push(`Files (relative to ${where}): all ${report.checkedFiles} present`);
  }
  if (report.missingFiles.length > 0) {
    lines.push(`Missing files (relative to ${where}):`);
    for (const file of report.missingFiles) lines.push(`  - ${file}`);
  }
  if (report.commands.length > 0) lines.push(`Commands (in ${where}):`);
  for (const result of report.commands) {
    lines.push(commandLine(result));
    if ((!result.ok || showPassedOutput) && result.output !== '') lines.push(indent(result.output));
  }
  for (const command of report.notRun) lines.push(`  skip  ${command}`);
  if (lines.length === 0) lines.push('Nothing to verify: the task names no files and no commands.');
  lines.push(report.ok ? 'Verification passed.' : 'Verification failed.');
  return lines.join('\n');
}
