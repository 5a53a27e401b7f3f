import type { FeatureDraft } from '../draft';
import type { Section } from '../sections';
import type { SourceText } from '../source-text';

export interface ReaderInput {
  source: SourceText;
  /** The document's sections (see sections.ts). */
  root: Section;
  /** The spec's title, for a feature made of the whole document. */
  title: string;
}

/** One layout's reading of a document: features in document order. */
export type Reader = (input: ReaderInput) => FeatureDraft[];
