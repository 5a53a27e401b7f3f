import type { Yaml } from 'mdast';
import { parseDocument } from 'yaml';
import { type Diagnostic, warning } from './diagnostic';
import { startLine } from './source-text';

/**
 * YAML front matter as metadata. Broken YAML costs the metadata, not the spec: a warning at the
 * line the YAML parser points to, and the features are read as usual.
 */
export function readFrontMatter(node: Yaml | undefined): { data: Record<string, unknown>; diagnostics: Diagnostic[] } {
  if (!node || !node.value.trim()) return { data: {}, diagnostics: [] };
  // The YAML starts on the line after the opening `---`.
  const firstLine = startLine(node) + 1;
  const doc = parseDocument(node.value, { prettyErrors: true });
  const problem = doc.errors[0];
  if (problem) {
    const line = firstLine + (problem.linePos?.[0].line ?? 1) - 1;
    return { data: {}, diagnostics: [warning(`front matter is not valid YAML: ${firstSentence(problem.message)}`, line)] };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { data: {}, diagnostics: [warning(`front matter could not be read: ${firstSentence(String(e))}`, firstLine)] };
  }
  if (data === null || data === undefined) return { data: {}, diagnostics: [] };
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { data: {}, diagnostics: [warning('front matter is not a mapping of keys to values; ignored', firstLine)] };
  }
  return { data: data as Record<string, unknown>, diagnostics: [] };
}

function firstSentence(message: string): string {
  return message.split('\n')[0]!.trim();
}
