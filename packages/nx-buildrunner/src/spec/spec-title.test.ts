import { describe, expect, it } from 'vitest';
import { parseMarkdown } from './markdown/parse-markdown';
import { buildSections } from './sections';
import { fileTitle, specTitle } from './spec-title';

const root = (md: string) => buildSections(parseMarkdown(md));

describe('specTitle', () => {
  it('prefers the first h1 without its PROJECT_SPEC prefix', () => {
    expect(specTitle(root('## Intro\n# PROJECT_SPEC - Todo App\n# Other\n'), { title: 'x' }, 'a.md')).toBe('Todo App');
  });

  it('falls back to front matter title or project, then the file name', () => {
    expect(specTitle(root('## Only h2\n'), { project: 'field-notes' }, 'a.md')).toBe('field-notes');
    expect(specTitle(root('text\n'), { title: '  ' }, 'specs/tasks.md')).toBe('tasks');
    expect(fileTitle('')).toBe('spec');
  });
});
