const WORD = /[\p{L}\p{N}]+/gu;

/** Lower-case words of prose, the unit every keyword rule of the planner looks at. */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Words of a file name without its extension, camelCase split: `todoRepository.ts` -> todo, repository. */
export function nameWords(path: string): string[] {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  return words(stem.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2'));
}
