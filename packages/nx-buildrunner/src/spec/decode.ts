/**
 * Bytes to text without ever failing: invalid UTF-8 becomes U+FFFD, a UTF-16 byte order mark
 * switches decoders, and a leading BOM is dropped (the Markdown parser would drop it too, but
 * then its offsets would no longer index our string).
 */
export function decodeSource(source: string | Uint8Array): string {
  if (typeof source === 'string') return source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  return new TextDecoder(encodingOf(source)).decode(source);
}

function encodingOf(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}
