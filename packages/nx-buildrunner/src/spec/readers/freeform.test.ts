import { describe, expect, it } from 'vitest';
import { readerInput } from '../__fixtures__/reader-input';
import { readFreeform } from './freeform';

const titles = (md: string) => readFreeform(readerInput(md)).map((d) => [d.title, d.group]);

describe('readFreeform', () => {
  it('finds the features under a container and skips context sections', () => {
    const md = '# App\n## Goals\n- g\n## What we need\n### Editor\n- e\n### Sync\n- s\n## Out of scope\n- o\n';
    expect(titles(md)).toEqual([['Editor', 'What we need'], ['Sync', 'What we need']]);
  });

  it('uses the h2s of a flat document', () => {
    expect(titles('# App\n## Overview\ntext\n## Login\n- a\n## Signup\n- b\n')).toEqual([['Login', undefined], ['Signup', undefined]]);
  });

  it('lets each branch find its own level', () => {
    const md = '## Auth\n- a\n## Backend\n### API\n- x\n### Jobs\n- y\n';
    expect(titles(md)).toEqual([['Auth', undefined], ['API', 'Backend'], ['Jobs', 'Backend']]);
  });

  it('reads field-named subsections as fields of their feature', () => {
    const md = '# App\n## Login\nUsers sign in.\n### Requirements\n- email\n### Acceptance criteria\n- [ ] works\n### Out of scope\n- SSO\n## Signup\n- b\n';
    const [login] = readFreeform(readerInput(md));
    expect(login?.title).toBe('Login');
    expect(login?.requirements.map((r) => r.text)).toEqual(['email']);
    expect(login?.acceptance.map((a) => a.text)).toEqual(['works']);
  });

  it('makes a group with lists of its own a feature too', () => {
    const md = '## Backend\n- shared setup\n### API\n- x\n';
    expect(titles(md)).toEqual([['Backend', undefined], ['API', 'Backend']]);
    expect(readFreeform(readerInput(md))[0]?.requirements.map((r) => r.text)).toEqual(['shared setup']);
  });

  it('makes a document without structure one feature named after the spec', () => {
    const [only, ...rest] = readFreeform(readerInput('# Todo\n\n- [ ] a\n- [x] b\n## Requirements\n- c\n', 'Todo'));
    expect(rest).toEqual([]);
    expect(only?.title).toBe('Todo');
    expect(only?.acceptance.map((a) => [a.text, a.done])).toEqual([['a', false], ['b', true]]);
    expect(only?.requirements.map((r) => r.text)).toEqual(['c']);
  });

  it('finds nothing in a document of context only', () => {
    expect(readFreeform(readerInput('# X\n## Overview\ntext\n'))).toEqual([]);
    expect(readFreeform(readerInput(''))).toEqual([]);
  });

  it('treats several h1s as sections', () => {
    expect(titles('# Auth\n- a\n# Billing\n- b\n')).toEqual([['Auth', undefined], ['Billing', undefined]]);
  });
});
