import type { List, ListItem, Table, TableCell } from 'mdast';
import { collapseWhitespace, joinLines, nodeLines, plainText } from './inline-text';
import { normaliseLabel } from './labels';
import { endOffset, type SourceText, startLine, startOffset } from './source-text';

/** A list item or table row reduced to what the spec readers need. */
export interface Item {
  /** Markdown as written, on one line; checkbox removed; nested lists not included. */
  text: string;
  line: number;
  /** Set for checklist items: `[x]` is true, `[ ]` (and `[-]`, `[~]`) false. */
  checked?: boolean;
}

/**
 * GFM only sees `[ ]` followed by a space as a checkbox; Kiro writes `[ ]*` for optional tasks and
 * some tools `[-]` or `[~]` for "in progress". Those stay checkboxes here.
 */
const GFM_CHECKBOX = /^\[[ xX]\]\s+/;
const TEXT_CHECKBOX = /^\[([ xX~-])\](\*?)(?=\s|$)\s*/;

export function listItem(source: SourceText, node: ListItem): Item & { optional: boolean } {
  const text = joinLines(node.children.flatMap((child) => (child.type === 'paragraph' ? nodeLines(source, child) : [])));
  const line = startLine(node);
  if (typeof node.checked === 'boolean') {
    // The paragraph's position still covers the checkbox when the item's text starts with code.
    return { text: text.replace(GFM_CHECKBOX, ''), line, checked: node.checked, optional: false };
  }
  const box = TEXT_CHECKBOX.exec(text);
  if (box) return { text: text.slice(box[0].length), line, checked: /x/i.test(box[1] ?? ''), optional: box[2] === '*' };
  return { text, line, optional: false };
}

export function nestedLists(node: ListItem): List[] {
  return node.children.filter((child): child is List => child.type === 'list');
}

const STATE_COLUMNS = new Set(['done', 'status', 'state', 'complete', 'completed', 'checked']);
const DONE_VALUES = /^(?:\[x\]|x|yes|y|done|complete|completed|true|✓|✔|✔️|✅|☑|☑️)$/iu;
const OPEN_VALUES = /^(?:\[ \]|no|n|todo|to do|pending|open|false|in progress|❌|⬜|☐)$/iu;

/**
 * Body rows of a GFM table: one item per row, written `Header: value; Header: value` so the
 * columns keep their meaning. A `Done`/`Status` column of check marks sets `checked`.
 */
export function tableRows(source: SourceText, table: Table): Item[] {
  const [header, ...rows] = table.children;
  const headers = header ? header.children.map((cell) => plainText(cellText(source, cell))) : [];
  const stateColumn = headers.findIndex((h) => STATE_COLUMNS.has(normaliseLabel(h)));
  return rows.map((row) => {
    const parts: string[] = [];
    let checked: boolean | undefined;
    row.children.forEach((cell, i) => {
      const value = cellText(source, cell);
      if (i === stateColumn && (DONE_VALUES.test(value) || OPEN_VALUES.test(value))) {
        checked = DONE_VALUES.test(value);
      } else if (value) {
        const name = headers[i];
        parts.push(name && headers.length > 1 ? `${name}: ${value}` : value);
      }
    });
    const item: Item = { text: parts.join('; '), line: startLine(row) };
    if (checked !== undefined) item.checked = checked;
    return item;
  });
}

function cellText(source: SourceText, cell: TableCell): string {
  const first = cell.children[0];
  const last = cell.children[cell.children.length - 1];
  if (!first || !last) return '';
  return collapseWhitespace(source.slice(startOffset(first), endOffset(last)));
}
