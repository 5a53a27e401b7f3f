import { describe, expect, it } from 'vitest';
import { featureDomain, pathDomain, textDomain } from './domain';
import { makeSpec } from './__fixtures__/spec-builder';

describe('pathDomain', () => {
  it.each([
    ['src/db/schema.sql', 'database'],
    ['prisma/schema.prisma', 'database'],
    ['src/db/migrations/001_init.ts', 'database'],
    ['src/api/routes/todos.ts', 'backend'],
    ['src/server.ts', 'backend'],
    ['web/index.html', 'frontend'],
    ['src/components/Button.tsx', 'frontend'],
    ['web/styles.css', 'frontend'],
    ['README.md', 'docs'],
    ['docs/guide/setup.txt', 'docs'],
    ['test/cli.test.js', 'test'],
    ['web/app.test.ts', 'test'],
    ['src/__tests__/x.ts', 'test'],
    ['Dockerfile', 'infra'],
    ['.github/workflows/ci.yml', 'infra'],
    ['deploy/k8s.yaml', 'infra'],
    ['src/slugify.js', 'general'],
  ])('%s is %s', (path, domain) => {
    expect(pathDomain(path)).toBe(domain);
  });
});

describe('textDomain', () => {
  it('counts keywords and breaks ties towards foundations', () => {
    expect(textDomain('Add a migration for the users table')).toBe('database');
    expect(textDomain('`GET /todos` lists items')).toBe('backend');
    expect(textDomain('Error banner on the page when the API fails')).toBe('frontend');
    expect(textDomain('A page for the API')).toBe('backend');
    expect(textDomain('Form with a button')).toBe('frontend');
    expect(textDomain('get a coffee and delete the memories')).toBeUndefined();
  });
});

describe('featureDomain', () => {
  const one = (input: Parameters<typeof makeSpec>[0][number]) => {
    const [feature] = makeSpec([input]).features;
    if (feature === undefined) throw new Error('no feature');
    return featureDomain(feature, feature.components);
  };

  it('keeps a declared domain', () => {
    expect(one({ id: 'a', domain: 'docs', components: ['src/api/x.ts'] })).toBe('docs');
  });

  it('lets code files outvote the tests and docs beside them', () => {
    expect(one({ id: 'a', components: ['test/a.test.ts', 'test/b.test.ts', 'src/api/a.ts', 'README.md'] })).toBe(
      'backend',
    );
    expect(one({ id: 'a', components: ['test/a.test.ts', 'README.md', 'docs/x.md'] })).toBe('docs');
  });

  it('falls back to the words of the feature, then to general', () => {
    expect(one({ id: 'a', title: 'Checkout page', requirements: ['A form with a pay button'] })).toBe('frontend');
    expect(one({ id: 'a', title: 'Slugify', components: ['src/slugify.js'] })).toBe('general');
  });
});
