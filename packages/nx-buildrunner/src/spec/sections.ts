import type { Heading, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { collapseWhitespace } from './inline-text';
import { endLine, endOffset, startLine, startOffset } from './source-text';

/**
 * The document as nested sections: a heading owns the blocks after it up to the next heading of
 * the same or a higher level. Headings inside list items or quotes are content, not structure.
 */
export interface Section {
  /** Absent for the document root. */
  heading?: Heading;
  /** 0 for the root, else the heading level. */
  depth: number;
  /** The heading's plain text. */
  title: string;
  line: number;
  /** Offsets and last line of everything the section holds, subsections included. */
  start: number;
  end: number;
  endLine: number;
  /** Blocks between the heading and its first subsection. */
  blocks: RootContent[];
  children: Section[];
}

export function buildSections(root: Root): Section {
  const top: Section = { depth: 0, title: '', line: 1, start: 0, end: 0, endLine: 1, blocks: [], children: [] };
  const open: Section[] = [top];
  let last: { end: number; endLine: number } = { end: 0, endLine: 1 };
  const close = (section: Section) => {
    section.end = Math.max(section.start, last.end);
    section.endLine = Math.max(section.line, last.endLine);
  };
  for (const node of root.children) {
    if (node.type === 'yaml') continue;
    if (node.type === 'heading') {
      while (open.length > 1 && open[open.length - 1]!.depth >= node.depth) close(open.pop()!);
      const section: Section = {
        heading: node,
        depth: node.depth,
        title: headingText(node),
        line: startLine(node),
        start: startOffset(node),
        end: endOffset(node),
        endLine: endLine(node),
        blocks: [],
        children: [],
      };
      open[open.length - 1]!.children.push(section);
      open.push(section);
    } else {
      open[open.length - 1]!.blocks.push(node);
    }
    last = { end: endOffset(node), endLine: endLine(node) };
  }
  while (open.length > 0) close(open.pop()!);
  return top;
}

function headingText(heading: Heading): string {
  return collapseWhitespace(toString(heading));
}

/** The h1 that titles the document, when there is exactly one; its sections are then the top level. */
export function titleSection(root: Section): Section | undefined {
  const h1s = root.children.filter((s) => s.depth === 1);
  return h1s.length === 1 ? h1s[0] : undefined;
}

/** Every section below `section`, depth first, in document order. */
export function descendants(section: Section): Section[] {
  const out: Section[] = [];
  const stack = [...section.children].reverse();
  for (let s = stack.pop(); s; s = stack.pop()) {
    out.push(s);
    for (let i = s.children.length - 1; i >= 0; i--) stack.push(s.children[i]!);
  }
  return out;
}
