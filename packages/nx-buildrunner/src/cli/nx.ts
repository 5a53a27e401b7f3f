import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProjectGraphProjectNode } from '@nx/devkit';
import { taskTargetOptions } from '../executors/task/graph-tasks';
import type { TaskTargetOptions } from '../plugin/target-options';
import { PACKAGE_NAME } from '../plugin/version';
import { nxBinary, nxEnv } from './workspace';

export interface NxExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Everything it printed, when asked to keep it. */
  output: string;
}

export interface NxCall {
  root: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  /** Each line of its output as it comes (stdout and stderr alike); kept in `output` when absent. */
  onLine?: (line: string) => void;
  /** Called with the child once it runs: for forwarding Ctrl-C. */
  started?: (stop: (signal: NodeJS.Signals) => void) => void;
}

/** Runs the workspace's Nx with `args` in the workspace root; never rejects. */
export function runNx(call: NxCall): Promise<NxExit> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, [nxBinary(call.root), ...call.args], {
      cwd: call.root,
      env: nxEnv(call.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    call.started?.((signal) => child.kill(signal));
    for (const stream of [child.stdout, child.stderr]) {
      let carry = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        if (call.onLine === undefined) {
          output += chunk;
          return;
        }
        const lines = (carry + chunk).split('\n');
        carry = lines.pop() ?? '';
        for (const line of lines) call.onLine(line);
      });
      stream.on('end', () => {
        if (carry !== '' && call.onLine) call.onLine(carry);
      });
    }
    child.on('error', (e) => resolve({ code: null, signal: null, output: `${output}${e.message}` }));
    child.on('close', (code, signal) => resolve({ code, signal, output }));
  });
}

/** A task project of the graph: its name, the target that runs it, and the options the plugin gave it. */
export interface GraphTask {
  project: string;
  target: string;
  options: TaskTargetOptions;
}

export type GraphTasks = { ok: true; tasks: GraphTask[] } | { ok: false; message: string };

/** Task projects in a graph file's nodes: those with a target run by this plugin's task executor. */
export function graphTasks(nodes: Readonly<Record<string, ProjectGraphProjectNode>>): GraphTask[] {
  const found: GraphTask[] = [];
  for (const [project, node] of Object.entries(nodes)) {
    for (const [target, config] of Object.entries(node.data.targets ?? {})) {
      if (config.executor !== `${PACKAGE_NAME}:task`) continue;
      const options = taskTargetOptions(node, target);
      if (options !== undefined) found.push({ project, target, options });
    }
  }
  return found.sort((a, b) => a.project.localeCompare(b.project));
}

/**
 * The tasks exactly as Nx sees them, from `nx graph --file`: names, targets and options (with
 * the hashes that say whether a result is current) come from the plugin itself, whatever its
 * options in nx.json, instead of being worked out a second time here.
 */
export async function readGraphTasks(root: string, env: NodeJS.ProcessEnv): Promise<GraphTasks> {
  const dir = mkdtempSync(join(tmpdir(), 'br-graph-'));
  try {
    const file = join(dir, 'graph.json');
    const exit = await runNx({ root, args: ['graph', `--file=${file}`], env });
    if (exit.code !== 0) return { ok: false, message: `nx graph failed:\n${exit.output.trim()}` };
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { graph?: { nodes?: Record<string, ProjectGraphProjectNode> } };
    return { ok: true, tasks: graphTasks(parsed.graph?.nodes ?? {}) };
  } catch (e) {
    return { ok: false, message: `reading the Nx project graph: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
