/**
 * Just enough reading of a SIP message's head for the transport layer (RFC 3261 §7, §18): the start line,
 * the top Via (for response routing, retransmission matching and sent-by checks) and CSeq. sip.js parses
 * messages fully afterwards; this never decodes bodies and never throws on bad input.
 */
export interface ViaValue {
  /** UDP, TCP, TLS … as written in `SIP/2.0/<transport>`. */
  readonly transport: string;
  readonly host: string;
  readonly port: number | undefined;
  readonly branch: string | undefined;
  readonly received: string | undefined;
  /** `rport` value when the sender filled it in (RFC 3581 §4). */
  readonly rport: number | undefined;
}

export interface RawSipHead {
  readonly kind: 'request' | 'response';
  /** Request method, or undefined for a response. */
  readonly method: string | undefined;
  readonly statusCode: number | undefined;
  readonly cseqMethod: string | undefined;
  readonly topVia: ViaValue | undefined;
  /** Header names (lower case, compact forms expanded) to raw values, in order. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

/** RFC 3261 §7.3.3 compact forms that matter below the transaction layer. */
const COMPACT: Readonly<Record<string, string>> = {
  v: 'via',
  l: 'content-length',
  i: 'call-id',
  f: 'from',
  t: 'to',
  m: 'contact',
  c: 'content-type',
};

const REQUEST_LINE = /^([A-Za-z][A-Za-z0-9.!%*_+`'~-]*) (\S+) SIP\/2\.0$/;
const STATUS_LINE = /^SIP\/2\.0 ([1-6]\d\d)(?: .*)?$/;

export function canonicalHeaderName(name: string): string {
  const lower = name.trim().toLowerCase();
  return COMPACT[lower] ?? lower;
}

/** Splits a head (no body) into unfolded header lines (RFC 3261 §7.3.1: continuation lines start with SP/HTAB). */
function headerLines(head: string): string[] {
  const lines: string[] = [];
  for (const line of head.split(/\r?\n/)) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && lines.length > 0) {
      lines[lines.length - 1] += ' ' + line.trim();
    } else if (line.length > 0) {
      lines.push(line);
    }
  }
  return lines;
}

export function parseVia(value: string): ViaValue | undefined {
  const match = /^\s*SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z]+)\s+(\[[0-9a-fA-F:.]+\]|[^\s:;,]+)(?:\s*:\s*(\d+))?\s*((?:;[^,]*)?)/.exec(value);
  if (!match) return undefined;
  const params = new Map<string, string>();
  for (const part of (match[4] ?? '').split(';').slice(1)) {
    const [name, ...rest] = part.split('=');
    if (name) params.set(name.trim().toLowerCase(), rest.join('=').trim());
  }
  const rport = params.get('rport');
  return {
    transport: (match[1] ?? '').toUpperCase(),
    host: match[2] ?? '',
    port: match[3] === undefined ? undefined : Number(match[3]),
    branch: params.get('branch'),
    received: params.get('received'),
    rport: rport ? Number(rport) : undefined,
  };
}

/** Parses the head of `text` (up to the first empty line); undefined when it is not a SIP message. */
export function parseRawSipHead(text: string): RawSipHead | undefined {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const lines = headerLines(head);
  const startLine = lines.shift();
  if (startLine === undefined) return undefined;
  const request = REQUEST_LINE.exec(startLine);
  const status = request ? null : STATUS_LINE.exec(startLine);
  if (!request && !status) return undefined;
  const headers: Array<readonly [string, string]> = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    headers.push([canonicalHeaderName(line.slice(0, colon)), line.slice(colon + 1).trim()]);
  }
  const via = headers.find(([name]) => name === 'via')?.[1];
  const cseq = headers.find(([name]) => name === 'cseq')?.[1];
  return {
    kind: request ? 'request' : 'response',
    method: request?.[1],
    statusCode: status ? Number(status[1]) : undefined,
    cseqMethod: cseq ? /^\d+\s+(\S+)/.exec(cseq)?.[1] : undefined,
    topVia: via === undefined ? undefined : parseVia(via),
    headers,
  };
}

/**
 * Rewrites the sent-by of the first Via value of the message with `rewrite`, leaving everything else
 * (including the body and Content-Length) untouched. Returns undefined when the message has no parsable Via.
 */
export function rewriteTopViaSentBy(
  text: string,
  rewrite: (via: ViaValue, params: string) => { sentBy: string; params: string },
): string | undefined {
  const headEnd = text.indexOf('\r\n\r\n');
  const limit = headEnd < 0 ? text.length : headEnd;
  const lineStart = /(^|\r\n)(via|v)[ \t]*:[ \t]*/gi;
  let match: RegExpExecArray | null;
  while ((match = lineStart.exec(text)) !== null && match.index < limit) {
    const valueStart = match.index + match[0].length;
    const lineEnd = text.indexOf('\r\n', valueStart);
    const line = text.slice(valueStart, lineEnd < 0 ? limit : lineEnd);
    const valueEnd = line.indexOf(',') < 0 ? line.length : line.indexOf(',');
    const first = line.slice(0, valueEnd);
    const parsed = parseVia(first);
    if (!parsed) return undefined;
    const protocolMatch = /^\s*SIP\s*\/\s*2\.0\s*\/\s*[A-Za-z]+\s+/.exec(first);
    const sentByMatch = /^(\[[0-9a-fA-F:.]+\]|[^\s:;,]+)(?:\s*:\s*\d+)?/.exec(first.slice(protocolMatch?.[0].length ?? 0));
    if (!protocolMatch || !sentByMatch) return undefined;
    const paramsText = first.slice(protocolMatch[0].length + sentByMatch[0].length);
    const replaced = rewrite(parsed, paramsText);
    const newFirst = `${protocolMatch[0]}${replaced.sentBy}${replaced.params}`;
    return text.slice(0, valueStart) + newFirst + text.slice(valueStart + first.length);
  }
  return undefined;
}

/** `host:port` as written in a Via sent-by or URI (IPv6 in brackets, RFC 3261 §25.1). */
export function formatHostPort(host: string, port: number | undefined): string {
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return port === undefined ? bracketed : `${bracketed}:${port}`;
}
