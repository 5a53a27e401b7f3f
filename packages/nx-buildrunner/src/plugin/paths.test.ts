import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specKey, taskOutputDir, taskOutputPath, taskProjectRoot } from './paths';

describe('paths', () => {
  it('names a spec by its workspace-relative POSIX path', () => {
    expect(specKey('/ws', '/ws/examples/textkit/PROJECT_SPEC.md')).toBe('examples/textkit/PROJECT_SPEC.md');
    expect(specKey('/ws', 'examples/./textkit/PROJECT_SPEC.md')).toBe('examples/textkit/PROJECT_SPEC.md');
  });

  it('puts task outputs under .buildrunner/results/<spec>/<task>', () => {
    expect(taskOutputPath('examples/textkit/PROJECT_SPEC.md', 'slugify')).toBe(
      '.buildrunner/results/examples/textkit/PROJECT_SPEC.md/slugify',
    );
    expect(taskOutputDir('/ws', '/ws/PROJECT_SPEC.md', 'cli')).toBe(join('/ws', '.buildrunner/results/PROJECT_SPEC.md/cli'));
    expect(taskOutputDir('/ws', 'app/PROJECT_SPEC.md', 'cli')).toBe(join('/ws', '.buildrunner/results/app/PROJECT_SPEC.md/cli'));
  });

  it('roots task projects in the spec folder, by spec file and feature', () => {
    expect(taskProjectRoot('examples/textkit/PROJECT_SPEC.md', 'slugify', 'slugify-api')).toBe(
      'examples/textkit/.buildrunner/PROJECT_SPEC.md/slugify/slugify-api',
    );
    expect(taskProjectRoot('PROJECT_SPEC.md', 'cli', 'cli')).toBe('.buildrunner/PROJECT_SPEC.md/cli/cli');
  });
});
