import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeFsError, tooLargeToWrite } from './files';
import { parseInput } from './input';
import { resolveInSandbox } from './paths';
import { splitLines } from './text-edit';
import { failure, type Tool } from './tool';

export const createFile: Tool = {
  definition: {
    name: 'create_file',
    description:
      'Create a new text file (and any missing parent directories). Refuses to overwrite an existing file: ' +
      'change existing files with str_replace.',
    input_schema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'File path relative to the worktree root.' },
        content: { type: 'string', description: 'The whole content of the new file.' },
      },
      required: ['path', 'content'],
    },
  },
  async run(input, { sandbox, wrote }) {
    const parsed = parseInput(input, { path: 'string', content: 'string' });
    if (!parsed.ok) return failure(parsed.error);
    const { content } = parsed.value;
    const tooLarge = tooLargeToWrite(content);
    if (tooLarge) return failure(`${parsed.value.path}: ${tooLarge}`);
    const resolved = await resolveInSandbox(sandbox, parsed.value.path);
    if (!resolved.ok) return failure(resolved.error);
    const { abs, rel } = resolved.path;
    if (rel === '.') return failure('the worktree root is a directory, not a file');
    try {
      await mkdir(path.dirname(abs), { recursive: true });
      // 'wx' fails on anything already there, a symlink included, so nothing is overwritten.
      await writeFile(abs, content, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        return failure(`${rel} already exists; change it with str_replace (view_file shows its text)`, rel);
      }
      return failure(describeFsError(rel, error), rel);
    }
    wrote(rel);
    return { output: `Created ${rel} (${splitLines(content).length} lines).`, isError: false, path: rel };
  },
};
