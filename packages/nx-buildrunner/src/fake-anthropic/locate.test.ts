import { describe, expect, it } from 'vitest';
import { DEFAULT_ATTEMPT_PATTERN, DEFAULT_TASK_PATTERN, compilePatterns, locateTurn, messageText } from './locate';
import type { MessageParam } from './request-shape';

const patterns = compilePatterns(DEFAULT_TASK_PATTERN, DEFAULT_ATTEMPT_PATTERN);
const user = (content: MessageParam['content']): MessageParam => ({ role: 'user', content });
const assistant = (text: string): MessageParam => ({ role: 'assistant', content: [{ type: 'text', text }] });

describe('locateTurn', () => {
  it('reads the task from the first user message and counts assistant messages as turns', () => {
    const messages = [user('Intro\nTask: build-cli\nDo it.'), assistant('a'), user([{ type: 'tool_result', tool_use_id: 'x' }]), assistant('b'), user('more')];
    expect(locateTurn(messages, patterns)).toEqual({ task: 'build-cli', attempt: 1, turn: 2 });
    expect(locateTurn(messages.slice(0, 1), patterns)).toEqual({ task: 'build-cli', attempt: 1, turn: 0 });
  });

  it('needs the task line to be a whole line, and reads text blocks', () => {
    expect(locateTurn([user('The Task: x is inline')], patterns).task).toBeUndefined();
    expect(locateTurn([user([{ type: 'text', text: 'preamble' }, { type: 'text', text: 'Task: T7' }])], patterns).task).toBe('T7');
  });

  it('takes the attempt from the first message, or from a later one and counts turns from there', () => {
    expect(locateTurn([user('Task: T1\nAttempt: 3')], patterns)).toEqual({ task: 'T1', attempt: 3, turn: 0 });
    const continued = [user('Task: T1\nAttempt: 1'), assistant('a'), user('Verification failed.\nAttempt: 2'), assistant('b'), user('ok')];
    expect(locateTurn(continued, patterns)).toEqual({ task: 'T1', attempt: 2, turn: 1 });
  });

  it('ignores global flags that would make matching depend on the previous request', () => {
    const sticky = compilePatterns(/^Task: (\S+)$/gm, /^Attempt: (\d+)$/gm);
    const messages = [user('Task: T1\nAttempt: 2')];
    expect(locateTurn(messages, sticky)).toEqual(locateTurn(messages, sticky));
    expect(locateTurn(messages, sticky).task).toBe('T1');
  });

  it('uses the whole match when the task pattern has no group', () => {
    expect(locateTurn([user('id=abc')], compilePatterns(/abc/, DEFAULT_ATTEMPT_PATTERN)).task).toBe('abc');
  });

  it('gets the text of string and block messages', () => {
    expect(messageText(user('x'))).toBe('x');
    expect(messageText(user([{ type: 'text', text: 'a' }, { type: 'image' }, { type: 'text', text: 'b' }]))).toBe('a\nb');
  });
});
