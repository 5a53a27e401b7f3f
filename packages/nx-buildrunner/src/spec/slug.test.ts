import { describe, expect, it } from 'vitest';
import { fullSlug, slugify, transliterate } from './slug';

describe('slugify', () => {
  it('lower-cases and joins words with hyphens', () => {
    expect(slugify('Task Storage')).toBe('task-storage');
    expect(slugify('  REST API (v2) -- Auth!  ')).toBe('rest-api-v2-auth');
  });

  it('strips accents and transliterates Greek, Cyrillic and special Latin letters', () => {
    expect(slugify('Héllo, Wörld!')).toBe('hello-world');
    expect(slugify('Straße & Œuvre')).toBe('strasse-oeuvre');
    expect(slugify('Поиск заметок')).toBe('poisk-zametok');
    expect(slugify('Λογαριασμοί')).toBe('logariasmoi');
  });

  it('leaves nothing of scripts it cannot transliterate', () => {
    expect(fullSlug('同步服务')).toBe('');
    expect(slugify('API 同步')).toBe('api');
  });

  it('cuts long slugs at a word boundary', () => {
    const slug = slugify('An extremely long feature title that goes on and on about everything');
    expect(slug).toBe('an-extremely-long-feature-title-that');
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slugify('x'.repeat(60))).toBe('x'.repeat(40));
  });

  it('transliterates case-insensitively', () => {
    expect(transliterate('ÆØ')).toBe('aeo');
  });
});
