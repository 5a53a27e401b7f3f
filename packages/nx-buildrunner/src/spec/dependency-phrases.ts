/**
 * Dependencies written as prose: "This needs the note store below to exist first", "available
 * once the sync service is in place", "Depends on Tier 1". Strong phrases say outright that
 * another piece of work must come first, so one that names nothing we know is worth a warning;
 * weak ones ("requires X", "after X") are just as often about something else ("requires a
 * login", "after the app restarts"), so they only count when they name a feature.
 */
export type PhraseStrength = 'strong' | 'weak';

export interface DependencyPhrase {
  target: string;
  strength: PhraseStrength;
  /** Where the phrase starts in the text given. */
  index: number;
}

const COMPLETE = String.raw`(?:in\s+place|done|ready|built|finished|complete|completed|available|merged|shipped|live|implemented|working|there)`;

/**
 * Phrase bodies are bounded (`{1,160}`) so a long run of text with many trigger words costs
 * linear time instead of one scan to the end per trigger.
 */
const PATTERNS: ReadonlyArray<{ re: RegExp; strength: PhraseStrength }> = [
  { re: /\b(?:depends?|depending|dependent)\s+(?:up)?on\s+(.{1,160})/gi, strength: 'strong' },
  {
    re: /\bneeds?\s+(.{1,160}?)\s+(?:(?:to\s+(?:exist|land|ship|be\s+\w+(?:\s+\w+)?))\s+)?first\b/gi,
    strength: 'strong',
  },
  { re: new RegExp(String.raw`\b(?:once|after|when)\s+(.{1,160}?)\s+(?:is|are|has\s+been|have\s+been)\s+${COMPLETE}\b`, 'gi'), strength: 'strong' },
  { re: /\b(?:blocked\s+by|builds?\s+on(?:\s+top\s+of)?|prerequisites?\s*:)\s+(.{1,160})/gi, strength: 'strong' },
  { re: /\brequires?\s+(.{1,160})/gi, strength: 'weak' },
  { re: /\bafter\s+(.{1,160})/gi, strength: 'weak' },
];

/** A sentence ends at `.`, `!` or `?` followed by a space or the end (`v3.1.0` does not end one). */
const SENTENCE = /(?:[^.!?]|[.!?](?!\s|$))+[.!?]*/g;
const CUT = /[;:()!?]|\.(?:\s|$)|\s(?:to|so|because|which|who|that|when|where|while|before|since|but|or|for|with|is|are|was|were|has|have|will|can|could|must|should|would|then|first)\b/i;
const LEADING = /^(?:the|a|an|our|this|that|these|those|its|their|your)\s+/i;
const TRAILING = /\s+(?:below|above|feature|features|section|here|too|as well|in place)$/i;
const NOT_A_NAME = /^(?:whether|how|what|if|where|which|who|when|why|it|them|this|that|you|we|they|user|users|some|any|each|every|all|more|less)\b/i;

export function dependencyPhrases(prose: string): DependencyPhrase[] {
  const out: DependencyPhrase[] = [];
  for (const sentence of prose.matchAll(SENTENCE)) {
    const claimed: Array<[number, number]> = [];
    for (const { re, strength } of PATTERNS) {
      for (const m of sentence[0].matchAll(re)) {
        const at = m.index ?? 0;
        if (claimed.some(([from, to]) => at >= from && at < to)) continue;
        const target = cleanTarget(m[1] ?? '');
        if (!target || NOT_A_NAME.test(target)) continue;
        claimed.push([at, at + m[0].length]);
        out.push({ target, strength, index: (sentence.index ?? 0) + at });
      }
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

function cleanTarget(raw: string): string {
  let target = raw;
  const cut = CUT.exec(target);
  if (cut) target = target.slice(0, cut.index);
  target = target.trim().replace(/[.,]+$/, '');
  for (let before = ''; before !== target; ) {
    before = target;
    target = target.replace(LEADING, '').replace(TRAILING, '').trim();
  }
  return target.split(/\s+/).length > 8 ? '' : target;
}
