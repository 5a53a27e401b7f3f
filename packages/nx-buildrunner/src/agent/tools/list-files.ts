import { globMatcher } from './glob';
import { parseInput } from './input';
import { TOOL_LIMITS } from './limits';
import { resolveDirectory } from './paths';
import { failure, type Tool } from './tool';
import { walkFiles } from './walk';

export const listFiles: Tool = {
  definition: {
    name: 'list_files',
    description:
      `List files under a directory, recursively, as worktree-relative paths (at most ${TOOL_LIMITS.maxListEntries}). ` +
      '.git and node_modules are skipped. pattern filters them: "*.ts" matches names anywhere, ' +
      '"src/**/*.test.ts" matches paths; *, ?, ** and {a,b} are understood.',
    input_schema: {
      type: 'object',
      properties: {
        dir: { type: 'string', description: 'Directory relative to the worktree root. Default: the root.' },
        pattern: { type: 'string', description: 'Optional glob the files must match.' },
      },
      required: [],
    },
  },
  async run(input, { sandbox }) {
    const parsed = parseInput(input, { dir: 'string?', pattern: 'string?' });
    if (!parsed.ok) return failure(parsed.error);
    const start = await resolveDirectory(sandbox, parsed.value.dir ?? '.');
    if (!start.ok) return failure(start.error);
    const walk = await walkFiles(start.path.abs, start.path.rel);
    const matches = parsed.value.pattern === undefined ? () => true : globMatcher(parsed.value.pattern);
    const found = walk.entries.filter((entry) => matches(entry.rel)).sort((a, b) => (a.rel < b.rel ? -1 : 1));
    if (found.length === 0) return { output: 'No files match.', isError: false, path: start.path.rel };

    const lines = found
      .slice(0, TOOL_LIMITS.maxListEntries)
      .map((entry) => (entry.symlink ? `${entry.rel} (symbolic link)` : entry.rel));
    if (found.length > TOOL_LIMITS.maxListEntries) {
      lines.push(`[${found.length} files, first ${TOOL_LIMITS.maxListEntries} shown; narrow with dir or pattern]`);
    }
    if (walk.truncated) lines.push(`[stopped after ${TOOL_LIMITS.maxWalkFiles} files; narrow with dir]`);
    return { output: lines.join('\n'), isError: false, path: start.path.rel };
  },
};
