/** A code span in a line of Markdown and where it sits in that line. */
export interface CodeSpan {
  value: string;
  /** Where the opening backticks start, and how long the span is with its backticks. */
  index: number;
  length: number;
}

/** CommonMark code spans: a run of backticks closed by a run of the same length. */
const CODE_SPAN = /(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g;

export function codeSpans(markdown: string): CodeSpan[] {
  const spans: CodeSpan[] = [];
  for (const m of markdown.matchAll(CODE_SPAN)) {
    let value = m[2] ?? '';
    if (value.length > 2 && value.startsWith(' ') && value.endsWith(' ')) value = value.slice(1, -1);
    if (value.trim()) spans.push({ value, index: m.index ?? 0, length: m[0].length });
  }
  return spans;
}
