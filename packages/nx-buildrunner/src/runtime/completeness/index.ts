/** Completeness: traceability from the spec to verified tasks, and the checks that nothing was faked (docs/completeness.md). */
export { changeBase, worktreeChanges, type ChangesResult } from './changes';
export { taskGuards, type GuardSettings, type TaskGuards, type TaskGuardsInput } from './guards';
export { readTraceResults, type TraceResults } from './read-results';
export { renderTrace } from './render-trace';
export { requirementsNaming, SPEC_FILES_CHECK, specFilesCheck, type SpecFilesInput } from './spec-files';
export { compareTestFile, taskWords, type Finding, type Justifies, type Severity, type TestFileVersions } from './test-compare';
export { meaningful, testFacts, type Assertion, type Marker, type TestCase, type TestFacts } from './test-facts';
export { isTestFile, testLanguage, testStem, type TestLanguage } from './test-files';
export { TESTS_CHECK, testGuardCheck, type TestGuardInput } from './test-guard';
export { compareManifest, isRunnerConfig } from './test-setup';
export { traceRequirements, type CoverageState, type FeatureTrace, type ItemTrace, type TaskState, type TaskTrace, type Tally, type Trace } from './trace';
