/**
 * The small glob dialect the listing tools accept: `*`, `?`, `**` and `{a,b}`. A pattern without a
 * slash matches file names anywhere (`*.ts`); one with a slash matches worktree-relative paths.
 */
export function globMatcher(pattern: string): (rel: string) => boolean {
  const regex = new RegExp(`^${globSource(pattern)}$`);
  if (pattern.includes('/')) return (rel) => regex.test(rel);
  return (rel) => regex.test(rel.slice(rel.lastIndexOf('/') + 1));
}

function globSource(pattern: string): string {
  let source = '';
  let braceOpen = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] ?? '';
    if (char === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '{' && !braceOpen && pattern.indexOf('}', i) !== -1) {
      braceOpen = true;
      source += '(?:';
    } else if (char === '}' && braceOpen) {
      braceOpen = false;
      source += ')';
    } else if (char === ',' && braceOpen) {
      source += '|';
    } else {
      source += char.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
    }
  }
  return source;
}
