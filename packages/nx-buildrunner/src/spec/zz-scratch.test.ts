import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { loadSpec } from './load';
it('show', () => {
  const out = (process.env.SPECS ?? '').split(',').map((p) => loadSpec(p));
  writeFileSync('/tmp/spec-scratch/out.json', JSON.stringify(out));
});
