import { parseMarkdown } from '../markdown/parse-markdown';
import type { ReaderInput } from '../readers/reader';
import { buildSections } from '../sections';
import { SourceText } from '../source-text';

/** What parse.ts hands a reader, for reader tests. */
export function readerInput(markdown: string, title = 'Spec'): ReaderInput {
  return { source: new SourceText(markdown), root: buildSections(parseMarkdown(markdown)), title };
}
