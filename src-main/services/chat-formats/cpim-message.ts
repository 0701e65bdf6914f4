import type { CpimAddress } from './cpim-address';
import type { CpimDateTime } from './rfc3339';

/** RFC 3862 §3 (the media type) and §4.6 (the namespace of the standard headers, prefix-less by default). */
export const CPIM_CONTENT_TYPE = 'message/cpim';
export const CPIM_STANDARD_NAMESPACE = 'urn:ietf:params:cpim-headers:';

/** A Subject header (RFC 3862 §4.5); several may appear, one per language. */
export interface CpimSubject {
  readonly value: string;
  readonly lang?: string;
}

/**
 * A header outside the standard set, named by its namespace URI (declared with NS, RFC 3862 §4.6) and local
 * name, e.g. `{ namespace: 'urn:ietf:params:imdn', name: 'Message-ID' }` for `imdn.Message-ID`. The value is
 * unescaped. `prefix` is the one the peer used, or the one to prefer when writing.
 */
export interface CpimExtensionHeader {
  readonly namespace: string;
  readonly name: string;
  readonly value: string;
  readonly prefix?: string;
}

/** A MIME header of the encapsulated part other than Content-Type (Content-ID, Content-Disposition …). */
export interface CpimContentHeader {
  readonly name: string;
  readonly value: string;
}

/** A parsed `message/cpim` payload: the message headers, then the inner MIME part (RFC 3862 §3). */
export interface CpimMessage {
  readonly from: CpimAddress | undefined;
  readonly to: readonly CpimAddress[];
  readonly cc: readonly CpimAddress[];
  readonly dateTime: CpimDateTime | undefined;
  readonly subjects: readonly CpimSubject[];
  /** Header names the recipient must understand (RFC 3862 §4.7), as written (`imdn.Foo`). */
  readonly require: readonly string[];
  readonly headers: readonly CpimExtensionHeader[];
  /** The inner part's Content-Type as written, parameters included. */
  readonly contentType: string;
  readonly contentHeaders: readonly CpimContentHeader[];
  /** The inner part's body, byte for byte (a view into the parsed buffer: copy it to keep it). */
  readonly body: Uint8Array;
}

/** What `formatCpim` writes; omitted lists are empty. */
export interface CpimMessageInit {
  readonly from?: CpimAddress;
  readonly to?: readonly CpimAddress[];
  readonly cc?: readonly CpimAddress[];
  readonly dateTime?: CpimDateTime;
  readonly subjects?: readonly CpimSubject[];
  readonly require?: readonly string[];
  readonly headers?: readonly CpimExtensionHeader[];
  readonly contentType: string;
  readonly contentHeaders?: readonly CpimContentHeader[];
  readonly body: Uint8Array | string;
}

/** Prefixes written for well-known namespaces, so peers that match on the prefix text still understand us. */
export const WELL_KNOWN_PREFIXES: Readonly<Record<string, string>> = {
  'urn:ietf:params:imdn': 'imdn',
};

/** Returns the extension headers of `namespace` called `name` (names compare case-insensitively). */
export function cpimHeaderValues(message: Pick<CpimMessage, 'headers'>, namespace: string, name: string): string[] {
  const lower = name.toLowerCase();
  return message.headers.filter((h) => h.namespace === namespace && h.name.toLowerCase() === lower).map((h) => h.value);
}

/**
 * RFC 3862 §4.7: a recipient that does not understand a header listed in Require must not process the message.
 * Returns the listed names (as written, e.g. `imdn.Disposition-Notification`) not in `understood`
 * (compared case-insensitively); a non-empty answer means: refuse the message.
 */
export function unsupportedRequired(message: Pick<CpimMessage, 'require'>, understood: readonly string[]): string[] {
  const known = new Set(understood.map((name) => name.toLowerCase()));
  return message.require.filter((name) => !known.has(name.toLowerCase()));
}
