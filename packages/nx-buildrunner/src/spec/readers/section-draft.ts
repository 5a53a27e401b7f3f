import { newDraft, type FeatureDraft } from '../draft';
import { type BodyOptions, type BodyPart, readBody } from '../feature-body';
import { type FeatureHeading, readFeatureHeading } from '../feature-heading';
import { shortHash } from '../hash';
import { fieldOf } from '../labels';
import { isExclusionSection } from '../section-names';
import type { Section } from '../sections';
import type { SourceText } from '../source-text';

export interface SectionDraftOptions extends BodyOptions {
  /** The group when the heading names none (free-form: the parent section). */
  group?: string;
  /** Title and extras when the layout reads its headings its own way (Spec Kit phases). */
  heading?: FeatureHeading;
  /** Subsections that are features of their own and so not part of this one's body. */
  isOwnFeature?: (child: Section) => boolean;
}

/** A feature from a heading's section: the heading gives title, number, group; the body the rest. */
export function draftFromSection(source: SourceText, section: Section, options: SectionDraftOptions = {}): FeatureDraft {
  const heading = options.heading ?? readFeatureHeading(section.title);
  const draft = newDraft(heading.title, section.line, section.endLine, sectionHash(source, section));
  if (heading.number !== undefined) draft.number = heading.number;
  const group = heading.group ?? options.group;
  if (group) draft.group = group;
  if (heading.parallel) draft.parallel = true;
  if (heading.priority) draft.priority = { text: heading.priority, line: section.line };
  readBody(source, draft, bodyParts(section, options.isOwnFeature), options);
  return draft;
}

export function sectionHash(source: SourceText, section: Section): string {
  return shortHash(source.slice(section.start, section.end).replace(/\r\n?/g, '\n'));
}

/**
 * The section's blocks, then each subsection in document order: one named like a field
 * (`#### Acceptance criteria`) is read as that field, an exclusion (`Out of scope`) is skipped,
 * any other is read as plain content.
 */
export function bodyParts(section: Section, isOwnFeature: (child: Section) => boolean = () => false): BodyPart[] {
  const parts: BodyPart[] = [{ blocks: section.blocks }];
  const stack = [...section.children].reverse();
  for (let child = stack.pop(); child; child = stack.pop()) {
    if (isOwnFeature(child) || isExclusionSection(child.title)) continue;
    const field = fieldOf(child.title);
    parts.push(field ? { blocks: child.blocks, field } : { blocks: child.blocks });
    for (let i = child.children.length - 1; i >= 0; i--) stack.push(child.children[i]!);
  }
  return parts;
}
