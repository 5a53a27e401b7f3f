import { describeRun, type VerifyReport } from '../../runtime/verify';

/** A verification report as terminal text; Nx stores it with the cache entry and replays it on a hit. */

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');

function fileList(title: string, files: readonly string[]): string[] {
  return files.length === 0 ? [] : [title, ...files.map((file) => `  - ${file}`)];
}

/** `showPassedOutput` prints the output of passing commands too (Nx's `--verbose`). */
export function formatReport(where: string, fileCount: number, report: VerifyReport, showPassedOutput = false): string {
  const lines: string[] = [];
  const bad = report.missingFiles.length + report.emptyFiles.length;
  if (fileCount > 0 && bad === 0) lines.push(`Files (relative to ${where}): all ${fileCount} present`);
  lines.push(...fileList(`Missing files (relative to ${where}):`, report.missingFiles));
  lines.push(...fileList(`Empty files (relative to ${where}):`, report.emptyFiles));
  if (report.commands.length > 0) lines.push(`Commands (in ${where}):`);
  for (const run of report.commands) {
    const ok = run.exitCode === 0 && !run.timedOut;
    lines.push(`  ${ok ? 'ok  ' : 'FAIL'}  ${describeRun(run)}`);
    if ((!ok || showPassedOutput) && run.output.trim() !== '') lines.push(indent(run.output.trimEnd()));
  }
  for (const check of report.checks) lines.push(`  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}: ${check.message}`);
  if (fileCount === 0 && report.commands.length === 0 && report.checks.length === 0) {
    lines.push('Nothing to verify: the task names no files and no commands.');
  }
  lines.push(report.ok ? 'Verification passed.' : 'Verification failed.');
  return lines.join('\n');
}
