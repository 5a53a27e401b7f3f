import { codeSpans } from './code-spans';
import type { Component, ComponentAction } from './types';

/**
 * Paths a spec names. In backticks anything path-like counts (`src/db/schema.sql`, `README.md`,
 * `../worktree`); in plain text (Spec Kit writes `in src/models/user.py`) only tokens with a slash
 * and a file extension, so `Node.js` or `e.g.` are not mistaken for files.
 * The verb before a path says what happens to it: `Create` creates, `Update`/`Modify`/`Edit`
 * (and kin) update, anything else only references the file.
 */
const EXTENSIONS = new Set(
  (
    'ts tsx mts cts js jsx mjs cjs json jsonc md mdx py pyi sql css scss sass less html htm vue svelte astro yml yaml ' +
    'toml ini cfg conf go rs java kt kts scala rb php cs fs c h cc cpp hpp m mm swift dart ex exs erl hs ml ' +
    'sh bash zsh ps1 bat txt csv tsv xml svg graphql gql proto prisma lock gradle tf hcl lua r jl sol zig nim ipynb'
  ).split(' '),
);
const BARE_FILES = new Set(['dockerfile', 'makefile', 'procfile', 'gemfile', 'rakefile', 'jenkinsfile', 'vagrantfile', 'license', 'readme']);
const PATH_CHARS = /^[\w@.\-/[\]()+~]+$/;
const CREATE = new Set(['create', 'creates', 'new', 'scaffold', 'generate', 'generates', 'initialise', 'initialize']);
const UPDATE = new Set([
  'update', 'updates', 'modify', 'modifies', 'edit', 'edits', 'change', 'changes', 'extend', 'extends',
  'refactor', 'fix', 'patch', 'amend', 'rename', 'replace', 'delete', 'remove',
]);
const STRENGTH: Record<ComponentAction, number> = { reference: 0, update: 1, create: 2 };

export function isPathLike(token: string): boolean {
  if (token.length > 300 || !PATH_CHARS.test(token) || /^[a-z][a-z0-9+.-]*:\/\//i.test(token)) return false;
  if (token.startsWith('-') || /^[.\-/]+$/.test(token)) return false;
  const name = token.slice(token.lastIndexOf('/') + 1);
  if (token.includes('/')) {
    if (token.includes('(') && !token.includes(')')) return false;
    // `/todos/:id` and `/sync` are routes; an absolute path needs an extension to count.
    return !token.startsWith('/') || hasExtension(name);
  }
  if (token.includes('(')) return false;
  return hasExtension(name) || BARE_FILES.has(name.toLowerCase()) || /^\.[\w.-]+$/.test(name);
}

function hasExtension(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

export interface ComponentOptions {
  /** Also read unquoted paths in the text (Spec Kit, Kiro). */
  plainPaths?: boolean;
  /** Action when no verb precedes a path. */
  fallback?: ComponentAction;
}

export function componentsIn(markdown: string, line: number, options: ComponentOptions = {}): Component[] {
  const spans = codeSpans(markdown);
  const found: Array<{ path: string; index: number }> = spans
    .filter((span) => isPathLike(span.value.trim()))
    .map((span) => ({ path: span.value.trim(), index: span.index }));
  if (options.plainPaths) {
    let outsideCode = markdown;
    for (const span of spans) outsideCode = blank(outsideCode, span.index, span.length);
    for (const token of outsideCode.matchAll(/\S+/g)) {
      const path = token[0].replace(/^[("'[]+|[)"'.,;:\]]+$/g, '');
      if (path.includes('/') && hasExtension(path.slice(path.lastIndexOf('/') + 1)) && isPathLike(path)) {
        found.push({ path, index: (token.index ?? 0) + token[0].indexOf(path) });
      }
    }
    found.sort((a, b) => a.index - b.index);
  }
  if (found.length === 0) return [];
  const verbs = [...markdown.matchAll(/[A-Za-z]+/g)]
    .map((m) => ({ word: m[0].toLowerCase(), index: m.index ?? 0 }))
    .filter((w) => CREATE.has(w.word) || UPDATE.has(w.word));
  return found.map(({ path, index }) => {
    let action: ComponentAction = options.fallback ?? 'reference';
    for (const verb of verbs) {
      if (verb.index > index) break;
      action = CREATE.has(verb.word) ? 'create' : 'update';
    }
    return { path, action, line };
  });
}

function blank(text: string, from: number, length: number): string {
  return text.slice(0, from) + ' '.repeat(length) + text.slice(from + length);
}

/** One entry per path: the strongest action wins (create over update over reference), first line kept. */
export function mergeComponents(components: readonly Component[]): Component[] {
  const byPath = new Map<string, Component>();
  for (const c of components) {
    const seen = byPath.get(c.path);
    if (!seen) byPath.set(c.path, { ...c });
    else if (STRENGTH[c.action] > STRENGTH[seen.action]) seen.action = c.action;
  }
  return [...byPath.values()];
}
