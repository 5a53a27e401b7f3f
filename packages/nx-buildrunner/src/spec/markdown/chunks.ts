/**
 * Where a document may be cut into pieces that parse to exactly the blocks the whole would.
 *
 * Why: micromark rewrites its whole event list every time a list or block quote closes, so a
 * spec with thousands of lists parses in quadratic time. Parsing bounded pieces keeps the total
 * linear. A piece may only start where every open container has certainly closed:
 * - an ATX heading at column 0 (it closes lists and quotes; nothing continues through it), or
 * - after a blank line, a line at column 0 that can only start a paragraph (a letter, a digit
 *   that is not a list marker, or `**bold`), which closes lists, quotes and indented code.
 * Never inside front matter, a fenced code block or an HTML block. Link reference definitions
 * do not carry across pieces; the spec reader takes text from the source, so that is harmless.
 */
export interface Chunk {
  /** Offset of the chunk's first character. */
  offset: number;
  /** 1-based line of the chunk's first character. */
  line: number;
}

/**
 * Pieces of about this many characters keep micromark's per-container cost bounded. Smaller is
 * faster down to about 1 KB: micromark's event list for a piece, and the garbage it leaves, grow
 * with the piece, while starting a piece costs ~0.1 ms. 2 KB pieces parse a 1,000-feature spec
 * about 25% faster than 8 KB ones (tools/bench/plan).
 */
export const DEFAULT_CHUNK_SIZE = 2048;

const HEADING = /^#{1,6}(?:[ \t]|$)/;
const PARAGRAPH_START = /^(?:[\p{L}\p{N}]|\*\*[^\s*])/u;
const ORDERED_MARKER = /^\d{1,9}[.)](?:[ \t]|$)/;
const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})(.*)$/;
const BLANK = /^[ \t]*$/;
const FRONT_MATTER_FENCE = /^---[ \t]*$/;

/** HTML blocks (CommonMark kinds 1-5) that end at a marker rather than at a blank line. */
const HTML_UNTIL_MARKER: ReadonlyArray<[RegExp, RegExp]> = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
  [/^ {0,3}<![A-Za-z]/, />/],
];
const HTML_UNTIL_BLANK = /^ {0,3}<\/?[A-Za-z]/;

type Open =
  | { kind: 'none' }
  | { kind: 'frontMatter' }
  | { kind: 'fence'; marker: string }
  | { kind: 'html'; end: RegExp | 'blank' };

export function chunkDocument(text: string, targetSize: number): Chunk[] {
  const chunks: Chunk[] = [{ offset: 0, line: 1 }];
  let open: Open = { kind: 'none' };
  let previousBlank = false;
  let chunkStart = 0;
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    line++;
    const end = lineEndAt(text, start);
    const content = text.slice(start, end);
    const blank = BLANK.test(content);
    if (open.kind === 'none') {
      if (line === 1 && FRONT_MATTER_FENCE.test(content)) {
        open = { kind: 'frontMatter' };
      } else {
        if (start - chunkStart >= targetSize && line > 1 && canStartChunk(content, previousBlank)) {
          chunks.push({ offset: start, line });
          chunkStart = start;
        }
        open = opening(content);
      }
    } else {
      open = stillOpen(open, content, blank);
    }
    previousBlank = blank;
    start = nextLineStart(text, end);
    if (start < 0) break;
  }
  return chunks;
}

function canStartChunk(content: string, previousBlank: boolean): boolean {
  if (HEADING.test(content)) return true;
  return previousBlank && PARAGRAPH_START.test(content) && !ORDERED_MARKER.test(content);
}

function opening(content: string): Open {
  const fence = FENCE_OPEN.exec(content);
  if (fence) {
    const marker = fence[1] ?? '```';
    // A backtick fence's info string may not contain a backtick (then it is inline code).
    if (!(marker.startsWith('`') && (fence[2] ?? '').includes('`'))) return { kind: 'fence', marker };
  }
  for (const [begin, end] of HTML_UNTIL_MARKER) {
    if (begin.test(content)) return end.test(content.slice(4)) ? { kind: 'none' } : { kind: 'html', end };
  }
  if (HTML_UNTIL_BLANK.test(content)) return { kind: 'html', end: 'blank' };
  return { kind: 'none' };
}

function stillOpen(open: Open, content: string, blank: boolean): Open {
  switch (open.kind) {
    case 'frontMatter':
      return FRONT_MATTER_FENCE.test(content) || /^\.\.\.[ \t]*$/.test(content) ? { kind: 'none' } : open;
    case 'fence': {
      const trimmed = content.trim();
      const char = open.marker.charAt(0);
      const closes = trimmed.length >= open.marker.length && [...trimmed].every((c) => c === char);
      return closes ? { kind: 'none' } : open;
    }
    case 'html':
      if (open.end === 'blank') return blank ? { kind: 'none' } : open;
      return open.end.test(content) ? { kind: 'none' } : open;
    default:
      return open;
  }
}

function lineEndAt(text: string, start: number): number {
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}

/** Start of the next line, or -1 when `end` is the end of the text. */
function nextLineStart(text: string, end: number): number {
  if (end >= text.length) return -1;
  return text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
}
