import type { Task } from '../../../plan/types';
import type { ContextFs, FileEntry } from '../fs';

/** An in-memory worktree: paths are worktree-relative; directories are implied by file paths. */
export function memoryFs(files: Record<string, string | Uint8Array>): ContextFs & { reads: string[] } {
  const reads: string[] = [];
  const bytesOf = (v: string | Uint8Array) => (typeof v === 'string' ? new TextEncoder().encode(v) : v);
  return {
    reads,
    async readFile(file, maxBytes) {
      const content = files[file];
      if (content === undefined) return undefined;
      reads.push(file);
      const bytes = bytesOf(content);
      return { bytes: bytes.subarray(0, maxBytes), size: bytes.length };
    },
    async listFiles(dir) {
      const prefix = dir === '.' || dir === '' ? '' : `${dir}/`;
      const entries = new Map<string, FileEntry>();
      for (const path of Object.keys(files)) {
        if (!path.startsWith(prefix)) continue;
        const [name, ...rest] = path.slice(prefix.length).split('/');
        if (name !== undefined) entries.set(name, { name, kind: rest.length > 0 ? 'dir' : 'file' });
      }
      return [...entries.values()];
    },
  };
}

export function makeTask(overrides: Partial<Task> = {}): Task {
  return {
    id: 'slugify',
    featureId: 'slugify',
    title: 'Slugify',
    description: 'Turn any title into a URL-safe slug.',
    domain: 'backend',
    complexity: 'simple',
    estimateMinutes: 90,
    priority: 'high',
    files: ['src/slugify.js', 'test/slugify.test.js'],
    acceptance: ['`slugify("Héllo, Wörld!")` returns `hello-world`', 'Tests pass'],
    requirements: ['slugify.r1'],
    dependsOn: [],
    verify: ['node --test test/slugify.test.js'],
    line: 17,
    hash: '0123456789abcdef',
    ...overrides,
  };
}
