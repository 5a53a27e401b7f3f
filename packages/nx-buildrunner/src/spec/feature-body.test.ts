import { describe, expect, it } from 'vitest';
import { newDraft } from './draft';
import { type BodyOptions, readBody } from './feature-body';
import { parseMarkdown } from './markdown/parse-markdown';
import { SourceText } from './source-text';

function body(md: string, options?: BodyOptions) {
  const draft = newDraft('T', 1, 1, '');
  readBody(new SourceText(md), draft, [{ blocks: parseMarkdown(md).children }], options);
  return draft;
}

describe('readBody', () => {
  it('reads the BuildRunner fields, several to a paragraph', () => {
    const d = body(
      [
        '**Priority:** High',
        '**Domain:** backend',
        '**Duration:** 90 min',
        '**Status:** In progress',
        '',
        '**Description:** Turn a title',
        'into a slug.',
        '',
        '**Requirements:**',
        '- lowercases',
        '- [x] strips accents',
        '',
        '**Implementation:**',
        '- Create `src/slugify.js`',
        '- Update `src/index.js`',
        '- Use the `Intl` API',
        '',
        '**Acceptance Criteria:**',
        '- [ ] `slugify("A")` is `a`',
        '- [x] Tests pass',
        '',
        '**Depends on:** Feature 1, Feature 3',
        '',
        '**Verify:**',
        '- `node --test test/slugify.test.js`',
        '- Looks right in the browser',
      ].join('\n'),
    );
    expect(d.priority).toEqual({ text: 'High', line: 1 });
    expect(d.domain).toEqual({ text: 'backend', line: 2 });
    expect(d.duration).toEqual({ text: '90 min', line: 3 });
    expect(d.status).toEqual({ text: 'In progress', line: 4 });
    expect(d.description).toEqual([{ text: 'Turn a title into a slug.', line: 6 }]);
    expect(d.requirements).toEqual([
      { text: 'lowercases', line: 10, done: false },
      { text: 'strips accents', line: 11, done: true },
      { text: 'Use the `Intl` API', line: 16, done: false },
    ]);
    expect(d.components).toEqual([
      { path: 'src/slugify.js', action: 'create', line: 14 },
      { path: 'src/index.js', action: 'update', line: 15 },
    ]);
    expect(d.acceptance).toEqual([
      { text: '`slugify("A")` is `a`', done: false, line: 19 },
      { text: 'Tests pass', done: true, line: 20 },
      { text: 'Looks right in the browser', done: false, line: 26 },
    ]);
    expect(d.refs).toEqual([{ kind: 'explicit', text: 'Feature 1, Feature 3', line: 22 }]);
    expect(d.verify).toEqual(['node --test test/slugify.test.js']);
  });

  it('reads a verify item without a command as a check for a person', () => {
    expect(body('**Verify:**\n- Looks right\n').acceptance).toEqual([{ text: 'Looks right', done: false, line: 2 }]);
  });

  it('reads commands from a code block under Verify and nowhere else', () => {
    expect(body('```sh\nrm -rf /\n```\n\n**Verify:**\n\n```sh\n# unit tests\n$ npm test\n\nnpm run lint\n```\n').verify).toEqual([
      'npm test',
      'npm run lint',
    ]);
  });

  it('reads free-form content: lists are requirements, checkboxes criteria, prose description', () => {
    const d = body('Some prose that needs the note store first.\n\n1. one\n2. two\n\n* [ ] check\n\n| A | B |\n|---|---|\n| x | y |\n');
    expect(d.description).toEqual([{ text: 'Some prose that needs the note store first.', line: 1 }]);
    expect(d.refs).toEqual([{ kind: 'prose', text: 'note store', line: 1, strength: 'strong' }]);
    expect(d.requirements.map((r) => r.text)).toEqual(['one', 'two', 'A: x; B: y']);
    expect(d.acceptance.map((a) => a.text)).toEqual(['check']);
  });

  it('gives a prose dependency the line it is written on', () => {
    const d = body('The server merges batches.\nThis needs the note store\nbelow to exist first.\n');
    expect(d.refs).toEqual([{ kind: 'prose', text: 'note store', line: 2, strength: 'strong' }]);
  });

  it('reads fields written as list items, nested lists under the field', () => {
    const d = body('- **Priority:** Low\n- **Requirements:**\n  - a\n  - b\n- plain\n');
    expect(d.priority).toEqual({ text: 'Low', line: 1 });
    expect(d.requirements.map((r) => [r.text, r.line])).toEqual([['a', 3], ['b', 4], ['plain', 5]]);
  });

  it('does not take list items that merely start like a field for one', () => {
    const d = body('**Requirements:**\n- Status: shows the sync status\n');
    expect(d.status).toBeUndefined();
    expect(d.requirements.map((r) => r.text)).toEqual(['Status: shows the sync status']);
  });

  it('returns to free-form reading after a one-line field', () => {
    const d = body('**Acceptance criteria:**\n- [ ] a\n\n**Priority:** high\n\n- b\n');
    expect(d.acceptance.map((a) => a.text)).toEqual(['a']);
    expect(d.requirements.map((r) => r.text)).toEqual(['b']);
  });

  it('reads the blocks after a field only when its line leaves the value open', () => {
    const d = body('**Depends on:** Feature 1\n\n- a requirement\n\n**Acceptance:** all of:\n\n- [ ] a check\n- another check\n');
    expect(d.refs).toEqual([{ kind: 'explicit', text: 'Feature 1', line: 1 }]);
    expect(d.requirements.map((r) => r.text)).toEqual(['a requirement']);
    expect(d.acceptance.map((a) => a.text)).toEqual(['a check', 'another check']);
    expect(d.description.map((x) => x.text)).toEqual(['all of:']);
  });

  it('keeps unknown labels as description', () => {
    expect(body('**Worktree:** `../wt`\n').description).toEqual([{ text: 'Worktree: `../wt`', line: 1 }]);
  });

  it('reads block quotes and nested lists', () => {
    const d = body('> - quoted\n\n- outer\n  - inner\n    - [x] deep check\n');
    expect(d.requirements.map((r) => r.text)).toEqual(['quoted', 'outer', 'inner']);
    expect(d.acceptance).toEqual([{ text: 'deep check', done: true, line: 5 }]);
  });

  it('lets a reader claim items of its own syntax', () => {
    const d = body('- T001 mine\n- other\n', {
      claimItem: (item, draft) => {
        if (!item.text.startsWith('T')) return false;
        draft.aliases.push(item.text);
        return true;
      },
    });
    expect(d.aliases).toEqual(['T001 mine']);
    expect(d.requirements.map((r) => r.text)).toEqual(['other']);
  });

  it('survives deep nesting without using the call stack', () => {
    const md = `${'>'.repeat(2000)} - deep item\n`;
    expect(body(md).requirements.map((r) => r.text)).toEqual(['deep item']);
  });
});
