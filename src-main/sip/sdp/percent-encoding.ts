import { SdpError } from './sdp-error';

const encoder = new TextEncoder();

/**
 * Percent-encodes (uppercase hex, RFC 3986 §2.1) the UTF-8 octets of every character `keep` refuses.
 * Used for RFC 5547 §9 filename-string and ft-value.
 */
export function percentEncode(text: string, keep: (char: string) => boolean): string {
  let out = '';
  for (const char of text) {
    if (keep(char)) {
      out += char;
      continue;
    }
    for (const byte of encoder.encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Decodes `%HH` runs as UTF-8 octets. A `%` not followed by two hex digits is kept as a literal: peers that
 * never escape (the SIP SIMPLE client writes file names raw) still produce readable names. Octets that do
 * not form UTF-8 throw `SdpError` 400 with `code`.
 */
export function percentDecode(text: string, code: 'sdp/bad-file-selector' | 'sdp/bad-file-attribute'): string {
  if (!text.includes('%')) return text;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let out = '';
  let i = 0;
  while (i < text.length) {
    const run: number[] = [];
    while (i + 2 < text.length && text[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      run.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 3;
    }
    if (run.length > 0) {
      try {
        out += decoder.decode(new Uint8Array(run));
      } catch (cause) {
        throw new SdpError(code, 400, 'percent-encoded octets are not UTF-8', { cause });
      }
      continue;
    }
    out += text[i] as string;
    i++;
  }
  return out;
}
