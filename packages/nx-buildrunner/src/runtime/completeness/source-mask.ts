import type { TestLanguage } from './test-files';

/**
 * Source text in two aligned views, same length, same line breaks: `code` has comments blanked
 * (a commented-out assertion is no assertion) and keeps strings, whose values matter when an
 * expected value changes; `mask` also blanks what is inside strings and regular expressions, so
 * patterns only ever match real code and brackets balance. A lexer, not a parser: good enough for
 * test files, and it never throws on broken input.
 */
export interface Masked {
  code: string;
  mask: string;
}

class Views {
  readonly code: string[];
  readonly mask: string[];

  constructor(readonly src: string) {
    // UTF-16 units, as the indexes below: a blanked surrogate pair becomes two spaces, aligned.
    this.code = src.split('');
    this.mask = src.split('');
  }

  /** Blanks [from, to) in the mask, and in the code too when `both`; line breaks stay. */
  blank(from: number, to: number, both: boolean): void {
    for (let k = from; k < to; k++) {
      if (this.src[k] === '\n' || this.src[k] === '\r') continue;
      this.mask[k] = ' ';
      if (both) this.code[k] = ' ';
    }
  }

  result(): Masked {
    return { code: this.code.join(''), mask: this.mask.join('') };
  }
}

export function maskSource(src: string, language: TestLanguage): Masked {
  if (language === 'js') return maskJs(src);
  if (language === 'python') return maskPython(src);
  return { code: src, mask: src };
}

/** Keywords after which `/` starts a regular expression rather than dividing. */
const BEFORE_REGEX_WORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);
const BEFORE_REGEX_PUNCT = new Set([...'(,=:[!&|?{};+-*%<>~^']);

function maskJs(src: string): Masked {
  const v = new Views(src);
  const n = src.length;
  let last = '';
  let lastWord = '';
  let i = 0;
  while (i < n) {
    const c = src[i] ?? '';
    const d = src[i + 1] ?? '';
    if (c === '/' && d === '/') {
      const end = lineEnd(src, i);
      v.blank(i, end, true);
      i = end;
    } else if (c === '/' && d === '*') {
      const close = src.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      v.blank(i, end, true);
      i = end;
    } else if (c === '"' || c === "'" || c === '`') {
      const end = c === '`' ? templateEnd(src, i) : quotedEnd(src, i, c);
      const closed = end - 1 > i && src[end - 1] === c;
      v.blank(i + 1, closed ? end - 1 : end, false);
      i = end;
      last = c;
      lastWord = '';
    } else if (c === '/' && (last === '' || BEFORE_REGEX_PUNCT.has(last) || BEFORE_REGEX_WORDS.has(lastWord))) {
      const end = regexEnd(src, i);
      if (end < 0) {
        last = c;
        i++;
      } else {
        v.blank(i + 1, end, false);
        i = end;
        last = '/';
        lastWord = '';
      }
    } else {
      if (/[\w$]/.test(c)) {
        let j = i;
        while (j < n && /[\w$]/.test(src[j] ?? '')) j++;
        lastWord = src.slice(i, j);
        last = src[j - 1] ?? '';
        i = j;
        continue;
      }
      if (!/\s/.test(c)) {
        last = c;
        lastWord = '';
      }
      i++;
    }
  }
  return v.result();
}

function lineEnd(src: string, from: number): number {
  const nl = src.indexOf('\n', from);
  return nl < 0 ? src.length : nl;
}

/** End (exclusive) of a '…' or "…" string; an unterminated one ends at its line. */
function quotedEnd(src: string, start: number, quote: string): number {
  for (let k = start + 1; k < src.length; k++) {
    const c = src[k];
    if (c === '\\') k++;
    else if (c === quote) return k + 1;
    else if (c === '\n') return k;
  }
  return src.length;
}

/** End of a template literal; `${…}` parts are skipped by brace count, their contents masked too. */
function templateEnd(src: string, start: number): number {
  let depth = 0;
  for (let k = start + 1; k < src.length; k++) {
    const c = src[k];
    if (c === '\\') k++;
    else if (depth === 0 && c === '`') return k + 1;
    else if (c === '$' && src[k + 1] === '{') {
      depth++;
      k++;
    } else if (depth > 0 && c === '{') depth++;
    else if (depth > 0 && c === '}') depth--;
  }
  return src.length;
}

/** End of the body of a regular expression literal (before its closing slash), or -1 if it is none. */
function regexEnd(src: string, start: number): number {
  let inClass = false;
  for (let k = start + 1; k < src.length; k++) {
    const c = src[k];
    if (c === '\n') return -1;
    if (c === '\\') k++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) return k === start + 1 ? -1 : k;
  }
  return -1;
}

function maskPython(src: string): Masked {
  const v = new Views(src);
  const n = src.length;
  let i = 0;
  while (i < n) {
    const c = src[i] ?? '';
    if (c === '#') {
      const end = lineEnd(src, i);
      v.blank(i, end, true);
      i = end;
      continue;
    }
    const prefix = /^[rRbBuUfF]{0,2}('''|"""|'|")/.exec(src.slice(i, i + 5));
    if (prefix !== null && (i === 0 || !/[\w]/.test(src[i - 1] ?? ''))) {
      const quote = prefix[1] ?? '"';
      const open = i + prefix[0].length;
      const { end, closed } = pythonStringEnd(src, open, quote);
      v.blank(open, closed ? end - quote.length : end, false);
      i = end;
      continue;
    }
    if (/[\w]/.test(c)) {
      while (i < n && /[\w]/.test(src[i] ?? '')) i++;
      continue;
    }
    i++;
  }
  return v.result();
}

/**
 * End (exclusive, past the closing quotes) of a Python string whose body starts at `open`. A
 * backslash never ends one, raw or not; an unterminated one-line string ends at its line.
 */
function pythonStringEnd(src: string, open: number, quote: string): { end: number; closed: boolean } {
  const triple = quote.length === 3;
  for (let k = open; k < src.length; k++) {
    const c = src[k];
    if (c === '\\') {
      k++;
      continue;
    }
    if (!triple && c === '\n') return { end: k, closed: false };
    if (src.startsWith(quote, k)) return { end: k + quote.length, closed: true };
  }
  return { end: src.length, closed: false };
}
