import type { Root, Yaml } from 'mdast';
import { decodeSource } from './decode';
import { detectFormat } from './detect-format';
import { type Diagnostic, error, warning } from './diagnostic';
import { finalizeFeatures } from './finalize';
import { readFrontMatter } from './front-matter';
import { sha256Hex } from './hash';
import { readPreamble } from './preamble';
import { readBuildRunner } from './readers/buildrunner';
import { readFreeform } from './readers/freeform';
import { readKiro } from './readers/kiro';
import type { Reader } from './readers/reader';
import { readSpecKit } from './readers/speckit';
import { buildSections, titleSection } from './sections';
import { SourceText } from './source-text';
import { fileTitle, specTitle } from './spec-title';
import type { Spec, SpecFormat } from './types';

const READERS: Record<SpecFormat, Reader> = {
  buildrunner: readBuildRunner,
  freeform: readFreeform,
  speckit: readSpecKit,
  kiro: readKiro,
};

/**
 * A Markdown spec to features, given the parser of its text (in this thread or in worker threads,
 * with the same result) and, when the caller has decoded it already, the text. Pure and total:
 * whatever the input (empty, binary, huge, deeply nested), the result is a Spec, with what could
 * not be understood reported as diagnostics that carry the line to change.
 */
export function specFromMarkdown(source: string | Uint8Array, path: string, markdown: (text: string) => Root, text?: string): Spec {
  const hash = sha256Hex(source);
  try {
    return readSpec(text ?? decodeSource(source), markdown, path, hash);
  } catch (e) {
    // Only a defect of ours or of the Markdown parser gets here (e.g. a stack overflow); the
    // caller still gets a Spec and a message rather than an exception.
    const message = e instanceof Error ? e.message : String(e);
    return emptySpec(path, hash, [error(`could not read the spec: ${message}`, 0)]);
  }
}

function readSpec(text: string, markdown: (text: string) => Root, path: string, hash: string): Spec {
  const source = new SourceText(text);
  const tree = markdown(text);
  const root = buildSections(tree);
  const frontMatter = readFrontMatter(tree.children.find((n): n is Yaml => n.type === 'yaml'));
  const h1 = titleSection(root);
  const preambleBlocks = h1 ? [...root.blocks, ...h1.blocks] : root.blocks;
  const metadata: Record<string, unknown> = { ...readPreamble(source, preambleBlocks), ...frontMatter.data };
  const title = specTitle(root, metadata, path);
  const format = detectFormat(source, root);
  const drafts = READERS[format]({ source, root, title });
  const { features, diagnostics } = finalizeFeatures(drafts);
  diagnostics.push(...frontMatter.diagnostics);
  if (features.length === 0) diagnostics.push(warning(noFeaturesMessage(text), 0));
  return { path, title, hash, format, metadata, features, diagnostics: sortDiagnostics(diagnostics) };
}

function noFeaturesMessage(text: string): string {
  return text.trim()
    ? 'no features found: add a `## Features` section with `### Feature 1: Name` headings, or sections with lists of requirements'
    : 'the spec is empty';
}

export function emptySpec(path: string, hash: string, diagnostics: Diagnostic[]): Spec {
  return { path, title: fileTitle(path), hash, format: 'freeform', metadata: {}, features: [], diagnostics };
}

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const rank = (d: Diagnostic) => (d.severity === 'error' ? 0 : 1);
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.line - b.d.line || rank(a.d) - rank(b.d) || a.i - b.i)
    .map(({ d }) => d);
}
