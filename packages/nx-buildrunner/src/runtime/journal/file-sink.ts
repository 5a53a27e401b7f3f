import * as fs from 'node:fs';
import * as path from 'node:path';
import { scrubDeep } from '../secrets';
import { JOURNAL_VERSION, type JournalEvent, type JournalEventBody, type JournalSink } from './types';

export interface FileSinkOptions {
  /** The run every event of this sink belongs to (see `runIdFromEnv`). */
  run: string;
  /** Where secret values are looked up for scrubbing. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  pid?: number;
}

export interface FileJournalSink extends JournalSink {
  readonly file: string;
  readonly run: string;
  /** Why the last append was lost, if it was: a journal that cannot be written never stops a task. */
  problem(): string | undefined;
  close(): void;
}

/** One event as one line: JSON never holds a raw newline, so a line is exactly one event. */
export function journalLine(event: JournalEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/**
 * Appends events to the journal file, one line per event, each with a single `write` on a
 * descriptor opened with O_APPEND. Every process of a run (Nx runs each task in its own) appends
 * to the same file: O_APPEND puts each write at the end as one piece, so lines of different
 * processes never interleave. A process killed in the middle of a write can leave a torn last
 * line; the next sink to open the file starts on a fresh line, and readers skip the fragment.
 * Events are scrubbed of secrets before they are written.
 */
export function fileJournalSink(file: string, options: FileSinkOptions): FileJournalSink {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const pid = options.pid ?? process.pid;
  let fd: number | undefined;
  let lead = '';
  let problem: string | undefined;

  const open = (): number => {
    if (fd !== undefined) return fd;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const opened = fs.openSync(file, 'a+');
    const size = fs.fstatSync(opened).size;
    if (size > 0) {
      const last = Buffer.alloc(1);
      fs.readSync(opened, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) lead = '\n';
    }
    fd = opened;
    return opened;
  };

  return {
    file,
    run: options.run,
    problem: () => problem,
    append(body: JournalEventBody) {
      try {
        const event = { ...scrubDeep(body, env), v: JOURNAL_VERSION, t: now(), run: options.run, pid } as JournalEvent;
        const handle = open();
        const bytes = Buffer.from(lead + journalLine(event));
        const written = fs.writeSync(handle, bytes);
        // A short write to a regular file means a full disk; the rest is tried once more.
        if (written < bytes.length) fs.writeSync(handle, bytes.subarray(written));
        lead = '';
        problem = undefined;
      } catch (err) {
        problem = `journal ${file}: ${err instanceof Error ? err.message : String(err)}`;
      }
    },
    close() {
      if (fd === undefined) return;
      try {
        fs.closeSync(fd);
      } catch {
        // Already closed: nothing to release.
      }
      fd = undefined;
    },
  };
}

/** A sink that keeps events in memory, for callers that fold them at once (and for tests). */
export function memorySink(run: string, now: () => number = Date.now): JournalSink & { events: JournalEvent[] } {
  const events: JournalEvent[] = [];
  return {
    events,
    append(body) {
      events.push({ ...body, v: JOURNAL_VERSION, t: now(), run, pid: process.pid } as JournalEvent);
    },
  };
}
