import { malformed } from './chat-format-error';
import { escapeCpimHeaderValue, unescapeCpimHeaderValue } from './cpim-escape';

/** A From/To/cc value (RFC 3862 §4.1–4.3: `[ Formal-name ] "<" URI ">"`). */
export interface CpimAddress {
  readonly uri: string;
  readonly displayName?: string;
}

/** Writes `"Display Name" <uri>` (always quoted: a String may hold any character, Tokens may not). */
export function formatCpimAddress(address: CpimAddress): string {
  if (/[<>\s]/.test(address.uri) || address.uri === '') throw malformed(`not a CPIM URI: ${JSON.stringify(address.uri)}`);
  const uri = `<${escapeCpimHeaderValue(address.uri)}>`;
  if (address.displayName === undefined || address.displayName === '') return uri;
  // RFC 3862 §3.1 String: DQUOTE and backslash are escaped inside the quotes; control characters as \uXXXX.
  return `"${escapeCpimHeaderValue(address.displayName).replaceAll('"', '\\"')}" ${uri}`;
}

/**
 * Reads an address from a raw (still escaped) header value. Lenient where peers differ: a bare URI without
 * angle brackets, and an unquoted display name made of several words.
 */
export function parseCpimAddress(raw: string): CpimAddress {
  const text = raw.trim();
  if (!text.endsWith('>')) {
    if (text === '' || /\s/.test(text)) throw malformed(`not a CPIM address: ${JSON.stringify(raw.slice(0, 80))}`);
    return { uri: unescapeCpimHeaderValue(text) };
  }
  let displayName: string | undefined;
  let rest = text;
  if (text.startsWith('"')) {
    const end = closingQuote(text);
    displayName = unescapeCpimHeaderValue(text.slice(1, end));
    rest = text.slice(end + 1).trimStart();
  } else {
    const open = text.lastIndexOf('<');
    if (open < 0) throw malformed(`not a CPIM address: ${JSON.stringify(raw.slice(0, 80))}`);
    const name = text.slice(0, open).trim();
    if (/[<>"]/.test(name)) throw malformed(`not a CPIM address: ${JSON.stringify(raw.slice(0, 80))}`);
    if (name !== '') displayName = unescapeCpimHeaderValue(name);
    rest = text.slice(open);
  }
  if (!rest.startsWith('<') || rest.indexOf('>') !== rest.length - 1) throw malformed(`not a CPIM address: ${JSON.stringify(raw.slice(0, 80))}`);
  const uri = unescapeCpimHeaderValue(rest.slice(1, -1).trim());
  if (uri === '') throw malformed('CPIM address with an empty URI');
  return displayName === undefined ? { uri } : { uri, displayName };
}

function closingQuote(text: string): number {
  for (let i = 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i;
  }
  throw malformed('unterminated quoted display name in a CPIM address');
}
