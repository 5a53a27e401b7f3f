import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readerInput } from '../__fixtures__/reader-input';
import { readSpecKit } from './speckit';

const fixture = readFileSync(join(__dirname, '../__fixtures__/speckit-tasks.md'), 'utf8');

describe('readSpecKit', () => {
  const drafts = readSpecKit(readerInput(fixture));

  it('makes each phase a feature and each task a requirement, in order', () => {
    expect(drafts.map((d) => [d.number, d.title, d.group])).toEqual([
      [1, 'Setup (Shared Infrastructure)', undefined],
      [2, 'Foundational (Blocking Prerequisites)', undefined],
      [3, 'Share an album by link', 'US1'],
      [4, 'Revoke a link', 'US2'],
      [5, 'Polish & Cross-Cutting Concerns', undefined],
    ]);
    expect(drafts[0]?.requirements).toEqual([
      { text: 'T001 Create the backend package layout in backend/src/', line: 15, done: true },
      { text: 'T002 Configure ruff and mypy in backend/pyproject.toml', line: 16, done: false, parallel: true },
      { text: 'T003 Configure eslint in frontend/eslint.config.js', line: 17, done: false, parallel: true },
    ]);
  });

  it('reads story priority, goal and independent test', () => {
    const story = drafts[2]!;
    expect(story.priority).toEqual({ text: 'P1', line: 33 });
    expect(story.description[0]?.text).toMatch(/^An owner turns on a share link/);
    expect(story.acceptance.map((a) => a.text)).toEqual(['Open the link in a private window and see every photo']);
  });

  it('takes the paths tasks name as components', () => {
    expect(drafts[3]?.components).toEqual([
      { path: 'backend/src/services/link_service.py', action: 'update', line: 55 },
      { path: 'frontend/src/pages/SharedAlbum.tsx', action: 'create', line: 56 },
    ]);
  });

  it('orders phases as Spec Kit does: stories after Foundational, Polish after the stories', () => {
    const deps = drafts.map((d) => d.refs.filter((r) => r.kind === 'fixed').map((r) => (r.kind === 'fixed' ? r.targets : [])).flat());
    expect(deps).toEqual([[], [0], [1], [1], [2, 3]]);
  });

  it('marks a phase whose tasks are all parallel, and knows tasks by id', () => {
    expect(drafts.map((d) => d.parallel ?? false)).toEqual([false, false, false, true, false]);
    expect(drafts[2]?.aliases).toEqual(['T007', 'T008', 'T009', 'T010']);
    expect(drafts[1]?.refs).toContainEqual({ kind: 'prose', text: 'T005', line: 27, strength: 'strong' });
  });

  it('reads tasks without phase headings by the sections that hold them', () => {
    const plain = readSpecKit(readerInput('- [ ] T001 Create a/b.ts\n\n## More\n\n- [ ] T002 Update a/b.ts\n', 'Tasks'));
    expect(plain.map((d) => [d.title, d.requirements.length, d.refs.length])).toEqual([['Tasks', 1, 0], ['More', 1, 1]]);
  });
});
