import { MsrpHeaderError } from '../../errors';
import { encodeMimeParams } from './content-type';
import type { HeaderCodec } from './header-codec';
import { MIME_TOKEN_RE, scanParams } from './header-params';

/** RFC 2183 §2: disposition-type *( ";" disposition-parm ), e.g. `attachment; filename="a b.txt"`. */
export interface ContentDisposition {
  /** Lowercase (RFC 2183 §2: case-insensitive). */
  readonly disposition: string;
  /** Parameter names lowercased, values unquoted, in order. */
  readonly params: ReadonlyMap<string, string>;
}

export const ContentDispositionHeader: HeaderCodec<ContentDisposition> = {
  name: 'Content-Disposition',
  decode(value) {
    const semi = value.indexOf(';');
    const disposition = (semi < 0 ? value : value.slice(0, semi)).trim();
    if (!MIME_TOKEN_RE.test(disposition)) throw new MsrpHeaderError('Content-Disposition', JSON.stringify(value.slice(0, 100)));
    const params = new Map<string, string>();
    if (semi >= 0) {
      const scanned = scanParams(value.slice(semi + 1), ';');
      if (scanned === undefined) throw new MsrpHeaderError('Content-Disposition', `parameters of ${JSON.stringify(value.slice(0, 100))}`);
      for (const p of scanned) {
        if (p.value === undefined) throw new MsrpHeaderError('Content-Disposition', `parameter ${p.name} without value`);
        params.set(p.name.toLowerCase(), p.value);
      }
    }
    return { disposition: disposition.toLowerCase(), params };
  },
  encode(value) {
    return `${value.disposition}${encodeMimeParams(value.params).replaceAll(';', '; ')}`;
  },
};
