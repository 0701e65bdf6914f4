import { MsrpHeaderError } from '../../errors';
import type { HeaderCodec } from './header-codec';
import { MIME_TOKEN_RE, quoteString, scanParams } from './header-params';

/** RFC 4975 §9: media-type = type "/" subtype *( ";" gen-param ); type and subtype compared case-insensitively. */
export interface MediaType {
  /** Lowercase (RFC 2045 §5.1: matching is case-insensitive). */
  readonly type: string;
  readonly subtype: string;
  /** Parameter names lowercased, values unquoted, in order. */
  readonly params: ReadonlyMap<string, string>;
}

/** `type/subtype` in lowercase, the form accept-types lists are matched against (RFC 4975 §8.6). */
export function mediaTypeEssence(value: MediaType): string {
  return `${value.type}/${value.subtype}`;
}

export const ContentTypeHeader: HeaderCodec<MediaType> = {
  name: 'Content-Type',
  decode(value) {
    const semi = value.indexOf(';');
    const essence = (semi < 0 ? value : value.slice(0, semi)).trim();
    const slash = essence.indexOf('/');
    const type = essence.slice(0, slash);
    const subtype = essence.slice(slash + 1);
    if (slash < 0 || !MIME_TOKEN_RE.test(type) || !MIME_TOKEN_RE.test(subtype)) {
      throw new MsrpHeaderError('Content-Type', JSON.stringify(value.slice(0, 100)));
    }
    const params = new Map<string, string>();
    if (semi >= 0) {
      const scanned = scanParams(value.slice(semi + 1), ';');
      if (scanned === undefined) throw new MsrpHeaderError('Content-Type', `parameters of ${JSON.stringify(value.slice(0, 100))}`);
      for (const p of scanned) {
        if (p.value === undefined || !MIME_TOKEN_RE.test(p.name)) throw new MsrpHeaderError('Content-Type', `parameter ${p.name}`);
        params.set(p.name.toLowerCase(), p.value);
      }
    }
    return { type: type.toLowerCase(), subtype: subtype.toLowerCase(), params };
  },
  encode(value) {
    return `${value.type}/${value.subtype}${encodeMimeParams(value.params)}`;
  },
};

/** `;name=value` pairs, quoting values that are not MIME tokens (RFC 2045 §5.1). */
export function encodeMimeParams(params: ReadonlyMap<string, string>): string {
  let out = '';
  for (const [name, value] of params) out += `;${name}=${MIME_TOKEN_RE.test(value) ? value : quoteString(value)}`;
  return out;
}
