import type { Node } from 'unist';

/**
 * The spec's text with line arithmetic. Items keep their text as written (Markdown and all) by
 * slicing the source instead of re-serialising the tree: cheap, and faithful to what the user wrote.
 * Line endings follow CommonMark (`\n`, `\r\n` and a lone `\r`), as the Markdown parser counts them.
 */
export class SourceText {
  readonly text: string;
  /** Offset of the first character of each line; index 0 is line 1. */
  private readonly starts: number[];

  constructor(text: string) {
    this.text = text;
    this.starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset where `line` starts (clamped to the text). */
  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1] ?? 0;
  }

  /** Offset of the end of `line`, before its line ending. */
  lineEnd(line: number): number {
    if (line >= this.starts.length) return this.text.length;
    let end = this.lineStart(line + 1);
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  /** The source of a node, line endings normalised so the same content hashes the same on any OS. */
  nodeSource(node: Node): string {
    return this.text.slice(startOffset(node), endOffset(node)).replace(/\r\n?/g, '\n');
  }
}

export function startOffset(node: Node): number {
  return node.position?.start.offset ?? 0;
}

export function endOffset(node: Node): number {
  return node.position?.end.offset ?? 0;
}

export function startLine(node: Node): number {
  return node.position?.start.line ?? 0;
}

export function endLine(node: Node): number {
  return node.position?.end.line ?? 0;
}
