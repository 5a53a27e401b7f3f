import { readFile, stat } from 'node:fs/promises';
import { TOOL_LIMITS } from './limits';
import { resolveInSandbox, type Sandbox, type SandboxPath } from './paths';

/** How far into a file we look for a NUL byte to call it binary (what git does too). */
export const BINARY_SNIFF_BYTES = 8_000;

export type TextFile = { ok: true; path: SandboxPath; text: string } | { ok: false; error: string };

/** A text file inside the sandbox, read whole, within the read limit. */
export async function readTextFile(sandbox: Sandbox, input: string): Promise<TextFile> {
  const resolved = await resolveInSandbox(sandbox, input);
  if (!resolved.ok) return resolved;
  const { abs, rel } = resolved.path;
  let size: number;
  try {
    const info = await stat(abs);
    if (info.isDirectory()) return { ok: false, error: `${rel} is a directory; list_files shows what it holds` };
    if (!info.isFile()) return { ok: false, error: `${rel} is not a regular file` };
    size = info.size;
  } catch (error) {
    return { ok: false, error: describeFsError(rel, error) };
  }
  if (size > TOOL_LIMITS.maxReadBytes) {
    return {
      ok: false,
      error: `${rel} is ${size} bytes, over the ${TOOL_LIMITS.maxReadBytes}-byte read limit; use run_command with head, sed -n or grep to look inside`,
    };
  }
  const bytes = await readFile(abs);
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    return { ok: false, error: `${rel} is a binary file (${bytes.length} bytes); only text files can be viewed or edited` };
  }
  return { ok: true, path: resolved.path, text: bytes.toString('utf8') };
}

export function tooLargeToWrite(text: string): string | undefined {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= TOOL_LIMITS.maxWriteBytes) return undefined;
  return `the file would be ${bytes} bytes, over the ${TOOL_LIMITS.maxWriteBytes}-byte write limit`;
}

export function describeFsError(rel: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${rel} does not exist; list_files shows what does`;
  if (code === 'EACCES' || code === 'EPERM') return `${rel}: permission denied`;
  return `${rel}: ${code ?? (error instanceof Error ? error.message : String(error))}`;
}
