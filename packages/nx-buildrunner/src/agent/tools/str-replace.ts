import { writeFile } from 'node:fs/promises';
import { describeFsError, readTextFile, tooLargeToWrite } from './files';
import { parseInput } from './input';
import { numbered, replaceOnce, splitLines } from './text-edit';
import { failure, type Tool } from './tool';

/** Lines of context shown around an edit, so the model can check it without another view_file. */
const CONTEXT_LINES = 3;
/** Edits longer than this are echoed only in part. */
const MAX_ECHO_LINES = 40;

export const strReplace: Tool = {
  definition: {
    name: 'str_replace',
    description:
      'Replace text in an existing file. old_str must match the file exactly (whitespace and indentation ' +
      'included, without view_file line numbers) and occur exactly once; include neighbouring lines to make ' +
      'it unique. An empty new_str deletes old_str.',
    input_schema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'File path relative to the worktree root.' },
        old_str: { type: 'string', description: 'The exact text to replace; must occur exactly once.' },
        new_str: { type: 'string', description: 'The replacement text.' },
      },
      required: ['path', 'old_str', 'new_str'],
    },
  },
  async run(input, { sandbox, wrote }) {
    const parsed = parseInput(input, { path: 'string', old_str: 'string', new_str: 'string' });
    if (!parsed.ok) return failure(parsed.error);
    const { old_str: oldStr, new_str: newStr } = parsed.value;
    if (oldStr === '') return failure('old_str is empty; to write a new file use create_file');
    if (oldStr === newStr) return failure('old_str and new_str are the same; nothing would change');
    const file = await readTextFile(sandbox, parsed.value.path);
    if (!file.ok) return failure(file.error);
    const rel = file.path.rel;

    const result = replaceOnce(file.text, oldStr, newStr);
    if (!result.ok) {
      if (result.matches === 0) {
        return failure(
          `old_str was not found in ${rel} (0 matches). It must match exactly, including whitespace and ` +
            'indentation; view_file shows the current text.',
          rel,
        );
      }
      const more = result.matches > result.lines.length ? ', ...' : '';
      return failure(
        `old_str matches ${result.matches} times in ${rel} (at lines ${result.lines.join(', ')}${more}); ` +
          'include more surrounding text so it matches exactly once.',
        rel,
      );
    }
    const tooLarge = tooLargeToWrite(result.text);
    if (tooLarge) return failure(`${rel}: ${tooLarge}`, rel);
    try {
      await writeFile(file.path.abs, result.text);
    } catch (error) {
      return failure(describeFsError(rel, error), rel);
    }
    wrote(rel);
    return { output: `Edited ${rel}. ${echo(result.text, result.firstLine, result.lastLine)}`, isError: false, path: rel };
  },
};

function echo(text: string, firstLine: number, lastLine: number): string {
  const lines = splitLines(text);
  const from = Math.max(1, firstLine - CONTEXT_LINES);
  const to = Math.min(lines.length, lastLine + CONTEXT_LINES, from + MAX_ECHO_LINES - 1);
  if (to < from) return 'The file is now empty.';
  return `Lines ${from}-${to} now read:\n${numbered(lines.slice(from - 1, to), from).join('\n')}`;
}
