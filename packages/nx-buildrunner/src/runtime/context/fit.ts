import { signatureLines, type SignatureLine } from './signatures';
import { CHARS_PER_TOKEN } from './tokens';

/**
 * `head`: the file as it starts, then the declarations further down with their line numbers
 * (for the files a task changes: the agent sees how the file begins and where everything is).
 * `api`: declarations only, exported ones first (for what dependencies produced and for
 * neighbours: what they offer matters, not how).
 */
export type FitMode = 'head' | 'api';

export interface Fitted {
  text: string;
  /** Which part is shown when not all of it; undefined when the text is whole. */
  trimmed?: string;
}

/** Room kept for the `[… more …]` marker lines (about 70 characters for both). */
const MARKER_CHARS = 72;

/**
 * As many declarations as fit in `room` characters, exported ones chosen first; listed exported
 * first (`api`) or in file order (`head`, where they continue the file's head).
 */
function declarationLines(sigs: readonly SignatureLine[], room: number, order: 'exported' | 'file'): string[] {
  const ranked = [...sigs.filter((s) => s.exported), ...sigs.filter((s) => !s.exported)];
  const chosen: SignatureLine[] = [];
  let used = 0;
  for (const sig of ranked) {
    const length = `L${sig.line}: ${sig.text.trim()}`.length + 1;
    if (used + length > room) break;
    chosen.push(sig);
    used += length;
  }
  if (order === 'file') chosen.sort((a, b) => a.line - b.line);
  return chosen.map((sig) => `L${sig.line}: ${sig.text.trim()}`);
}

/**
 * What a file the task only reads offers: its declarations, exported first, when that is shorter
 * than the file. The agent can open any file itself, so the prompt spends tokens on where things
 * are rather than on how they are written.
 */
export function outline(text: string): string {
  const sigs = signatureLines(text);
  if (sigs.length === 0) return text;
  const shown = [`[declarations of ${text.split('\n').length} lines, exported first]`, ...declarationLines(sigs, Number.POSITIVE_INFINITY, 'exported')].join('\n');
  return shown.length < text.length ? shown : text;
}

/** `text` whole when it fits in `maxTokens` (estimated), else the part `mode` keeps. */
export function fitText(text: string, maxTokens: number, mode: FitMode): Fitted {
  const maxChars = Math.floor(maxTokens * CHARS_PER_TOKEN);
  if (text.length <= maxChars) return { text };
  const lines = text.split('\n');
  const sigs = signatureLines(text);
  const room = Math.max(0, maxChars - MARKER_CHARS);
  if (mode === 'api' && sigs.length > 0) {
    const shown = declarationLines(sigs, room, 'exported');
    const rest = sigs.length - shown.length;
    const out = [`[declarations of ${lines.length} lines, exported first]`, ...shown];
    if (rest > 0) out.push(`[… ${rest} more declarations]`);
    return { text: out.join('\n'), trimmed: `${shown.length} of ${sigs.length} declarations of ${lines.length} lines` };
  }
  const sigChars = sigs.reduce((n, s) => n + s.text.trim().length + 8, 0);
  const headRoom = Math.max(Math.floor(room / 2), room - sigChars);
  let headEnd = 0;
  let used = 0;
  while (headEnd < lines.length && used + (lines[headEnd]?.length ?? 0) + 1 <= headRoom) {
    used += (lines[headEnd]?.length ?? 0) + 1;
    headEnd += 1;
  }
  const later = sigs.filter((s) => s.line > headEnd);
  const shown = declarationLines(later, room - used, 'file');
  const out = lines.slice(0, headEnd);
  out.push(`[… lines ${headEnd + 1}-${lines.length} not shown${shown.length > 0 ? '; declarations there:' : ''}]`);
  out.push(...shown);
  if (later.length > shown.length) out.push(`[… ${later.length - shown.length} more declarations]`);
  const part = headEnd > 0 ? `lines 1-${headEnd}` : 'no lines';
  return {
    text: out.join('\n'),
    trimmed: `${part} and ${shown.length} of ${later.length} later declarations of ${lines.length} lines`,
  };
}
