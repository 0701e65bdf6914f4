import { ChatFormatError } from './chat-format-error';
import { formatCpimAddress } from './cpim-address';
import { escapeCpimHeaderValue } from './cpim-escape';
import { CPIM_NAME, LANGUAGE_TAG, MIME_HEADER_NAME } from './cpim-grammar';
import { CPIM_STANDARD_NAMESPACE, WELL_KNOWN_PREFIXES, type CpimExtensionHeader, type CpimMessageInit } from './cpim-message';
import { formatRfc3339 } from './rfc3339';

/**
 * Writes a `message/cpim` payload (RFC 3862 §3): the message headers, a blank line, the inner part's MIME
 * headers, a blank line, the body bytes. Header values are escaped (§3.1), so no value can start a new line.
 * Throws `chat-format-unencodable` for names or values that cannot be written at all.
 */
export function formatCpim(message: CpimMessageInit): Buffer {
  const lines: string[] = [];
  if (message.from !== undefined) lines.push(`From: ${formatCpimAddress(message.from)}`);
  for (const to of message.to ?? []) lines.push(`To: ${formatCpimAddress(to)}`);
  for (const cc of message.cc ?? []) lines.push(`cc: ${formatCpimAddress(cc)}`);
  if (message.dateTime !== undefined) lines.push(`DateTime: ${formatRfc3339(message.dateTime)}`);
  for (const subject of message.subjects ?? []) {
    if (subject.lang === undefined) lines.push(`Subject: ${escapeCpimHeaderValue(subject.value)}`);
    else {
      if (!LANGUAGE_TAG.test(subject.lang)) throw unencodable(`not a language tag: ${JSON.stringify(subject.lang)}`);
      lines.push(`Subject:;lang=${subject.lang} ${escapeCpimHeaderValue(subject.value)}`);
    }
  }
  const prefixes = new NamespacePrefixes();
  const extension: string[] = [];
  for (const header of message.headers ?? []) extension.push(...prefixes.line(header));
  if ((message.require ?? []).length > 0) {
    for (const name of message.require ?? []) if (!name.split('.').every((part) => CPIM_NAME.test(part))) throw unencodable(`not a header name: ${name}`);
    lines.push(`Require: ${(message.require ?? []).join(',')}`);
  }
  lines.push(...extension, '');
  lines.push(`Content-Type: ${mimeValue(message.contentType)}`);
  for (const header of message.contentHeaders ?? []) {
    if (!MIME_HEADER_NAME.test(header.name) || header.name.toLowerCase() === 'content-type') throw unencodable(`bad MIME header name: ${header.name}`);
    lines.push(`${header.name}: ${mimeValue(header.value)}`);
  }
  lines.push('', '');
  const head = Buffer.from(lines.join('\r\n'), 'utf8');
  const body = typeof message.body === 'string' ? Buffer.from(message.body, 'utf8') : message.body;
  return Buffer.concat([head, body]);
}

/** Assigns each namespace a prefix and declares it (NS, RFC 3862 §4.6) before its first use. */
class NamespacePrefixes {
  readonly #byNamespace = new Map<string, string>([[CPIM_STANDARD_NAMESPACE, '']]);
  readonly #used = new Set<string>(['']);
  #next = 1;

  line(header: CpimExtensionHeader): string[] {
    if (!CPIM_NAME.test(header.name)) throw unencodable(`not a CPIM header name: ${JSON.stringify(header.name)}`);
    if (/[<>\s]/.test(header.namespace) || header.namespace === '') throw unencodable(`not a namespace URI: ${JSON.stringify(header.namespace)}`);
    const value = escapeCpimHeaderValue(header.value);
    const out: string[] = [];
    let prefix = this.#byNamespace.get(header.namespace);
    if (prefix === undefined) {
      prefix = this.#choose(header);
      this.#byNamespace.set(header.namespace, prefix);
      this.#used.add(prefix);
      out.push(`NS: ${prefix} <${header.namespace}>`);
    }
    out.push(prefix === '' ? `${header.name}: ${value}` : `${prefix}.${header.name}: ${value}`);
    return out;
  }

  #choose(header: CpimExtensionHeader): string {
    for (const wanted of [header.prefix, WELL_KNOWN_PREFIXES[header.namespace]]) {
      if (wanted !== undefined && wanted !== '' && CPIM_NAME.test(wanted) && !this.#used.has(wanted)) return wanted;
    }
    let candidate = `ns${this.#next}`;
    while (this.#used.has(candidate)) candidate = `ns${(this.#next += 1)}`;
    return candidate;
  }
}

/** MIME header values of the inner part are not CPIM-escaped: they simply must not break the line. */
function mimeValue(value: string): string {
  if (/[\r\n]/.test(value) || value.trim() === '') throw unencodable(`bad MIME header value: ${JSON.stringify(value.slice(0, 80))}`);
  return value;
}

function unencodable(message: string): ChatFormatError {
  return new ChatFormatError('chat-format-unencodable', message);
}
