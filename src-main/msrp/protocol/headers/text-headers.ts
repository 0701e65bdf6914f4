import { MsrpHeaderError } from '../../errors';
import type { HeaderCodec } from './header-codec';

// RFC 4975 §9: ident = ALPHANUM 3*31ident-char, ident-char = ALPHANUM / "." / "-" / "+" / "%" / "="
// Peers in the wild send shorter or longer ids; any run of ident-chars is accepted, at most 256 of them.
const IDENT_RE = /^[A-Za-z0-9.\-+%=]{1,256}$/;

/** RFC 4975 §9: Message-ID = "Message-ID:" SP ident */
export const MessageIdHeader: HeaderCodec<string> = {
  name: 'Message-ID',
  decode(value) {
    const text = value.trim();
    if (!IDENT_RE.test(text)) throw new MsrpHeaderError('Message-ID', JSON.stringify(value.slice(0, 100)));
    return text;
  },
  encode: (value) => value,
};

function freeTextCodec(name: string): HeaderCodec<string> {
  return { name, decode: (value) => value, encode: (value) => value };
}

/** RFC 2045 §7: Content-ID = msg-id (kept as written). */
export const ContentIdHeader = freeTextCodec('Content-ID');
/** RFC 2045 §8: Content-Description = *text (kept as written, UTF-8). */
export const ContentDescriptionHeader = freeTextCodec('Content-Description');
