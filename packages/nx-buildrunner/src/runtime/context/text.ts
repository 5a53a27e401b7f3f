import type { FileHead } from './fs';
import { extensionOf } from './paths';

/** How much of a file the context ever reads: enough for a head and its declarations. */
export const MAX_READ_BYTES = 64 * 1024;
/** Files above this are not considered as neighbours at all: they are data or generated. */
export const MAX_NEIGHBOUR_BYTES = 256 * 1024;

export interface FileText {
  text: string;
  /** Only the first MAX_READ_BYTES were read. */
  partial: boolean;
}

/** Text of a file, or undefined when it is binary (a NUL byte early on is the usual telltale). */
export function decodeText(head: FileHead): FileText | undefined {
  const probe = head.bytes.subarray(0, 8_000);
  if (probe.includes(0)) return undefined;
  let text = new TextDecoder('utf-8').decode(head.bytes);
  const partial = head.size > head.bytes.length;
  // A cut through a multi-byte character or a line: drop the broken tail.
  if (partial) text = text.slice(0, Math.max(0, text.lastIndexOf('\n')));
  return { text: text.replace(/\r\n/g, '\n'), partial };
}

const LANGUAGES: Record<string, string> = {
  ts: 'ts', tsx: 'tsx', mts: 'ts', cts: 'ts', js: 'js', jsx: 'jsx', mjs: 'js', cjs: 'js', json: 'json',
  py: 'python', rb: 'ruby', go: 'go', rs: 'rust', java: 'java', kt: 'kotlin', cs: 'csharp', php: 'php',
  c: 'c', h: 'c', cpp: 'cpp', hpp: 'cpp', swift: 'swift', sh: 'sh', bash: 'sh', yml: 'yaml', yaml: 'yaml',
  md: 'md', html: 'html', css: 'css', scss: 'scss', sql: 'sql', toml: 'toml', vue: 'vue', svelte: 'svelte',
};

/** A fenced block whose fence is longer than any backtick run inside, so content cannot close it. */
export function fenced(text: string, file: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${LANGUAGES[extensionOf(file)] ?? ''}\n${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${fence}`;
}
