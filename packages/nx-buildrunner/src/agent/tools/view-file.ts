import { readTextFile } from './files';
import { parseInput } from './input';
import { TOOL_LIMITS } from './limits';
import { numbered, splitLines } from './text-edit';
import { failure, type Tool } from './tool';

export const viewFile: Tool = {
  definition: {
    name: 'view_file',
    description:
      'Show a text file with line numbers (number, tab, line). The numbers are not part of the file: leave them ' +
      'out of str_replace. Long files are cut with a note saying which start_line to ask for next.',
    input_schema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'File path relative to the worktree root.' },
        start_line: { type: 'integer', description: 'First line to show (1-based). Default 1.' },
        end_line: { type: 'integer', description: 'Last line to show (inclusive). Default: the end of the file.' },
      },
      required: ['path'],
    },
  },
  async run(input, { sandbox }) {
    const parsed = parseInput(input, { path: 'string', start_line: 'integer?', end_line: 'integer?' });
    if (!parsed.ok) return failure(parsed.error);
    const file = await readTextFile(sandbox, parsed.value.path);
    if (!file.ok) return failure(file.error);
    const rel = file.path.rel;
    const lines = splitLines(file.text);
    if (lines.length === 0) return { output: `${rel} is empty.`, isError: false, path: rel };

    const start = parsed.value.start_line ?? 1;
    const end = Math.min(parsed.value.end_line ?? lines.length, lines.length);
    if (start < 1 || start > lines.length) return failure(`start_line ${start} is outside ${rel}, which has ${lines.length} lines`, rel);
    if (end < start) return failure(`end_line ${end} is before start_line ${start}`, rel);

    const shown: string[] = [];
    let chars = 0;
    let last = start - 1;
    for (const line of numbered(lines.slice(start - 1, end), start)) {
      if (chars + line.length + 1 > TOOL_LIMITS.maxViewChars) {
        // A single giant line (minified code) still shows its beginning.
        if (shown.length === 0) {
          shown.push(`${line.slice(0, TOOL_LIMITS.maxViewChars)} [line cut at ${TOOL_LIMITS.maxViewChars} characters]`);
          last++;
        }
        break;
      }
      shown.push(line);
      chars += line.length + 1;
      last++;
    }
    if (start !== 1 || last !== lines.length) {
      const more = last < end ? `; call view_file with start_line=${last + 1} to see more` : '';
      shown.push(`[lines ${start}-${last} of ${lines.length} in ${rel}${more}]`);
    }
    return { output: shown.join('\n'), isError: false, path: rel };
  },
};
