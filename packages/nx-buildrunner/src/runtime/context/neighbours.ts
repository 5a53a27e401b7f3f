import * as posix from 'node:path/posix';
import type { ContextFs } from './fs';
import type { DirIndex } from './dir-index';
import { importCandidates, importRefs } from './imports';
import { counterparts } from './pairing';
import { skipReason } from './paths';
import { decodeText } from './text';

export interface Neighbour {
  path: string;
  score: number;
  reason: string;
}

export interface NeighbourLimits {
  /** Files read to find who imports the task's files. */
  maxScanned: number;
  /** Bytes of each scanned file searched for import lines (they sit at the top). */
  scanBytes: number;
  maxNeighbours: number;
}

export const DEFAULT_NEIGHBOUR_LIMITS: NeighbourLimits = { maxScanned: 80, scanBytes: 16 * 1024, maxNeighbours: 6 };

/** A test belongs with its source more than anything else; an import is a real dependency. */
const SCORE = { pair: 100, importedBy: 90, imports: 80, sibling: 70, sameDir: 40 } as const;

function stemOf(file: string): string {
  return posix.basename(file).split('.')[0] ?? '';
}

async function resolveImports(text: string, from: string, specDir: string, dirs: DirIndex): Promise<string[]> {
  const found: string[] = [];
  for (const ref of importRefs(text)) {
    for (const candidate of importCandidates(from, ref, specDir)) {
      if (await dirs.isFile(candidate)) {
        found.push(candidate);
        break;
      }
    }
  }
  return found;
}

/**
 * Files near the task's files, ranked: test/source counterparts, files they import, files that
 * import them, same-stem siblings, then the rest of their directories (same extension first).
 * `texts` holds the current text of the targets that exist; `exclude` what other tiers show.
 */
export async function findNeighbours(
  targets: readonly string[],
  texts: ReadonlyMap<string, string>,
  exclude: ReadonlySet<string>,
  specDir: string,
  fs: ContextFs,
  dirs: DirIndex,
  limits: NeighbourLimits = DEFAULT_NEIGHBOUR_LIMITS,
): Promise<Neighbour[]> {
  const found = new Map<string, { score: number; reasons: string[] }>();
  const note = (file: string, score: number, reason: string) => {
    if (exclude.has(file) || skipReason(file) !== undefined) return;
    const entry = found.get(file) ?? { score: 0, reasons: [] };
    // A second reason breaks ties between equally ranked files without outranking a better one.
    entry.score = Math.max(entry.score, score) + (entry.reasons.length > 0 ? 1 : 0);
    entry.reasons.push(reason);
    found.set(file, entry);
  };

  const scanDirs = new Set<string>();
  for (const target of targets) {
    scanDirs.add(posix.dirname(target));
    for (const candidate of counterparts(specDir, target)) {
      if (await dirs.isFile(candidate)) {
        note(candidate, SCORE.pair, `test/source pair of ${target}`);
        scanDirs.add(posix.dirname(candidate));
      }
    }
    const text = texts.get(target);
    if (text !== undefined) {
      for (const imported of await resolveImports(text, target, specDir, dirs)) note(imported, SCORE.importedBy, `imported by ${target}`);
    }
  }

  const targetSet = new Set(targets);
  const scanned = await Promise.all([...scanDirs].sort().map(async (dir) => ({ dir, files: await dirs.files(dir) })));
  // The files to scan are read all at once: one after another, each read's round trips to the
  // disk add up to tens of milliseconds on the path from one task to the next.
  const toRead = scanned
    .flatMap(({ files }) => files)
    .filter((file) => !targetSet.has(file) && !exclude.has(file) && skipReason(file) === undefined)
    .slice(0, limits.maxScanned);
  const heads = new Map(toRead.map((file) => [file, fs.readFile(file, limits.scanBytes)]));
  for (const { dir, files } of scanned) {
    for (const file of files) {
      for (const target of targets) {
        if (file !== target && stemOf(file) === stemOf(target)) note(file, SCORE.sibling, `same name as ${target}`);
        if (file !== target && posix.dirname(target) === dir) {
          const sameExt = posix.extname(file) === posix.extname(target);
          note(file, SCORE.sameDir + (sameExt ? 5 : 0), `same directory as ${target}`);
        }
      }
      const read = heads.get(file);
      if (read === undefined) continue;
      const head = await read;
      const text = head === undefined ? undefined : decodeText(head)?.text;
      if (text === undefined) continue;
      for (const imported of await resolveImports(text, file, specDir, dirs)) {
        if (targetSet.has(imported)) note(file, SCORE.imports, `imports ${imported}`);
      }
    }
  }

  return [...found.entries()]
    .map(([path, { score, reasons }]) => ({ path, score, reason: [...new Set(reasons)].join('; ') }))
    .sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .slice(0, limits.maxNeighbours);
}
