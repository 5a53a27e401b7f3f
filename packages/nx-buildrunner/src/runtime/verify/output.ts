/**
 * Keeps the first and last part of a stream of text in bounded memory: compilers and test
 * runners say what broke at the start (the first error) and at the end (the summary).
 */
export class HeadTail {
  private head = '';
  private tail = '';
  private total = 0;
  private readonly headLimit: number;
  private readonly tailLimit: number;

  constructor(maxChars: number) {
    this.headLimit = Math.ceil(Math.max(0, maxChars) / 2);
    this.tailLimit = Math.floor(Math.max(0, maxChars) / 2);
  }

  push(chunk: string): void {
    this.total += chunk.length;
    let rest = chunk;
    if (this.head.length < this.headLimit) {
      const taken = rest.slice(0, this.headLimit - this.head.length);
      this.head += taken;
      rest = rest.slice(taken.length);
    }
    this.tail += rest;
    // Trimmed in amortised steps, not on every chunk.
    if (this.tail.length > 2 * this.tailLimit) this.tail = this.tailLimit === 0 ? '' : this.tail.slice(-this.tailLimit);
  }

  text(): string {
    const tail = this.tailLimit === 0 ? '' : this.tail.slice(-this.tailLimit);
    const omitted = this.total - this.head.length - tail.length;
    return omitted > 0 ? `${this.head}\n[… ${omitted} characters omitted …]\n${tail}` : this.head + tail;
  }
}

/** `text` whole when it fits in `maxChars`, else its head and tail around a marker. */
export function trimMiddle(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const buffer = new HeadTail(Math.max(0, maxChars - 40));
  buffer.push(text);
  return buffer.text();
}
