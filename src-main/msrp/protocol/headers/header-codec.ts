/**
 * How one header's value is decoded from and encoded to its wire text. `decode` throws `MsrpHeaderError`
 * (status 400) on a value outside the header's grammar; `encode(decode(x))` is the canonical form of `x`.
 * Seed: msrplib's `*HeaderType` classes.
 */
export interface HeaderCodec<T> {
  /** The canonical header name, as RFC 4975/4976 spell it. */
  readonly name: string;
  decode(value: string): T;
  encode(value: T): string;
}
