import * as posix from 'node:path/posix';
import type { ContextFs, FileEntry } from './fs';

/** Directory listings read once per context build, sorted so every walk is deterministic. */
export class DirIndex {
  private readonly listings = new Map<string, Promise<FileEntry[]>>();

  constructor(private readonly fs: ContextFs) {}

  list(dir: string): Promise<FileEntry[]> {
    const key = dir === '' ? '.' : dir;
    let listing = this.listings.get(key);
    if (listing === undefined) {
      listing = this.fs.listFiles(key).then((entries) => [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
      this.listings.set(key, listing);
    }
    return listing;
  }

  async isFile(file: string): Promise<boolean> {
    if (file === '..' || file.startsWith('../')) return false;
    const name = posix.basename(file);
    return (await this.list(posix.dirname(file))).some((e) => e.kind === 'file' && e.name === name);
  }

  /** Worktree-relative paths of the regular files directly in `dir`. */
  async files(dir: string): Promise<string[]> {
    return (await this.list(dir)).filter((e) => e.kind === 'file').map((e) => (dir === '.' ? e.name : `${dir}/${e.name}`));
  }
}
