import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh per-run secret for the page URL and the socket URL (URL-safe, 256 bits). */
export function createAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so inputs of different lengths compare in the
 * same time too (timingSafeEqual itself throws on unequal lengths, which would leak the length).
 */
export function accessTokenMatches(expected: string, presented: string | null | undefined): boolean {
  if (typeof presented !== 'string') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b) && expected.length > 0;
}
