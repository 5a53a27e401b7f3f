import * as path from 'node:path';
import { RUNTIME_DIR } from '../../plugin/paths';

export const JOURNAL_FILE = 'journal.jsonl';

/** One journal per workspace, shared by every run and every process of a run. */
export function journalPath(workspaceRoot: string): string {
  return path.join(workspaceRoot, RUNTIME_DIR, JOURNAL_FILE);
}
