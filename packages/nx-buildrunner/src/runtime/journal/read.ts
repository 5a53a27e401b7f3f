import * as fs from 'node:fs';
import { JOURNAL_VERSION, type JournalEvent } from './types';

const EVENT_TYPES = new Set(['run-start', 'task-start', 'task-step', 'agent-tool', 'file-changed', 'flag', 'task-end', 'run-end']);

/**
 * The journal is read back by other processes and may hold a torn line, a line from a newer
 * version, or something a user pasted: anything without the common fields is skipped rather than
 * trusted. Fields of each type are checked where they are used (the fold), not here.
 */
export function isJournalEvent(value: unknown): value is JournalEvent {
  if (value === null || typeof value !== 'object') return false;
  const e = value as Record<string, unknown>;
  if (e['v'] !== JOURNAL_VERSION || typeof e['t'] !== 'number' || typeof e['run'] !== 'string' || typeof e['type'] !== 'string') return false;
  if (!EVENT_TYPES.has(e['type'])) return false;
  return e['type'] === 'run-start' || e['type'] === 'run-end' || typeof e['task'] === 'string';
}

export interface ParsedLines {
  events: JournalEvent[];
  /** Lines that were not events: a torn write of a killed process, or foreign text. */
  skipped: number;
}

/** Events of complete lines; blank lines are ignored, anything unreadable is counted. */
export function parseJournalLines(text: string): ParsedLines {
  const events: JournalEvent[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    if (isJournalEvent(parsed)) events.push(parsed);
    else skipped++;
  }
  return { events, skipped };
}

/** Bytes read per system call while catching up. */
const CHUNK = 1 << 20;

/**
 * Reads a journal incrementally by byte offset: each `poll` returns the events of the lines
 * completed since the last one and never reads a byte twice, so following a long run costs what
 * it appends, not what it holds. A last line without its newline (a writer mid-append, or one
 * that was killed) waits until it is complete. A file that got shorter was replaced: reading
 * starts again from the beginning.
 */
export class JournalTail {
  private pending = Buffer.alloc(0);
  private skippedLines = 0;

  /** `offset` must be at the start of a line (0, or an offset a tail reported). */
  constructor(
    readonly file: string,
    private position = 0,
  ) {}

  /** Bytes consumed as complete lines: where a later tail (or a checkpoint) can start. */
  get offset(): number {
    return this.position;
  }

  get skipped(): number {
    return this.skippedLines;
  }

  poll(): JournalEvent[] {
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    try {
      const size = fs.fstatSync(fd).size;
      const readFrom = this.position + this.pending.length;
      if (size < readFrom) {
        this.position = 0;
        this.pending = Buffer.alloc(0);
        return this.readFrom(fd, 0, size);
      }
      return this.readFrom(fd, readFrom, size);
    } finally {
      fs.closeSync(fd);
    }
  }

  private readFrom(fd: number, from: number, size: number): JournalEvent[] {
    const chunks: Buffer[] = [this.pending];
    let at = from;
    while (at < size) {
      const buf = Buffer.alloc(Math.min(CHUNK, size - at));
      const n = fs.readSync(fd, buf, 0, buf.length, at);
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      at += n;
    }
    const data = Buffer.concat(chunks);
    const end = data.lastIndexOf(0x0a);
    if (end < 0) {
      this.pending = data;
      return [];
    }
    this.pending = Buffer.from(data.subarray(end + 1));
    this.position += end + 1;
    const parsed = parseJournalLines(data.subarray(0, end).toString('utf8'));
    this.skippedLines += parsed.skipped;
    return parsed.events;
  }
}

/** Every event of a journal file (none when it does not exist yet). */
export function readJournal(file: string): ParsedLines & { offset: number } {
  const tail = new JournalTail(file);
  const events = tail.poll();
  return { events, skipped: tail.skipped, offset: tail.offset };
}
