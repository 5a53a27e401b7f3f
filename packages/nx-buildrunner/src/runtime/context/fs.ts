import { open, readdir, realpath } from 'node:fs/promises';
import * as path from 'node:path';

export interface FileEntry {
  name: string;
  kind: 'file' | 'dir';
}

export interface FileHead {
  /** At most the bytes asked for, from the start of the file. */
  bytes: Uint8Array;
  /** The file's full size in bytes. */
  size: number;
}

/**
 * The context manager's only window on the disk. Paths are worktree-relative and POSIX;
 * anything missing, unreadable or outside the worktree reads as absent.
 */
export interface ContextFs {
  readFile(file: string, maxBytes: number): Promise<FileHead | undefined>;
  /** Entries of a directory (regular files and directories only), `[]` when it does not exist. */
  listFiles(dir: string): Promise<FileEntry[]>;
}

/**
 * Reads under `root`. Symlinks are followed only when they stay inside the worktree: files an
 * earlier agent wrote are untrusted, and a link to `~/.aws/credentials` must not end up in a prompt.
 */
export function nodeContextFs(root: string): ContextFs {
  const realRoot = realpath(root);
  const inside = async (file: string): Promise<string | undefined> => {
    const base = await realRoot;
    const target = path.resolve(base, file);
    try {
      const real = await realpath(target);
      return real === base || real.startsWith(base + path.sep) ? real : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    async readFile(file, maxBytes) {
      const real = await inside(file);
      if (real === undefined) return undefined;
      let handle;
      try {
        handle = await open(real, 'r');
        const stat = await handle.stat();
        if (!stat.isFile()) return undefined;
        const length = Math.min(stat.size, maxBytes);
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, 0);
        return { bytes: buffer.subarray(0, bytesRead), size: stat.size };
      } catch {
        return undefined;
      } finally {
        await handle?.close();
      }
    },
    async listFiles(dir) {
      const real = await inside(dir);
      if (real === undefined) return [];
      try {
        const entries = await readdir(real, { withFileTypes: true });
        return entries.flatMap((e): FileEntry[] =>
          e.isFile() ? [{ name: e.name, kind: 'file' }] : e.isDirectory() ? [{ name: e.name, kind: 'dir' }] : [],
        );
      } catch {
        return [];
      }
    },
  };
}
