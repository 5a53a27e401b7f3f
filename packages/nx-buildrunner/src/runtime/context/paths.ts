import * as posix from 'node:path/posix';

/** Generated, vendored or tool-owned trees: never context, never scanned. */
const IGNORED_DIRS = new Set([
  '.git', 'node_modules', 'dist', 'build', 'out', 'coverage', '.nx', '.next', '.nuxt', '.turbo',
  '.cache', '.parcel-cache', 'vendor', 'target', '__pycache__', '.venv', 'venv', '.tox', '.idea',
]);

const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'ico', 'icns', 'tiff', 'psd', 'pdf', 'zip', 'gz', 'tgz',
  'bz2', 'xz', '7z', 'rar', 'jar', 'war', 'class', 'exe', 'dll', 'so', 'dylib', 'a', 'o', 'obj', 'wasm',
  'woff', 'woff2', 'ttf', 'otf', 'eot', 'mp3', 'mp4', 'wav', 'ogg', 'webm', 'mov', 'avi', 'sqlite', 'db',
  'bin', 'dat', 'pyc', 'node',
]);

/** Files that hold credentials by convention: not shown even scrubbed, unless the task changes them. */
const SECRET_FILE = /^(?:\.env(?:\..*)?|\.npmrc|\.netrc|\.pypirc|id_[a-z0-9]+|.*\.(?:pem|key|p12|pfx|keystore))$/i;

/** Machine-written files whose text helps nobody write code. */
const NOISE_FILE = /^(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|Cargo\.lock|poetry\.lock|composer\.lock|go\.sum)$|\.(?:min\.js|min\.css|map|snap)$/;

/**
 * `specDir`-relative `file` as a worktree-relative POSIX path, or undefined when it leaves the
 * worktree or points into `.git`.
 */
export function worktreePath(specDir: string, file: string): string | undefined {
  if (posix.isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file)) return undefined;
  const joined = posix.normalize(posix.join(specDir, file.replace(/\\/g, '/')));
  if (joined === '..' || joined.startsWith('../')) return undefined;
  if (joined.split('/').includes('.git')) return undefined;
  return joined;
}

function isIgnoredDir(name: string): boolean {
  return IGNORED_DIRS.has(name);
}

export function extensionOf(file: string): string {
  const base = posix.basename(file);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** Why a file is not worth reading as context, or undefined when it is. */
export function skipReason(file: string): string | undefined {
  const segments = file.split('/');
  if (segments.slice(0, -1).some(isIgnoredDir)) return 'generated or vendored directory';
  const base = segments[segments.length - 1] ?? '';
  if (BINARY_EXTENSIONS.has(extensionOf(base))) return 'binary file';
  if (SECRET_FILE.test(base)) return 'may hold credentials';
  if (NOISE_FILE.test(base)) return 'machine-written file';
  return undefined;
}
