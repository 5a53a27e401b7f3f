import type { List, ListItem, RootContent } from 'mdast';
import { componentsIn } from '../components';
import { newDraft, type FeatureDraft } from '../draft';
import { shortHash } from '../hash';
import { plainText } from '../inline-text';
import { listItem, nestedLists } from '../items';
import { descendants } from '../sections';
import { endLine, endOffset, type SourceText, startOffset } from '../source-text';
import type { Reader } from './reader';

const TOP = /^(\d{1,9})\.\s+(.*)$/;
const SUB = /^(\d{1,9}(?:\.\d{1,9})+)\.?\s+(.*)$/;
const TRACE = /^_?\s*requirements?\s*:\s*(.*?)\s*_?$/i;

export function isKiroTask(text: string, checked: boolean | undefined): boolean {
  return checked !== undefined && TOP.test(text);
}

/**
 * Kiro `tasks.md`: each top-level `- [ ] N. Title` is a feature; its sub-tasks (`N.M Title`,
 * nested or not) are its requirements, each with its detail bullets and its
 * `_Requirements: 1.2, 3.1_` trace folded into the text; a task without sub-tasks has its detail
 * bullets as requirements. Kiro plans are incremental, so each task depends on the one before it.
 */
export const readKiro: Reader = ({ source, root }) => {
  const reader = new KiroReader(source);
  const blocks: RootContent[] = [...root.blocks, ...descendants(root).flatMap((s) => s.blocks)];
  for (const block of blocks) if (block.type === 'list') reader.list(block);
  return reader.finish();
};

class KiroReader {
  private readonly drafts: FeatureDraft[] = [];
  private current: { draft: FeatureDraft; start: number; end: number } | undefined;

  constructor(private readonly source: SourceText) {}

  list(list: List): void {
    for (const node of list.children) {
      const item = listItem(this.source, node);
      const sub = SUB.exec(item.text);
      const top = sub ? undefined : TOP.exec(item.text);
      if (top || (sub && !this.current)) {
        this.close();
        const [, number = '0', title = ''] = top ?? sub ?? [];
        const draft = newDraft(plainText(title), item.line, endLine(node), '');
        draft.number = Number.parseInt(number, 10);
        this.current = { draft, start: startOffset(node), end: endOffset(node) };
        for (const nested of nestedLists(node)) this.children(nested, item.checked === true);
      } else if (this.current) {
        this.current.end = endOffset(node);
        this.current.draft.endLine = endLine(node);
        if (sub) this.subtask(node, sub[1] ?? '', sub[2] ?? '', item.checked === true, item.optional);
        else this.detail(item.text, item.line, item.checked === true);
      }
    }
  }

  finish(): FeatureDraft[] {
    this.close();
    this.drafts.forEach((draft, i) => {
      if (i > 0) draft.refs.push({ kind: 'fixed', text: `Task ${this.drafts[i - 1]!.number}`, line: draft.line, targets: [i - 1] });
    });
    return this.drafts;
  }

  private children(list: List, parentDone: boolean): void {
    for (const node of list.children) {
      const item = listItem(this.source, node);
      const sub = SUB.exec(item.text);
      if (sub) this.subtask(node, sub[1] ?? '', sub[2] ?? '', item.checked === true, item.optional);
      else {
        this.detail(item.text, item.line, item.checked ?? parentDone);
        for (const nested of nestedLists(node)) this.children(nested, item.checked ?? parentDone);
      }
    }
  }

  private subtask(node: ListItem, number: string, title: string, done: boolean, optional: boolean): void {
    const draft = this.current!.draft;
    const details: string[] = [];
    const traces: string[] = [];
    const stack = nestedLists(node).flatMap((l) => l.children).reverse();
    for (let child = stack.pop(); child; child = stack.pop()) {
      const { text } = listItem(this.source, child);
      const trace = TRACE.exec(text);
      if (trace) traces.push(trace[1] ?? '');
      else if (text) details.push(text);
      stack.push(...nestedLists(child).flatMap((l) => l.children).reverse());
    }
    let text = `${number} ${title}`.trim();
    if (details.length > 0) text += `: ${details.join('; ')}`;
    if (traces.length > 0) text += ` (Requirements: ${traces.join(', ')})`;
    if (optional) text += ' (optional)';
    const line = node.position?.start.line ?? draft.line;
    draft.requirements.push({ text, line, done });
    draft.aliases.push(number);
    draft.components.push(...componentsIn(text, line, { plainPaths: true }));
  }

  private detail(text: string, line: number, done: boolean): void {
    if (!text) return;
    const draft = this.current!.draft;
    const trace = TRACE.exec(text);
    if (trace) {
      draft.description.push({ text: `Requirements: ${trace[1] ?? ''}`, line });
      return;
    }
    draft.requirements.push({ text, line, done });
    draft.components.push(...componentsIn(text, line, { plainPaths: true }));
  }

  private close(): void {
    if (!this.current) return;
    const { draft, start, end } = this.current;
    draft.hash = shortHash(this.source.slice(start, end).replace(/\r\n?/g, '\n'));
    this.drafts.push(draft);
    this.current = undefined;
  }
}
