import { describe, expect, it } from 'vitest';
import type { Scenario } from './scenario';
import { UNSCRIPTED_TEXT, scriptedTurn } from './script';

const scenario: Scenario = {
  tasks: {
    T1: {
      attempts: [
        { turns: [{ text: 'a1 t0 ${taskId} ${attempt} ${turn} ${other}' }, { tools: [{ name: 'write', input: { path: 'src/${taskId}.ts', list: ['${turn}', 1] } }] }] },
        { turns: [{ text: 'a2' }] },
      ],
    },
  },
};

describe('scriptedTurn', () => {
  it('fills placeholders in text and in tool inputs, leaving unknown ones', () => {
    expect(scriptedTurn(scenario, { task: 'T1', attempt: 1, turn: 0 })).toEqual({ text: 'a1 t0 T1 1 0 ${other}' });
    expect(scriptedTurn(scenario, { task: 'T1', attempt: 1, turn: 1 })).toEqual({
      tools: [{ name: 'write', input: { path: 'src/T1.ts', list: ['1', 1] } }],
    });
  });

  it('reuses the last attempt and falls back to the built-in reply', () => {
    expect(scriptedTurn(scenario, { task: 'T1', attempt: 9, turn: 0 }).text).toBe('a2');
    expect(scriptedTurn(scenario, { task: 'T1', attempt: 2, turn: 1 })).toEqual({ text: UNSCRIPTED_TEXT, stop: 'end_turn' });
    expect(scriptedTurn(scenario, { task: 'nope', attempt: 1, turn: 0 }).text).toBe(UNSCRIPTED_TEXT);
    expect(scriptedTurn(scenario, { task: 'constructor', attempt: 1, turn: 0 }).text).toBe(UNSCRIPTED_TEXT);
  });

  it('uses the default script for unknown and missing task ids', () => {
    const withDefault: Scenario = { ...scenario, default: { attempts: [{ turns: [{ text: 'default for ${taskId}' }] }] } };
    expect(scriptedTurn(withDefault, { task: 'T9', attempt: 1, turn: 0 }).text).toBe('default for T9');
    expect(scriptedTurn(withDefault, { task: undefined, attempt: 1, turn: 0 }).text).toBe('default for ');
  });
});
