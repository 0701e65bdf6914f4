import { randomAlphanumeric } from './random-id';

/** Length of generated transaction ids: 16 alphanumerics ≈ 95 random bits (≥ 64 asked by RFC 4975 §14.1). */
export const TRANSACTION_ID_LENGTH = 16;

// RFC 4975 §9: transact-id = ident = ALPHANUM 3*31ident-char, ident-char = ALPHANUM / "." / "-" / "+" / "%" / "="
export const TRANSACTION_ID_RE = /^[A-Za-z0-9][A-Za-z0-9.\-+%=]{3,31}$/;

/** A fresh random transaction id (RFC 4975 §7.1: unique, hard to guess). */
export function generateTransactionId(): string {
  return randomAlphanumeric(TRANSACTION_ID_LENGTH);
}

/**
 * True when `body` holds `-------<transactionId>`, which could end the chunk early: RFC 4975 §7.1 makes the
 * sender pick a transaction id whose end-line does not occur in the body. Checking without the leading CRLF
 * and flag is stricter than needed and just as cheap (one `indexOf`).
 */
export function containsEndLine(body: Uint8Array, transactionId: string): boolean {
  if (body.length < transactionId.length + 7) return false;
  const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // Most bodies (chat text) hold no run of seven dashes at all: one search answers for every id.
  if (!buffer.includes(DASHES)) return false;
  return buffer.includes(`-------${transactionId}`, 0, 'latin1');
}

const DASHES = Buffer.from('-------', 'latin1');

/** A random transaction id whose end-line does not occur in `body` (RFC 4975 §7.1), re-rolled until so. */
export function chooseTransactionId(body?: Uint8Array): string {
  for (;;) {
    const id = generateTransactionId();
    if (body === undefined || !containsEndLine(body, id)) return id;
  }
}
