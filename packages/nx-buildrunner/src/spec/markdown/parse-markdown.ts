import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { type Chunk, chunkDocument, DEFAULT_CHUNK_SIZE } from './chunks';
import { joinPieces, type ParsedPiece, pieceTexts, placePiece } from './pieces';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();

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
