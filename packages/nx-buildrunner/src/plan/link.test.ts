import { describe, expect, it } from 'vitest';
import { decomposeFeature } from './decompose';
import { linkFeatures } from './link';
import { makeSpec } from './__fixtures__/spec-builder';

describe('linkFeatures', () => {
  it("makes every task of a feature wait for the finishing task of each feature it depends on", () => {
    const spec = makeSpec([
      { id: 'store', duration: '4 hours', components: ['src/db/schema.sql', 'src/api/store.ts'] },
      { id: 'plain', requirements: ['x'] },
      { id: 'ui', duration: '4 hours', components: ['src/api/ui-routes.ts', 'web/page.tsx'], dependsOn: ['store', 'plain'] },
    ]);
    const { tasks, diagnostics } = linkFeatures(spec.features, spec.features.map((f) => decomposeFeature(f, [])));
    expect(diagnostics).toEqual([]);
    expect(tasks.map((t) => [t.id, t.dependsOn])).toEqual([
      ['store-schema', []],
      ['store-api', ['store-schema']],
      ['plain', []],
      ['ui-api', ['store-api', 'plain']],
      ['ui-ui', ['store-api', 'plain', 'ui-api']],
    ]);
  });
});
