import { describe, expect, it } from 'vitest';
import { complexityOf, mentionsCriticalWork } from './complexity';

describe('complexity', () => {
  it.each([
    'User authentication with OAuth',
    'Stripe payments',
    'Encrypt notes at rest',
    'Role permissions for admins',
    'Log in and log out',
    'Store password hashes',
    'Security headers',
  ])('%s is critical work', (text) => {
    expect(mentionsCriticalWork(text)).toBe(true);
  });

  it.each(['Author page', 'Pay what you want? no: a blog index', 'Catalogue of secretaries', 'Word statistics'])(
    '%s is not',
    (text) => {
      expect(mentionsCriticalWork(text)).toBe(false);
    },
  );

  it('follows the amount of work unless the subject is critical, and never for docs', () => {
    expect(complexityOf('backend', 60, ['Slugify'])).toBe('simple');
    expect(complexityOf('backend', 90, ['Slugify'])).toBe('medium');
    expect(complexityOf('backend', 120, ['Slugify', 'src/slugify.js'])).toBe('complex');
    expect(complexityOf('backend', 60, ['Reset', 'Store password hashes'])).toBe('critical');
    expect(complexityOf('docs', 60, ['Password reset guide'])).toBe('simple');
  });
});
