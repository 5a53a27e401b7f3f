import { normaliseLabel } from '../labels';
import { isNonFeatureSection } from '../section-names';
import { descendants, type Section } from '../sections';
import type { Reader } from './reader';
import { draftFromSection } from './section-draft';

/** `Feature 3: ...`, `Feature 3 - ...`, `Feature #3.` */
export const FEATURE_HEADING = /^feature\s*#?\s*\d{1,9}\s*(?:[:.)\-–—]|$)/i;
const CONTAINER_TITLES = new Set(['features', 'feature list', 'feature specifications', 'feature specs', 'feature breakdown']);

export function isFeaturesContainer(section: Section): boolean {
  return CONTAINER_TITLES.has(normaliseLabel(section.title)) && section.children.length > 0;
}

/**
 * A `## Features` section that holds nothing yet but comments (a fresh scaffold): the document
 * is still in the BuildRunner layout, with no features, rather than free-form prose whose title
 * would become a feature.
 */
export function isEmptyFeaturesContainer(section: Section): boolean {
  return CONTAINER_TITLES.has(normaliseLabel(section.title)) && section.children.length === 0 && section.blocks.every((b) => b.type === 'html');
}

/**
 * The BuildRunner layout: the subsections of `## Features` are the features (each
 * `### Feature N: Name (Build X)` with bold-labelled fields). Without a Features section, every
 * outermost `Feature N:` heading is one.
 */
export const readBuildRunner: Reader = ({ source, root }) => {
  const all = descendants(root);
  const container = all.find(isFeaturesContainer);
  const sections = container
    ? container.children.filter((s) => FEATURE_HEADING.test(s.title) || !isNonFeatureSection(s.title))
    : outermost(all.filter((s) => FEATURE_HEADING.test(s.title)));
  return sections.map((section) => draftFromSection(source, section));
};

/** Drops sections nested inside another of the list (they belong to its body). */
function outermost(sections: Section[]): Section[] {
  const out: Section[] = [];
  for (const s of sections) {
    const last = out[out.length - 1];
    if (!last || s.start >= last.end || s.depth <= last.depth) out.push(s);
  }
  return out;
}
