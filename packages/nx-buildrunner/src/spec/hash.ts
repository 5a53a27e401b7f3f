import { createHash } from 'node:crypto';

/** sha256 as hex of the exact bytes (a string is hashed as UTF-8). */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The 16-hex-character form used for feature and task hashes. */
export function shortHash(data: string): string {
  return sha256Hex(data).slice(0, 16);
}
