/**
 * What a feature heading says besides its title: `Feature 3: Command Line (Build 2A) [P]` is
 * number 3, title `Command Line`, group `Build 2A`, parallel. A trailing parenthesis counts as a
 * group only when it names one (Build, Phase, Tier, Week, Sprint, Milestone, Stage, Iteration,
 * Release, Epic, Wave); `(mobile)` stays part of the title.
 */
export interface FeatureHeading {
  title: string;
  number?: number;
  group?: string;
  parallel?: boolean;
  /** A `(Priority: P1)` in the heading, as written. */
  priority?: string;
}

const NUMBERED = /^feature\s*#?\s*(\d{1,9})\s*(?:[:.)\-–—]\s*|$)/i;
const GROUP = /\s*\(((?:build|phase|tier|week|sprint|milestone|stage|iteration|release|epic|wave)\b[^()]*)\)\s*$/i;
const PRIORITY = /\s*\(\s*priority\s*:?\s*([^()]+?)\s*\)/i;
const PARALLEL = /\s*(?:\[(?:p|parallel)\]|\(parallel\))\s*$/i;

export function readFeatureHeading(text: string): FeatureHeading {
  let title = text.trim();
  const heading: FeatureHeading = { title };
  const numbered = NUMBERED.exec(title);
  if (numbered) {
    heading.number = Number(numbered[1]);
    title = title.slice(numbered[0].length);
  }
  for (let changed = true; changed; ) {
    changed = false;
    const parallel = PARALLEL.exec(title);
    if (parallel) {
      heading.parallel = true;
      title = title.slice(0, parallel.index);
      changed = true;
    }
    const group = GROUP.exec(title);
    if (group && !heading.group) {
      heading.group = (group[1] ?? '').trim();
      title = title.slice(0, group.index);
      changed = true;
    }
  }
  const priority = PRIORITY.exec(title);
  if (priority) {
    heading.priority = (priority[1] ?? '').trim();
    title = title.slice(0, priority.index) + title.slice(priority.index + priority[0].length);
  }
  heading.title = title.trim() || (heading.number !== undefined ? `Feature ${heading.number}` : '');
  return heading;
}

/** `PROJECT_SPEC - Todo App` names the project `Todo App`. */
export function specTitleFromHeading(text: string): string {
  return text.replace(/^\s*PROJECT[_ ]SPEC\s*(?:[-–—:|]\s*|$)/i, '').trim();
}
