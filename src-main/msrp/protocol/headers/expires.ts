import { MsrpHeaderError } from '../../errors';
import type { HeaderCodec } from './header-codec';

function secondsCodec(name: string): HeaderCodec<number> {
  return {
    name,
    decode(value) {
      const text = value.trim();
      // RFC 4976 §7: Expires = "Expires:" SP 1*DIGIT (seconds); bounded to 32 bits like SIP's delta-seconds.
      if (!/^[0-9]{1,10}$/.test(text) || Number(text) > 0xffffffff) throw new MsrpHeaderError(name, JSON.stringify(value.slice(0, 100)));
      return Number(text);
    },
    encode(value) {
      return String(value);
    },
  };
}

/** RFC 4976 §7: lifetime of an AUTH grant, in seconds. */
export const ExpiresHeader = secondsCodec('Expires');
/** RFC 4976 §7: the shortest Expires a relay accepts (sent with 423). */
export const MinExpiresHeader = secondsCodec('Min-Expires');
/** RFC 4976 §7: the longest Expires a relay accepts (sent with 423). */
export const MaxExpiresHeader = secondsCodec('Max-Expires');
