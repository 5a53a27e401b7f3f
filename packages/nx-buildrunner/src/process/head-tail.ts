/**
 * Keeps the beginning and the end of a long output in bounded memory: compilers and test
 * runners say what broke at the start (the first error) and how it ended at the end (the
 * summary, the stack trace); the middle is what a reader can best do without.
 */
export class HeadTail {
  private head = '';
  private tail = '';
  private total = 0;

  constructor(
    private readonly headChars: number,
    private readonly tailChars: number,
  ) {}

  push(chunk: string): void {
    this.total += chunk.length;
    const room = this.headChars - this.head.length;
    if (room > 0) {
      this.head += chunk.slice(0, room);
      chunk = chunk.slice(room);
    }
    if (chunk.length === 0) return;
    this.tail += chunk;
    // Trimmed in amortised steps, not on every chunk.
    if (this.tail.length > 2 * this.tailChars) this.tail = this.tailChars === 0 ? '' : this.tail.slice(-this.tailChars);
  }

  get length(): number {
    return this.total;
  }

  toString(): string {
    const tail = this.tailChars === 0 ? '' : this.tail.slice(-this.tailChars);
    const omitted = this.total - this.head.length - tail.length;
    if (omitted <= 0) return this.head + tail;
    return `${this.head}\n[... ${omitted} characters omitted ...]\n${tail}`;
  }
}

/** `text` whole when it fits in `maxChars`, else its head and tail around a marker. */
export function trimMiddle(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const keep = Math.max(0, maxChars - 40);
  const buffer = new HeadTail(Math.ceil(keep / 2), Math.floor(keep / 2));
  buffer.push(text);
  return buffer.toString();
}
