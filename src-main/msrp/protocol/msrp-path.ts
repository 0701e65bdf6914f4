import { MsrpUriError } from '../errors';
import { MsrpUri } from './msrp-uri';

/**
 * Parses a path: one or more MSRP URIs separated by single spaces (RFC 4975 §9 To-Path/From-Path,
 * RFC 4976 §5.2 Use-Path). Runs of spaces and tabs are tolerated on input. Throws `MsrpUriError`.
 */
export function parsePath(text: string): MsrpUri[] {
  const parts = text.split(/[ \t]+/).filter((part) => part.length > 0);
  if (parts.length === 0) throw new MsrpUriError(text, 'empty path');
  return parts.map((part) => MsrpUri.parse(part));
}

/** Formats a path with single spaces (RFC 4975 §9). */
export function formatPath(path: readonly MsrpUri[]): string {
  if (path.length === 0) throw new MsrpUriError('', 'empty path');
  return path.map((uri) => uri.toString()).join(' ');
}

/** Element-wise RFC 4975 §6.1 comparison of two paths. */
export function pathEquals(a: readonly MsrpUri[], b: readonly MsrpUri[]): boolean {
  return a.length === b.length && a.every((uri, i) => uri.equals(b[i] as MsrpUri));
}
