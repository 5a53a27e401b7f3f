import type { RootContent } from 'mdast';
import { newDraft, type FeatureDraft } from '../draft';
import { readBody } from '../feature-body';
import { fieldOf } from '../labels';
import { isNonFeatureSection } from '../section-names';
import { type Section, titleSection } from '../sections';
import { startLine } from '../source-text';
import type { Reader } from './reader';
import { bodyParts, draftFromSection, sectionHash } from './section-draft';

/**
 * Free-form Markdown. Sections named like project context (Goals, Overview, Out of scope, ...;
 * see section-names.ts) are skipped with everything under them. A subsection without
 * subsections of its own and named like a field (`Requirements`, `Acceptance criteria`) belongs
 * to its parent. Of what remains, a section with no further structure is a feature, so each
 * branch of the outline finds its own feature level: the h3s under `## What we need`, the h2s
 * of a flat document. A section with structure below it is a group; it is a feature as well
 * only if it holds lists or tables of its own. A single h1 is the document title, not a group.
 * A document with no structure at all is one feature named after the spec.
 */
export const readFreeform: Reader = ({ source, root, title }) => {
  const drafts: FeatureDraft[] = [];
  const heading1 = titleSection(root);
  const topLevel = root.children.flatMap((s) => (s === heading1 ? s.children : [s]));
  const preamble = heading1 ? [...root.blocks, ...heading1.blocks] : root.blocks;
  if (!topLevel.some(isStructural)) {
    const fields = topLevel.filter((s) => !isNonFeatureSection(s.title));
    if (preamble.length === 0 && fields.length === 0) return [];
    // The document's feature starts where its content does: the title, or text written above it.
    const line = Math.min(heading1?.line ?? Infinity, ...preamble.slice(0, 1).map(startLine), ...fields.slice(0, 1).map((s) => s.line));
    const whole: Section = { ...root, line, blocks: preamble, children: fields };
    const draft = newDraft(title, whole.line, whole.endLine, sectionHash(source, root));
    readBody(source, draft, bodyParts(whole));
    return [draft];
  }
  const stack: Array<{ section: Section; group?: string }> = topLevel
    .filter(isStructural)
    .reverse()
    .map((section) => ({ section }));
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { section, group } = entry;
    const structural = section.children.filter(isStructural);
    if (structural.length === 0 || holdsWork(section.blocks)) {
      drafts.push(draftFromSection(source, section, { ...(group ? { group } : {}), isOwnFeature: isStructural }));
    }
    for (let i = structural.length - 1; i >= 0; i--) stack.push({ section: structural[i]!, group: section.title });
  }
  return drafts;
};

/** A section that is a feature or a group of features, not context and not a field of its parent. */
function isStructural(section: Section): boolean {
  if (isNonFeatureSection(section.title)) return false;
  return !(section.children.length === 0 && fieldOf(section.title) !== undefined);
}

function holdsWork(blocks: readonly RootContent[]): boolean {
  return blocks.some((b) => b.type === 'list' || b.type === 'table');
}
