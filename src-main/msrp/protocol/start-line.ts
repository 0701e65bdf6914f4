import { TRANSACTION_ID_RE } from './transaction-id';

// RFC 4975 §9: other-method = 1*UPALPHA; "_" admitted for Blink's FILE_OFFSET.
const METHOD_RE = /^[A-Z_]{1,32}$/;
// RFC 4975 §9: status-code = 3DIGIT, comment = utf8text
const STATUS_RE = /^([0-9]{3})(?: (.*))?$/;

/** What a start line says; `malformed` when the transaction id is readable but the rest is not. */
export type StartLine =
  | { readonly kind: 'request'; readonly transactionId: string; readonly method: string }
  | { readonly kind: 'response'; readonly transactionId: string; readonly code: number; readonly comment: string | undefined }
  | { readonly kind: 'malformed'; readonly transactionId: string; readonly method: string | undefined }
  | { readonly kind: 'unreadable'; readonly reason: string };

/**
 * Parses a start line without its CRLF (RFC 4975 §9):
 *   req-start  = pMSRP SP transact-id SP method CRLF
 *   resp-start = pMSRP SP transact-id SP status-code [SP comment] CRLF
 */
export function parseStartLine(line: string): StartLine {
  // pMSRP = %x4D.53.52.50: "MSRP", case-sensitive.
  if (!line.startsWith('MSRP ')) return { kind: 'unreadable', reason: 'not an MSRP start line' };
  const space = line.indexOf(' ', 5);
  const transactionId = space < 0 ? line.slice(5) : line.slice(5, space);
  if (!TRANSACTION_ID_RE.test(transactionId)) return { kind: 'unreadable', reason: 'unreadable transaction id' };
  const rest = space < 0 ? '' : line.slice(space + 1);
  if (METHOD_RE.test(rest)) return { kind: 'request', transactionId, method: rest };
  const status = STATUS_RE.exec(rest);
  if (status !== null) return { kind: 'response', transactionId, code: Number(status[1]), comment: status[2] };
  // A word that is not an upper-case method is still reported, so a 400 can name the request.
  return { kind: 'malformed', transactionId, method: /^[A-Za-z_]{1,32}$/.test(rest) ? rest : undefined };
}
