import { describe, expect, it } from 'vitest';
import { parseMarkdown } from './markdown/parse-markdown';
import { readPreamble } from './preamble';
import { SourceText } from './source-text';

describe('readPreamble', () => {
  it('reads bold labels into camelCase keys, first occurrence winning', () => {
    const md = '**Project:** Todo App - a *small* example\n**Status:** Planned\n\n**Next Priority:** ship\n\n**Status:** Done\n\nProse: ignored\n';
    expect(readPreamble(new SourceText(md), parseMarkdown(md).children)).toEqual({
      project: 'Todo App - a small example',
      status: 'Planned',
      nextPriority: 'ship',
    });
  });
});
