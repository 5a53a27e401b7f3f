export { clearDelivery, deliveryPath, loadDelivery, pendingDeliveries, saveDelivery, type DeliveryCheckpoint, type DeliveryKey } from './delivery';
export { foldEvents, latestRun, runIsAlive, settle } from './fold';
export { mergedTaskCommit } from './merged-commit';
export { classifyRun, type OutcomeSource, type RunTask, type TaskOutcome } from './outcome';
export { loadRunRecord, readRunRecord, removeStaleRecordTemps, runRecordPath, writeRunRecord, type LoadedRecord } from './record-file';
export { recoverWorkspace, type RecoveryReport } from './recover';
export { allTokens, totals, type Totals } from './totals';
export * from './types';
