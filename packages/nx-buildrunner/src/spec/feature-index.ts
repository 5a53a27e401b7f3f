import { plainText } from './inline-text';
import { matchKey, matchTokens } from './tokens';

/** What a dependency can be matched against. */
export interface IndexedFeature {
  id: string;
  title: string;
  number?: number;
  group?: string;
  /** Other names readers know a feature by (Spec Kit task ids, Kiro task numbers). */
  aliases?: readonly string[];
}

export type Resolution =
  | { kind: 'resolved'; targets: number[] }
  | { kind: 'ambiguous'; candidates: number[] }
  | { kind: 'unknown' };

const NUMBER_REF = /^(?:feature|feat|f)?\s*#?\s*(\d{1,9})\s*(?:$|[:(\-–—])/i;

/**
 * Resolves what a spec calls another feature, in this order: its number (`Feature 3`, `#3`),
 * an alias, its id, its exact title, its exact group (a group names all its features), then the
 * one title that contains every word of the reference. Every lookup goes through a map, so
 * resolving stays linear in the number of references however many features there are.
 */
export class FeatureIndex {
  private readonly byNumber = new Map<number, number[]>();
  private readonly byAlias = new Map<string, number[]>();
  private readonly byId = new Map<string, number>();
  private readonly byTitle = new Map<string, number[]>();
  private readonly byGroup = new Map<string, number[]>();
  private readonly postings = new Map<string, number[]>();
  private readonly groupPostings = new Map<string, string[]>();
  private readonly titleTokens: Array<Set<string>> = [];

  constructor(features: readonly IndexedFeature[]) {
    features.forEach((f, i) => {
      if (f.number !== undefined) push(this.byNumber, f.number, i);
      for (const alias of f.aliases ?? []) push(this.byAlias, alias.toLowerCase(), i);
      this.byId.set(f.id, i);
      push(this.byTitle, matchKey(f.title), i);
      const tokens = matchTokens(f.title);
      this.titleTokens.push(new Set(tokens));
      for (const token of tokens) push(this.postings, token, i);
      if (f.group) {
        const key = matchKey(f.group);
        if (!this.byGroup.has(key)) for (const token of matchTokens(f.group)) push(this.groupPostings, token, key);
        push(this.byGroup, key, i);
      }
    });
  }

  resolve(reference: string): Resolution {
    const text = plainText(reference).replace(/^["'“‘]+|["'”’.,;]+$/g, '').trim();
    if (!text) return { kind: 'unknown' };
    const numbered = NUMBER_REF.exec(text);
    if (numbered) return fromList(this.byNumber.get(Number(numbered[1])));
    const alias = this.byAlias.get(text.toLowerCase());
    if (alias) return fromList(alias);
    const id = this.byId.get(text);
    if (id !== undefined) return { kind: 'resolved', targets: [id] };
    const key = matchKey(text);
    const title = this.byTitle.get(key);
    if (title) return fromList(title);
    const group = this.byGroup.get(key);
    if (group) return { kind: 'resolved', targets: group };
    const tokens = matchTokens(text);
    if (tokens.length === 0) return { kind: 'unknown' };
    const titles = this.containing(tokens);
    if (titles.length > 0) return fromList(titles);
    const groups = intersect(tokens.map((t) => this.groupPostings.get(t) ?? []));
    if (groups.length === 1) return { kind: 'resolved', targets: this.byGroup.get(groups[0]!) ?? [] };
    return groups.length > 1 ? { kind: 'ambiguous', candidates: groups.flatMap((g) => this.byGroup.get(g) ?? []) } : { kind: 'unknown' };
  }

  /** Features whose title holds every token, starting from the rarest token. */
  private containing(tokens: readonly string[]): number[] {
    let rarest: number[] | undefined;
    for (const token of tokens) {
      const list = this.postings.get(token);
      if (!list) return [];
      if (!rarest || list.length < rarest.length) rarest = list;
    }
    return (rarest ?? []).filter((i) => tokens.every((t) => this.titleTokens[i]!.has(t)));
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function fromList(list: readonly number[] | undefined): Resolution {
  if (!list || list.length === 0) return { kind: 'unknown' };
  return list.length === 1 ? { kind: 'resolved', targets: [...list] } : { kind: 'ambiguous', candidates: [...list] };
}

function intersect<T>(lists: ReadonlyArray<readonly T[]>): T[] {
  if (lists.length === 0) return [];
  const [first, ...rest] = [...lists].sort((a, b) => a.length - b.length);
  const sets = rest.map((l) => new Set(l));
  return (first ?? []).filter((x) => sets.every((s) => s.has(x)));
}
