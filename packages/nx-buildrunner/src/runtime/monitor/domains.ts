import type { Domain } from '../../spec/types';
import { isTestFile } from '../completeness/test-files';

/**
 * Where each domain's work may land beyond the task's declared files, by folder names and
 * extensions anywhere under the spec's folder. Backend and general tasks get nothing extra: their
 * own folders (see `scope.ts`) are where their work belongs.
 */

const ext = (file: string): string => {
  const name = file.slice(file.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};
const segments = (file: string): string[] => file.toLowerCase().split('/').slice(0, -1);
const basename = (file: string): string => file.slice(file.lastIndexOf('/') + 1);

const DOC_EXTENSIONS = new Set(['md', 'mdx', 'markdown', 'rst', 'adoc', 'txt']);
const DOC_DIRS = new Set(['docs', 'doc', 'documentation']);
const TEST_SUPPORT_DIRS = new Set(['__fixtures__', 'fixtures', '__snapshots__', '__mocks__', 'testdata', 'test-data', '__data__']);
const TEST_CONFIG = /^(?:vitest\.(?:config|workspace|setup)|jest\.(?:config|setup)|playwright\.config|cypress\.config|karma\.conf|\.mocharc|conftest\.py$|pytest\.ini$|tox\.ini$|\.coveragerc$)/i;
const DATABASE_EXTENSIONS = new Set(['sql', 'prisma']);
const DATABASE_DIRS = new Set(['migrations', 'migration', 'db', 'database', 'schema', 'schemas', 'seeds', 'seed', 'prisma']);
const FRONTEND_EXTENSIONS = new Set([
  'css', 'scss', 'sass', 'less', 'styl', 'html', 'htm', 'vue', 'svelte', 'astro',
  'svg', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'ico', 'avif', 'woff', 'woff2',
]);
const FRONTEND_DIRS = new Set(['public', 'assets', 'static', 'styles']);
const INFRA_DIRS = new Set(['.github', '.gitlab', '.circleci', '.ci', 'infra', 'deploy', 'deployment', 'k8s', 'helm', 'terraform', 'ops']);
const INFRA_NAMES = /^(?:dockerfile.*|.*\.dockerfile|docker-compose.*\.ya?ml|compose\.ya?ml|makefile|procfile|\.dockerignore|.*\.tf|.*\.hcl|\.gitlab-ci\.yml|netlify\.toml|vercel\.json|fly\.toml)$/i;

const rules: Record<Domain, (file: string) => boolean> = {
  docs: (f) => DOC_EXTENSIONS.has(ext(f)) || segments(f).some((s) => DOC_DIRS.has(s)),
  test: (f) => isTestFile(f) || TEST_CONFIG.test(basename(f)) || segments(f).some((s) => TEST_SUPPORT_DIRS.has(s)),
  database: (f) => DATABASE_EXTENSIONS.has(ext(f)) || segments(f).some((s) => DATABASE_DIRS.has(s)),
  frontend: (f) => FRONTEND_EXTENSIONS.has(ext(f)) || segments(f).some((s) => FRONTEND_DIRS.has(s)),
  infra: (f) => INFRA_NAMES.test(basename(f)) || segments(f).some((s) => INFRA_DIRS.has(s)),
  backend: () => false,
  general: () => false,
};

/** Whether `file` (relative to the spec's folder, inside it) is the kind of file `domain` work writes. */
export function inDomain(domain: Domain, file: string): boolean {
  return rules[domain](file);
}

/** Dependency manifests and lockfiles: any task may add a package it needs. */
const MANIFESTS = new Set([
  'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock',
  'requirements.txt', 'requirements-dev.txt', 'pyproject.toml', 'poetry.lock', 'pipfile', 'pipfile.lock', 'uv.lock',
  'go.mod', 'go.sum', 'cargo.toml', 'cargo.lock', 'gemfile', 'gemfile.lock', 'composer.json', 'composer.lock',
]);

export function isManifest(file: string): boolean {
  return MANIFESTS.has(basename(file).toLowerCase());
}
