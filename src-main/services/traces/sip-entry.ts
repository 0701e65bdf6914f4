import { redactString } from '../../common';

/** What the console shows of one SIP message, read from its text without a full parse (it may be malformed). */
export interface SipEntryParts {
  readonly method: string | null;
  readonly status: number | null;
  readonly summary: string;
  readonly callId: string | null;
  /** The MSRP session ids named by `a=path` lines of an SDP body (RFC 4975 §8.2), to tie MSRP frames to this dialog. */
  readonly msrpSessionIds: readonly string[];
  /** Redacted; at `headers` level the body is replaced by its size. */
  readonly text: string;
}

/** Long messages are cut: a trace is for reading, and the ring must stay bounded in bytes too. */
export const MAX_TRACE_TEXT = 64 * 1024;

const STATUS_LINE = /^SIP\/2\.0 (\d{3})(?: (.*))?$/;
const REQUEST_LINE = /^([A-Z][A-Za-z]*) (\S+) SIP\/2\.0$/;

export function sipEntryParts(text: string, level: 'headers' | 'full'): SipEntryParts {
  const headEnd = text.indexOf('\r\n\r\n');
  const head = headEnd < 0 ? text : text.slice(0, headEnd);
  const body = headEnd < 0 ? '' : text.slice(headEnd + 4);
  const lineEnd = head.indexOf('\r\n');
  const firstLine = lineEnd < 0 ? head : head.slice(0, lineEnd);
  const callId = header(head, /^(?:call-id|i)[ \t]*:[ \t]*(.+)$/im);
  const cseqMethod = header(head, /^cseq[ \t]*:[ \t]*\d+[ \t]+([A-Za-z]+)/im);
  const status = STATUS_LINE.exec(firstLine);
  const request = REQUEST_LINE.exec(firstLine);
  const method = request?.[1] ?? cseqMethod;
  const summary = status
    ? `${status[1]} ${status[2] ?? ''}`.trim() + (cseqMethod === null ? '' : ` (${cseqMethod})`)
    : request
      ? `${request[1]} ${request[2]}`
      : firstLine.slice(0, 120);
  const shownBody = level === 'full' || body.length === 0 ? body : `[body: ${Buffer.byteLength(body)} bytes]`;
  const whole = headEnd < 0 ? head : `${head}\r\n\r\n${shownBody}`;
  return {
    method,
    status: status ? Number(status[1]) : null,
    summary: redactString(summary),
    callId,
    msrpSessionIds: msrpSessionIdsOf(body),
    text: redactString(cut(whole)),
  };
}

/** The session-id part of every MSRP URI on `a=path` lines (`msrp://host:port/<id>;tcp`). */
export function msrpSessionIdsOf(sdp: string): string[] {
  if (!sdp.includes('a=path:')) return [];
  const ids: string[] = [];
  for (const line of sdp.split(/\r?\n/)) {
    if (!line.startsWith('a=path:')) continue;
    for (const uri of line.slice(7).trim().split(/\s+/)) {
      const id = msrpUriSessionId(uri);
      if (id !== null) ids.push(id);
    }
  }
  return ids;
}

export function msrpUriSessionId(uri: string): string | null {
  const match = /^msrps?:\/\/[^/]+\/([^;\s]+)/i.exec(uri);
  return match?.[1] ?? null;
}

export function cut(text: string): string {
  return text.length <= MAX_TRACE_TEXT ? text : `${text.slice(0, MAX_TRACE_TEXT)}\n[… ${text.length - MAX_TRACE_TEXT} more characters]`;
}

function header(head: string, pattern: RegExp): string | null {
  const match = pattern.exec(head);
  return match?.[1]?.trim() ?? null;
}
