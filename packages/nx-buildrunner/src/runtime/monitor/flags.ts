import type { JournalEventBody, JournalSink } from '../journal/types';

export type Flag = Omit<Extract<JournalEventBody, { type: 'flag' }>, 'type' | 'task'>;

/** A journal that takes nothing: what producers use when no run is recording. */
export const NO_JOURNAL: JournalSink = { append: () => undefined };

/**
 * One task's flags into the journal, each at most once: the live monitor and every verification
 * attempt may find the same stray file, and the journal should say so once.
 */
export class TaskFlags {
  private readonly seen = new Set<string>();

  constructor(
    private readonly task: string,
    private readonly journal: JournalSink = NO_JOURNAL,
  ) {}

  raise(flag: Flag): void {
    const key = [flag.rule, flag.severity, flag.path ?? '', flag.path === undefined ? flag.message : ''].join('\0');
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.journal.append({ type: 'flag', task: this.task, ...flag });
  }
}
