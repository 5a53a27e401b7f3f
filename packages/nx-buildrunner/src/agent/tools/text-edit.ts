/**
 * Exact-match replacement, the edit format models get right most often: the text to replace
 * must occur exactly once, so an edit never lands somewhere the model did not mean.
 */

export type ReplaceResult =
  | { ok: true; text: string; firstLine: number; lastLine: number }
  | { ok: false; matches: number; lines: number[] };

/** Line numbers reported for an ambiguous match; more would only fill the context. */
const MAX_REPORTED_LINES = 10;

export function replaceOnce(text: string, oldStr: string, newStr: string): ReplaceResult {
  const positions: number[] = [];
  // Step by one so overlapping occurrences ("aa" in "aaa") count as the ambiguity they are.
  for (let at = text.indexOf(oldStr); at !== -1; at = text.indexOf(oldStr, at + 1)) positions.push(at);
  const [only] = positions;
  if (positions.length !== 1 || only === undefined) {
    return { ok: false, matches: positions.length, lines: positions.slice(0, MAX_REPORTED_LINES).map((p) => lineAt(text, p)) };
  }
  const firstLine = lineAt(text, only);
  return {
    ok: true,
    text: text.slice(0, only) + newStr + text.slice(only + oldStr.length),
    firstLine,
    lastLine: firstLine + countNewlines(newStr),
  };
}

/** 1-based line number of character offset `at`. */
export function lineAt(text: string, at: number): number {
  return countNewlines(text.slice(0, at)) + 1;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Lines split for display: a final newline does not start an extra empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines;
}

export function numbered(lines: readonly string[], firstNumber: number): string[] {
  const width = String(firstNumber + lines.length - 1).length;
  return lines.map((line, i) => `${String(firstNumber + i).padStart(width)}\t${line}`);
}
