/** A working day and week, as a plan's `Duration` label means them. */
const UNIT_MINUTES: Readonly<Record<string, number>> = { m: 1, h: 60, d: 8 * 60, w: 5 * 8 * 60 };

const ARTICLES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bhalf\s+an?\s+(hour|day|week)\b/g, '0.5 $1'],
  [/\bhalf[\s-]+(hour|day|week)\b/g, '0.5 $1'],
  [/\ban?\s+(hour|day|week)\b/g, '1 $1'],
];

const AMOUNT =
  /(\d+(?:[.,]\d+)?)(?:\s*(?:-|–|to)\s*(\d+(?:[.,]\d+)?))?\s*(minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w)\b/g;

/**
 * Minutes of work a `Duration` label stands for (`1 day`, `2 days`, `90 min`, `3 hours`,
 * `1h 30m`), or undefined when the label names no amount. A range counts as its upper end:
 * plans are sized for the work the author feared, not hoped.
 */
export function durationMinutes(label: string): number | undefined {
  let text = label.toLowerCase();
  for (const [pattern, replacement] of ARTICLES) text = text.replace(pattern, replacement);
  let total = 0;
  let found = false;
  for (const [, low, high, unit] of text.matchAll(AMOUNT)) {
    const amount = Number((high ?? low ?? '0').replace(',', '.'));
    total += amount * (UNIT_MINUTES[(unit ?? 'm').charAt(0)] ?? 1);
    found = true;
  }
  return found ? Math.round(total) : undefined;
}
