/**
 * Keeps the beginning and the end of a long output: the start says what ran, the end says how
 * it finished (test summaries, stack traces); the middle is what a reader can best do without.
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
    this.tail = (this.tail + chunk).slice(-this.tailChars);
  }

  get length(): number {
    return this.total;
  }

  toString(): string {
    const omitted = this.total - this.head.length - this.tail.length;
    if (omitted <= 0) return this.head + this.tail;
    return `${this.head}\n[... ${omitted} characters omitted ...]\n${this.tail}`;
  }
}

