import { trimMiddle } from '../../process/head-tail';
import { describeRun } from './verify';
import type { VerifyReport } from './types';

/** Below this, a command's output says too little to be worth including. */
const MIN_OUTPUT_CHARS = 200;

/**
 * What the agent is told about a failed verification, in at most `maxChars`: the files that are
 * missing or empty, the checks that failed, and each failing command with its output trimmed to
 * a fair share (head and tail, where errors and summaries are). Empty when the report is ok.
 */
export function feedbackFor(report: VerifyReport, maxChars: number): string {
  if (report.ok) return '';
  const lines = ['Verification failed.'];
  if (report.missingFiles.length > 0) lines.push(`Missing files: ${report.missingFiles.join(', ')}`);
  if (report.emptyFiles.length > 0) lines.push(`Empty files: ${report.emptyFiles.join(', ')}`);
  for (const check of report.checks) if (!check.ok) lines.push(`Check ${check.name} failed: ${check.message}`);
  const failing = report.commands.filter((c) => c.exitCode !== 0 || c.timedOut);
  const headings = failing.map((run) => `--- ${describeRun(run)}; output:`);
  const fixed = [...lines, ...headings].join('\n').length + failing.length * 2;
  const share = failing.length === 0 ? 0 : Math.floor((maxChars - fixed) / failing.length);
  failing.forEach((run, i) => {
    lines.push(headings[i] ?? '');
    if (share >= MIN_OUTPUT_CHARS) lines.push(trimMiddle(run.output.trimEnd(), share));
  });
  return trimMiddle(lines.join('\n'), maxChars);
}
