import { randomBytes } from 'node:crypto';
import { promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import { RUNTIME_DIR } from '../../plugin/paths';
import { journalPath } from '../journal/paths';
import { JournalTail } from '../journal/read';
import { isProcessAlive } from '../lock';
import { foldEvents } from './fold';
import { testPause } from './test-pause';
import { emptyRecord, RUN_RECORD_VERSION, type RunRecord } from './types';

export const RUN_RECORD_FILE = 'run.json';

export function runRecordPath(workspaceRoot: string): string {
  return path.join(workspaceRoot, RUNTIME_DIR, RUN_RECORD_FILE);
}

function isRunRecord(value: unknown): value is RunRecord {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Partial<RunRecord>;
  return r.version === RUN_RECORD_VERSION && typeof r.offset === 'number' && Array.isArray(r.runs) && typeof r.tasks === 'object' && r.tasks !== null;
}

/** The checkpoint, or undefined when there is none or it cannot be used (it is rebuilt then). */
export async function readRunRecord(workspaceRoot: string): Promise<RunRecord | undefined> {
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(runRecordPath(workspaceRoot), 'utf8'));
    return isRunRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const tempName = (pid: number) => `.${RUN_RECORD_FILE}.${pid}.${randomBytes(4).toString('hex')}.tmp`;
const TEMP = new RegExp(`^\\.${RUN_RECORD_FILE.replace('.', '\\.')}\\.(\\d+)\\.[0-9a-f]+\\.tmp$`);

/**
 * Writes the checkpoint through a temporary file and a rename, so a reader sees the old record
 * or the new one, never part of one, even when the writer is killed half-way. `after` names the
 * tasks whose ends prompted the write (the kill drills pause there).
 */
export async function writeRunRecord(workspaceRoot: string, record: RunRecord, options: { after?: readonly string[]; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  const file = runRecordPath(workspaceRoot);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), tempName(process.pid));
  const bytes = Buffer.from(`${JSON.stringify(record)}\n`);
  try {
    const handle = await fs.open(tmp, 'wx');
    try {
      const half = bytes.length >> 1;
      await handle.write(bytes.subarray(0, half));
      for (const task of options.after ?? ['*']) await testPause('state-write', task, options.env);
      await handle.write(bytes.subarray(half));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/** Temporary files of checkpoint writers that were killed before their rename. */
export async function removeStaleRecordTemps(workspaceRoot: string, isAlive: (pid: number) => boolean = isProcessAlive): Promise<string[]> {
  const dir = path.dirname(runRecordPath(workspaceRoot));
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const pid = TEMP.exec(name)?.[1];
    if (pid === undefined || isAlive(Number(pid))) continue;
    await fs.rm(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

export interface LoadedRecord {
  record: RunRecord;
  /** Positioned after what `record` holds: poll it for what is appended next. */
  tail: JournalTail;
}

/**
 * The run record as of now: the checkpoint plus whatever the journal gained since. A checkpoint
 * that is missing, unreadable, or ahead of the journal (the journal was deleted or replaced) is
 * ignored and the whole journal folded instead.
 */
export async function loadRunRecord(workspaceRoot: string): Promise<LoadedRecord> {
  const file = journalPath(workspaceRoot);
  const size = (() => {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  })();
  const checkpoint = await readRunRecord(workspaceRoot);
  const start = checkpoint !== undefined && checkpoint.offset <= size ? checkpoint : emptyRecord();
  const tail = new JournalTail(file, start.offset);
  const events = tail.poll();
  return { record: foldEvents(start, events, tail.offset), tail };
}
