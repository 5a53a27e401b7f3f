export { fileJournalSink, journalLine, memorySink, type FileJournalSink, type FileSinkOptions } from './file-sink';
export { journalPath, JOURNAL_FILE } from './paths';
export { isJournalEvent, JournalTail, parseJournalLines, readJournal, type ParsedLines } from './read';
export { newRunId, RUN_ID_ENV, runIdFromEnv } from './run-id';
export { resultTokens, taskJournal, type TaskJournal } from './task-events';
export * from './types';
