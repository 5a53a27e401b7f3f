/** A fake Anthropic Messages API for tests, CI and the offline demo. See docs/fake-anthropic.md. */
export { type FakeAnthropic, type FakeAnthropicOptions, type LoggedRequest, startFakeAnthropic } from './server';
export { loadScenario, parseScenarioText } from './load-scenario';
export {
  type Fault,
  type FaultEndpoint,
  type FaultKind,
  type FaultMatch,
  type Scenario,
  type ScenarioCheck,
  type ScenarioIssue,
  type ScriptedAttempt,
  type ScriptedToolCall,
  type ScriptedTurn,
  type StopReason,
  type TaskScript,
  ScenarioError,
  validateScenario,
} from './scenario';
export { type TurnLocation, DEFAULT_ATTEMPT_PATTERN, DEFAULT_TASK_PATTERN } from './locate';
export { UNSCRIPTED_TEXT } from './script';
export { estimateTokens } from './tokens';
