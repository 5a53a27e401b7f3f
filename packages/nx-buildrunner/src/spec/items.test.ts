import type { List, Table } from 'mdast';
import { describe, expect, it } from 'vitest';
import { listItem, nestedLists, tableRows } from './items';
import { parseMarkdown } from './markdown/parse-markdown';
import { SourceText } from './source-text';

function first<T>(md: string, type: string): { source: SourceText; node: T } {
  return { source: new SourceText(md), node: parseMarkdown(md).children.find((c) => c.type === type) as T };
}

describe('listItem', () => {
  it('keeps checkbox state, text as written and the line', () => {
    const { source, node } = first<List>('- [x] done `a.ts`\n- [ ] open\n- plain\n', 'list');
    expect(node.children.map((i) => listItem(source, i))).toEqual([
      { text: 'done `a.ts`', line: 1, checked: true, optional: false },
      { text: 'open', line: 2, checked: false, optional: false },
      { text: 'plain', line: 3, optional: false },
    ]);
  });

  it('drops the checkbox when the text starts with code', () => {
    const { source, node } = first<List>('- [ ] `a` is `b`\n', 'list');
    expect(listItem(source, node.children[0]!).text).toBe('`a` is `b`');
  });

  it("reads checkboxes GFM does not: Kiro's optional `[ ]*` and in-progress `[-]`", () => {
    const { source, node } = first<List>('- [ ]* 3.2 tests\n- [-] 4. api\n', 'list');
    expect(node.children.map((i) => listItem(source, i))).toEqual([
      { text: '3.2 tests', line: 1, checked: false, optional: true },
      { text: '4. api', line: 2, checked: false, optional: false },
    ]);
  });

  it('leaves nested lists out of the text', () => {
    const { source, node } = first<List>('- parent\n  - child\n', 'list');
    const item = node.children[0]!;
    expect(listItem(source, item).text).toBe('parent');
    expect(nestedLists(item)).toHaveLength(1);
  });
});

describe('tableRows', () => {
  it('writes each row as header: value pairs', () => {
    const { source, node } = first<Table>('| Endpoint | Purpose |\n|---|---|\n| `GET /a` | list |\n| `POST /a` | |\n', 'table');
    expect(tableRows(source, node)).toEqual([
      { text: 'Endpoint: `GET /a`; Purpose: list', line: 3 },
      { text: 'Endpoint: `POST /a`', line: 4 },
    ]);
  });

  it('reads a Done or Status column of marks as checkbox state', () => {
    const { source, node } = first<Table>('| Task | Done |\n|---|---|\n| a | ✅ |\n| b | no |\n| c | maybe |\n', 'table');
    expect(tableRows(source, node)).toEqual([
      { text: 'Task: a', line: 3, checked: true },
      { text: 'Task: b', line: 4, checked: false },
      { text: 'Task: c; Done: maybe', line: 5 },
    ]);
  });
});
