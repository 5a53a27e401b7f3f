import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pluginExternalDependencies } from './external-dependencies';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'br-ext-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const manifest = (value: unknown) => writeFileSync(join(root, 'package.json'), JSON.stringify(value));

describe('pluginExternalDependencies', () => {
  it('names the plugin when package.json installs it from a registry and a lockfile exists', () => {
    manifest({ devDependencies: { 'nx-buildrunner': '^0.1.0' } });
    writeFileSync(join(root, 'pnpm-lock.yaml'), '');
    expect(pluginExternalDependencies(root)).toEqual(['nx-buildrunner']);
  });

  it('names nothing without a lockfile, for a linked plugin, or when package.json lacks it', () => {
    manifest({ devDependencies: { 'nx-buildrunner': '^0.1.0' } });
    expect(pluginExternalDependencies(root)).toEqual([]);
    writeFileSync(join(root, 'package-lock.json'), '{}');
    manifest({ devDependencies: { 'nx-buildrunner': 'workspace:*' } });
    expect(pluginExternalDependencies(root)).toEqual([]);
    manifest({ devDependencies: { nx: '23.2.1' } });
    expect(pluginExternalDependencies(root)).toEqual([]);
    rmSync(join(root, 'package.json'));
    expect(pluginExternalDependencies(root)).toEqual([]);
  });
});
