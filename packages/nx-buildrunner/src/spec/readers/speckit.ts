import { componentsIn } from '../components';
import { dependencyPhrases } from '../dependency-phrases';
import { newDraft, type FeatureDraft } from '../draft';
import type { FeatureHeading } from '../feature-heading';
import { readBody } from '../feature-body';
import { plainText } from '../inline-text';
import type { Item } from '../items';
import { descendants, type Section } from '../sections';
import type { Reader } from './reader';
import { draftFromSection, sectionHash } from './section-draft';

/** `T001`, then any of `[P]` and `[US1]` in either order. */
const TASK = /^(T\d{3,})\b\s*((?:\[[^\]]*\]\s*)*)(.*)$/;
const PHASE = /^phase\s+(\d{1,9})\s*(?:[:.\-–—]\s*|$)(.*)$/i;
const STORY = /^user\s+story\s+(\d{1,9})\s*(?:[:.\-–—]\s*|$)(.*)$/i;

export function isSpecKitTask(text: string): boolean {
  return TASK.test(text);
}

/**
 * GitHub Spec Kit `tasks.md`. Each `## Phase N: ...` is a feature (a user story has a phase of
 * its own, so phases are stories too), each `T001` checklist item one of its requirements, in
 * order; `[P]` marks a task parallel and the paths it names become components. Phase order is
 * Spec Kit's: a user-story phase depends on the latest phase before it that is not a story
 * (Foundational), so stories can run side by side; any other phase depends on the stories since
 * the previous such phase, or else on the phase just before it. `depends on T012` in a task
 * adds a dependency on the phase holding T012.
 */
export const readSpecKit: Reader = ({ source, root, title }) => {
  const phases = descendants(root).filter((s) => PHASE.test(s.title));
  const drafts = phases.length > 0
    ? phases.map((phase) => draftFromSection(source, phase, { heading: phaseHeading(phase.title), ...TASK_OPTIONS }))
    : tasksWithoutPhases(root, title, source);
  for (const draft of drafts) markParallel(draft);
  addPhaseOrder(drafts);
  return drafts;
};

const TASK_OPTIONS = {
  components: { plainPaths: true, fallback: 'create' as const },
  claimItem: (item: Item, draft: FeatureDraft): boolean => {
    const task = TASK.exec(item.text);
    if (!task) return false;
    const [, id = '', markers = '', rest = ''] = task;
    const requirement = { text: `${id} ${rest.trim()}`.trim(), line: item.line, done: item.checked === true };
    if (/\[p\]/i.test(markers)) Object.assign(requirement, { parallel: true });
    draft.requirements.push(requirement);
    draft.aliases.push(id);
    draft.components.push(...componentsIn(rest, item.line, { plainPaths: true, fallback: 'create' }));
    for (const phrase of dependencyPhrases(plainText(rest))) {
      draft.refs.push({ kind: 'prose', text: phrase.target, line: item.line, strength: phrase.strength });
    }
    return true;
  },
};

function phaseHeading(text: string): FeatureHeading {
  const [, number = '0', rest = ''] = PHASE.exec(text) ?? [];
  // `🎯 MVP` after a story's title is decoration, as is any other emoji.
  let title = rest.replace(/\p{Extended_Pictographic}\uFE0F?\s*MVP\s*$/iu, '').replace(/[\p{Extended_Pictographic}\uFE0F\u200D]/gu, '');
  const heading: FeatureHeading = { title, number: Number(number) };
  const priority = /\s*\(\s*priority\s*:?\s*([^()]+?)\s*\)/i.exec(title);
  if (priority) {
    heading.priority = (priority[1] ?? '').trim();
    title = title.slice(0, priority.index) + title.slice(priority.index + priority[0].length);
  }
  const story = STORY.exec(title.trim());
  if (story) {
    heading.group = `US${story[1]}`;
    title = story[2] ?? '';
  }
  heading.title = title.trim() || `Phase ${number}`;
  return heading;
}

/** Tasks with no phase headings: the sections that hold tasks, or the whole document. */
function tasksWithoutPhases(root: Section, title: string, source: Parameters<Reader>[0]['source']): FeatureDraft[] {
  const holders = [root, ...descendants(root)].filter((s) => s.blocks.some((b) => b.type === 'list'));
  return holders.map((section) => {
    if (section !== root) return draftFromSection(source, section, { ...TASK_OPTIONS, isOwnFeature: () => true });
    const draft = newDraft(title, 1, root.endLine, sectionHash(source, root));
    readBody(source, draft, [{ blocks: root.blocks }], TASK_OPTIONS);
    return draft;
  });
}

function markParallel(draft: FeatureDraft): void {
  if (draft.requirements.length > 0 && draft.requirements.every((r) => r.parallel)) draft.parallel = true;
}

function addPhaseOrder(drafts: FeatureDraft[]): void {
  const isStory = (d: FeatureDraft) => d.group?.startsWith('US') ?? false;
  let lastFoundation = -1;
  drafts.forEach((draft, i) => {
    let targets: number[];
    if (isStory(draft)) {
      targets = lastFoundation >= 0 ? [lastFoundation] : [];
    } else {
      const stories = drafts.slice(lastFoundation + 1, i).map((_, k) => lastFoundation + 1 + k);
      targets = stories.length > 0 ? stories : i > 0 ? [i - 1] : [];
      lastFoundation = i;
    }
    for (const target of targets) {
      const t = drafts[target]!;
      draft.refs.push({ kind: 'fixed', text: t.number !== undefined ? `Phase ${t.number}` : t.title, line: draft.line, targets: [target] });
    }
  });
}
