import * as posix from 'node:path/posix';

/**
 * Import edges by regular expression over import-looking lines: no parser, so any file is
 * scanned in microseconds and nothing breaks on syntax this package has never seen.
 */
export interface ImportRef {
  specifier: string;
  style: 'js' | 'py';
}

const JS_PATTERNS: readonly RegExp[] = [
  /\bfrom\s*['"]([^'"]+)['"]/g,
  /^\s*import\s*['"]([^'"]+)['"]/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];
const PY_FROM = /^\s*from\s+(\.+[\w.]*|[A-Za-z_][\w.]*)\s+import\s+\(?\s*([\w\s,]+)/;
const PY_IMPORT = /^\s*import\s+([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*$/;

export function importRefs(text: string): ImportRef[] {
  const seen = new Set<string>();
  const out: ImportRef[] = [];
  const add = (specifier: string, style: ImportRef['style']) => {
    const key = `${style}:${specifier}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ specifier, style });
    }
  };
  for (const line of text.split('\n')) {
    if (!/import|require|from/.test(line)) continue;
    const py = PY_FROM.exec(line);
    if (py?.[1] !== undefined && !/['"]/.test(line)) {
      const [, module, names = ''] = py;
      // `from . import a, b` names modules; `from .a import b` names things inside module a.
      if (/^\.+$/.test(module)) for (const name of names.split(',')) add(`${module}${name.trim()}`, 'py');
      else add(module, 'py');
      continue;
    }
    const pyImport = PY_IMPORT.exec(line);
    if (pyImport?.[1] !== undefined) {
      for (const name of pyImport[1].split(',')) add(name.trim(), 'py');
      continue;
    }
    for (const re of JS_PATTERNS) {
      for (const m of line.matchAll(re)) if (m[1] !== undefined) add(m[1], 'js');
    }
  }
  return out;
}

const JS_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.json'];

/**
 * Worktree-relative paths `ref` may point at from `from`, in resolution order. Package imports
 * (`react`, `node:fs`) give none for JS; Python's absolute imports are tried from the spec dir and
 * the importing file's dir, and only the candidates that exist count.
 */
export function importCandidates(from: string, ref: ImportRef, specDir: string): string[] {
  const dir = posix.dirname(from);
  if (ref.style === 'js') {
    if (!ref.specifier.startsWith('./') && !ref.specifier.startsWith('../')) return [];
    const base = posix.normalize(posix.join(dir, ref.specifier));
    // TypeScript's ESM style names the emitted `.js` file while the source is `.ts`.
    const stem = base.replace(/\.(?:js|jsx|mjs|cjs)$/, '');
    return [base, ...JS_EXTENSIONS.map((ext) => stem + ext), ...JS_EXTENSIONS.map((ext) => `${base}/index${ext}`)];
  }
  const dots = /^\.*/.exec(ref.specifier)?.[0].length ?? 0;
  const modulePath = ref.specifier.slice(dots).split('.').filter(Boolean).join('/');
  const roots = dots > 0 ? [posix.join(dir, ...Array<string>(dots - 1).fill('..'))] : [specDir, dir];
  return roots.flatMap((root) =>
    modulePath === '' ? [] : [posix.join(root, `${modulePath}.py`), posix.join(root, modulePath, '__init__.py')],
  );
}
