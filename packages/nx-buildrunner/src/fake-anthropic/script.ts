/** Picks the scripted reply for a request's place in its task, with placeholders filled in. */
import type { TurnLocation } from './locate';
import type { Scenario, ScriptedTurn } from './scenario';

export const UNSCRIPTED_TEXT = 'Nothing scripted for this task.';

const UNSCRIPTED: ScriptedTurn = { text: UNSCRIPTED_TEXT, stop: 'end_turn' };

function fill(value: unknown, location: TurnLocation): unknown {
  if (typeof value === 'string') {
    const values: Record<string, string> = {
      taskId: location.task ?? '',
      attempt: String(location.attempt),
      turn: String(location.turn),
    };
    return value.replace(/\$\{(taskId|attempt|turn)\}/g, (_, name: string) => values[name]!);
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, location));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, location)]));
  }
  return value;
}

/** The turn to play; the built-in reply when the scenario has nothing for this place. */
export function scriptedTurn(scenario: Scenario, location: TurnLocation): ScriptedTurn {
  const script =
    (location.task !== undefined && Object.hasOwn(scenario.tasks ?? {}, location.task)
      ? scenario.tasks?.[location.task]
      : undefined) ?? scenario.default;
  const attempts = script?.attempts ?? [];
  const attempt = attempts[Math.min(location.attempt, attempts.length) - 1];
  const turn = attempt?.turns[location.turn];
  return turn ? (fill(turn, location) as ScriptedTurn) : UNSCRIPTED;
}
