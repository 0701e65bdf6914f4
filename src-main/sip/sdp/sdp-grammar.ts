/** Character classes of the RFC 8866 §9 grammar shared by the parser, serializer and attribute codecs. */

/** RFC 8866 §9 token: 1*(token-char), token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E. */
export const TOKEN_RE = /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+$/;

/** RFC 8866 §9 integer = POS-DIGIT *DIGIT, and "0" where the grammar allows it (ports, times). */
export const DIGITS_RE = /^[0-9]+$/;

/** RFC 8866 §9 byte-string: any octet but NUL, CR and LF. */
export function isByteString(text: string): boolean {
  return !/[\0\r\n]/.test(text);
}

/** RFC 8866 §9 non-ws-string: visible characters (and non-ASCII), no spaces. */
export function isNonWsString(text: string): boolean {
  return text.length > 0 && !/[\0-\x20\x7f]/.test(text);
}

export function isToken(text: string): boolean {
  return TOKEN_RE.test(text);
}

/** Splits on single spaces, refusing empty fields (RFC 8866 §5: fields are separated by exactly one space). */
export function splitFields(text: string): string[] | undefined {
  const fields = text.split(' ');
  return fields.every((field) => field.length > 0) ? fields : undefined;
}
