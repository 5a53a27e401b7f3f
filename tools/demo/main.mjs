#!/usr/bin/env node
// The README's first command: plan the example spec and show what nx-buildrunner makes of it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const br = join(root, 'packages/nx-buildrunner/dist/cli/main.js');
const spec = 'examples/textkit/PROJECT_SPEC.md';

function step(title, args) {
  console.log(`\n$ br ${args.join(' ')}    # ${title}`);
  const r = spawnSync(process.execPath, [br, ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

step('read and validate the spec', ['spec', 'load', spec]);
step('plan it: tasks, parallel levels, critical path, batches', ['task', 'list', '--spec', spec]);
