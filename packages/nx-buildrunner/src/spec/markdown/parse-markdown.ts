import type { Root } from 'mdast';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { type Processor, unified } from 'unified';
import { type Chunk, chunkDocument, DEFAULT_CHUNK_SIZE } from './chunks';
import { joinPieces, type ParsedPiece, pieceTexts, placePiece } from './pieces';

/**
 * remark-gfm without GFM's autolink literals (bare `https://…`, `www.…` and e-mail addresses):
 * they cost about a fifth of the parse, since micromark tries an e-mail address at every word and
 * remark then searches every text node for more. The spec readers take their text from the source
 * and look inside inline content only for a heading's text, where a bare URL now reads like any
 * other text: the same, unless it holds Markdown punctuation (`https://x.dev/*a*` has emphasis).
 * Footnotes and strikethrough stay, as they change what a heading's text is.
 */
function gfmWithoutAutolinkLiterals(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem());
  (data.fromMarkdownExtensions ??= []).push(
    gfmFootnoteFromMarkdown(),
    gfmStrikethroughFromMarkdown(),
    gfmTableFromMarkdown(),
    gfmTaskListItemFromMarkdown(),
  );
}

const processor = unified().use(remarkParse).use(gfmWithoutAutolinkLiterals).use(remarkFrontmatter, ['yaml']).freeze();

/**
 * Markdown to mdast with positions that index `text`. Each character is parsed once; a long
 * document is parsed in independent pieces (see chunks.ts) whose trees are joined with their
 * positions moved to where the piece sits in the whole.
 */
export function parseMarkdown(text: string, chunkSize = DEFAULT_CHUNK_SIZE): Root {
  const chunks = chunkDocument(text, chunkSize);
  if (chunks.length === 1) return processor.parse(text);
  const texts = pieceTexts(text, chunks);
  return joinPieces(
    text,
    chunks,
    chunks.map((chunk, i) => parsePiece(texts[i]!, chunk)),
  );
}

/** The tree of one chunk's text, placed where the chunk starts. */
export function parsePiece(text: string, at: Chunk): ParsedPiece {
  return placePiece(processor.parse(text), at);
}
