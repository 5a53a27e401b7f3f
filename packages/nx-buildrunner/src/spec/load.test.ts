import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSpec } from './load';
import { parseSpec } from './parse';

const dir = mkdtempSync(join(tmpdir(), 'br-spec-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadSpec', () => {
  it('reads and parses the file', () => {
    const path = join(dir, 'PROJECT_SPEC.md');
    writeFileSync(path, '# T\n## Features\n### Feature 1: A\n- a\n');
    const spec = loadSpec(path);
    expect(spec).toEqual(parseSpec('# T\n## Features\n### Feature 1: A\n- a\n', path));
    expect(spec.features).toHaveLength(1);
  });

  it('turns a missing or unreadable file into an error at line 0', () => {
    const missing = loadSpec(join(dir, 'nope.md'));
    expect(missing.features).toEqual([]);
    expect(missing.title).toBe('nope');
    expect(missing.diagnostics).toEqual([{ severity: 'error', message: `cannot read ${join(dir, 'nope.md')}: no such file`, line: 0 }]);
    const directory = loadSpec(dir);
    expect(directory.diagnostics.map((d) => [d.severity, d.line])).toEqual([['error', 0]]);
  });
});
