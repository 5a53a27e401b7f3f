import { listItem } from './items';
import { FEATURE_HEADING, isEmptyFeaturesContainer, isFeaturesContainer } from './readers/buildrunner';
import { isKiroTask } from './readers/kiro';
import { isSpecKitTask } from './readers/speckit';
import { descendants, type Section } from './sections';
import type { SourceText } from './source-text';
import type { SpecFormat } from './types';

/**
 * Which layout a document follows, by its content, most specific first: a `Features` section
 * or `Feature N:` headings is the BuildRunner layout; a top-level `T001` task is Spec Kit; a
 * top-level `- [ ] 1. Title` checklist item is Kiro; anything else is free-form.
 * Only the first item of each top-level list is looked at, which is enough for these layouts.
 */
export function detectFormat(source: SourceText, root: Section): SpecFormat {
  const sections = descendants(root);
  if (sections.some((s) => isFeaturesContainer(s) || isEmptyFeaturesContainer(s) || FEATURE_HEADING.test(s.title))) return 'buildrunner';
  let kiro = false;
  for (const section of [root, ...sections]) {
    for (const block of section.blocks) {
      const first = block.type === 'list' ? block.children[0] : undefined;
      if (!first) continue;
      const item = listItem(source, first);
      if (isSpecKitTask(item.text)) return 'speckit';
      kiro ||= isKiroTask(item.text, item.checked);
    }
  }
  return kiro ? 'kiro' : 'freeform';
}
