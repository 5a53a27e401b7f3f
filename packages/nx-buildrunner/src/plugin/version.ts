/** The installed package's version: part of every plan-cache key, and what `init` pins. */
export const PACKAGE_NAME = 'nx-buildrunner';

// `../../package.json` from both `src/plugin` (tests) and `dist/plugin` (published).
export const PACKAGE_VERSION: string = (require('../../package.json') as { version: string }).version;
