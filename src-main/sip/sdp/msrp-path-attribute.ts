import { SdpError } from './sdp-error';

/** The parts of an MSRP URI this module needs; the full parser lives with the MSRP stack. */
export interface MsrpUriParts {
  readonly scheme: 'msrp' | 'msrps';
  /** As written; IPv6 keeps its brackets. */
  readonly host: string;
  readonly port: number | undefined;
  readonly transport: string;
}

// RFC 4975 §9: MSRP-URI = msrp-scheme "://" authority ["/" session-id] ";" transport *( ";" URI-parameter ),
// session-id = 1*( unreserved / "+" / "=" / "/" ). Checked for shape only: a=path stays text in this
// module, and the services layer parses it into MsrpUri.
const MSRP_URI_RE =
  /^(msrps?):\/\/(?:[^@/;\s]+@)?(\[[0-9A-Fa-f:.]+\]|[^:/;@\s[\]]+)(?::([0-9]{1,5}))?(?:\/[A-Za-z0-9\-._~+=/]+)?;([A-Za-z0-9]+)(?:;[^\s;]+)*$/i;

/** Splits an MSRP URI into scheme, host, port and transport, or throws `SdpError` 'sdp/bad-path' (400). */
export function msrpUriParts(uri: string): MsrpUriParts {
  const match = MSRP_URI_RE.exec(uri);
  const port = match?.[3] === undefined ? undefined : Number(match[3]);
  if (match === null || (port !== undefined && port > 65_535)) {
    throw new SdpError('sdp/bad-path', 400, `not an MSRP URI: ${JSON.stringify(uri.slice(0, 200))}`);
  }
  return {
    scheme: (match[1] as string).toLowerCase() as 'msrp' | 'msrps',
    host: match[2] as string,
    port,
    transport: (match[4] as string).toLowerCase(),
  };
}

/**
 * Parses `a=path` (RFC 4975 §8.2): MSRP URIs separated by spaces (runs tolerated), the peer's own URI last
 * and any relays before it (RFC 4976 §5.2). Throws `SdpError` 'sdp/bad-path' (400).
 */
export function parsePathAttribute(value: string | undefined): string[] {
  const uris = (value ?? '').split(/[ \t]+/).filter((uri) => uri.length > 0);
  if (uris.length === 0) throw new SdpError('sdp/bad-path', 400, 'empty a=path');
  for (const uri of uris) msrpUriParts(uri);
  return uris;
}

/** Formats `a=path` with single spaces (RFC 4975 §9). */
export function formatPathAttribute(path: readonly string[]): string {
  if (path.length === 0) throw new SdpError('sdp/bad-path', 400, 'empty a=path');
  for (const uri of path) msrpUriParts(uri);
  return path.join(' ');
}
