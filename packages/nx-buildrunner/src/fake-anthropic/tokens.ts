/**
 * The fake server's token counts: deterministic, documented, and close enough in size to real
 * counts for budgets and cost arithmetic to behave. A request is a list of pieces in the order the
 * API caches them (tools, then system, then messages); each piece counts ceil(characters / 4),
 * where a text block or plain string counts its text and anything else its JSON without
 * `cache_control`. The request's count is the sum over its pieces, so any prefix's count is too.
 */
import type { CacheTtl, ContentBlock, MessagesRequest } from './request-shape';

export interface Piece {
  text: string;
  /** Set on pieces that carry `cache_control`: the end of a cacheable prefix. */
  cache?: CacheTtl;
}

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function withoutCacheControl(value: Record<string, unknown>): Record<string, unknown> {
  const { cache_control: _ignored, ...rest } = value;
  return rest;
}

function blockPiece(block: ContentBlock): Piece {
  const text =
    block.type === 'text' && typeof block.text === 'string' ? block.text : JSON.stringify(withoutCacheControl(block));
  return block.cache_control ? { text, cache: block.cache_control.ttl ?? '5m' } : { text };
}

export function requestPieces(request: MessagesRequest): Piece[] {
  const pieces: Piece[] = [];
  for (const tool of request.tools ?? []) {
    const text = JSON.stringify(withoutCacheControl(tool));
    pieces.push(tool.cache_control ? { text, cache: tool.cache_control.ttl ?? '5m' } : { text });
  }
  const system = request.system;
  if (typeof system === 'string') pieces.push({ text: system });
  else for (const block of system ?? []) pieces.push(blockPiece(block));
  for (const message of request.messages) {
    if (typeof message.content === 'string') pieces.push({ text: message.content });
    else for (const block of message.content) pieces.push(blockPiece(block));
  }
  return pieces;
}

export function piecesTokens(pieces: readonly Piece[]): number {
  return pieces.reduce((sum, piece) => sum + estimateTokens(piece.text), 0);
}

export function countInputTokens(request: MessagesRequest): number {
  return piecesTokens(requestPieces(request));
}
