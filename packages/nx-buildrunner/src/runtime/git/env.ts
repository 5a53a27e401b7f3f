import { scrubEnv } from '../secrets';

/**
 * Variables that point git at another repository, index or object store. Inherited from a
 * parent git process (a hook, `git rebase --exec`), they would make our commands act on the
 * wrong repository, so they never reach the commands we run.
 */
const REPOSITORY_LOCATION = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_IMPLICIT_WORK_TREE',
  'GIT_PREFIX',
  'GIT_NAMESPACE',
  'GIT_SHALLOW_FILE',
  'GIT_GRAFT_FILE',
  'GIT_REPLACE_REF_BASE',
  'GIT_NO_REPLACE_OBJECTS',
];

/**
 * The environment every git command of the runtime gets: no secrets, no inherited repository
 * location, never a prompt (a credential or editor prompt would hang an unattended run), and
 * C-locale messages so the few we recognise read the same on every machine.
 */
export function gitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = scrubEnv(base);
  for (const name of REPOSITORY_LOCATION) delete env[name];
  return {
    ...env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: ':',
    GIT_SEQUENCE_EDITOR: ':',
    GIT_MERGE_AUTOEDIT: 'no',
    LC_ALL: 'C',
    LANGUAGE: 'C',
  };
}
