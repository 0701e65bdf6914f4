import { redactString } from '../../common';
import type { MsrpTraceEvent } from '../../msrp';
import { cut, msrpUriSessionId } from './sip-entry';

/** One whole MSRP frame as the console shows it: head, body (or its size) and end-line. */
export interface MsrpFrame {
  readonly time: number;
  readonly direction: 'in' | 'out';
  readonly connection: string;
  readonly method: string | null;
  readonly status: number | null;
  readonly summary: string;
  /** Session ids of the To-Path and From-Path URIs, to find the SIP dialog that negotiated them. */
  readonly sessionIds: readonly string[];
  /** The hop the frame crossed: a relay when the path has one in front of the peer (RFC 4976 §4). */
  readonly hop: 'relay' | 'peer';
  /** Redacted. */
  readonly text: string;
}

/** Text bodies shown up to this size; binary ones as size and a hex preview of this many bytes. */
export const BODY_PREVIEW_BYTES = 4 * 1024;
export const HEX_PREVIEW_BYTES = 64;

interface Pending {
  readonly head: Extract<MsrpTraceEvent, { kind: 'new-chunk' }>;
  bytes: number;
  preview: Buffer[];
  previewBytes: number;
}

/**
 * Puts the tracer's new-chunk / chunk-data / chunk-end events of each connection back together into frames
 * (the seed's trafficlog did the same per transaction). Holds at most `BODY_PREVIEW_BYTES` per open frame, and
 * at most `maxOpen` open frames: a peer that never ends its chunks cannot grow it.
 */
export class MsrpFrameAssembler {
  readonly #open = new Map<string, Pending>();
  readonly #maxOpen: number;

  constructor(
    private readonly onFrame: (frame: MsrpFrame) => void,
    options: { readonly maxOpen?: number } = {},
  ) {
    this.#maxOpen = options.maxOpen ?? 256;
  }

  /** `full`: bodies kept (a preview); `headers`: bodies counted only. */
  push(event: MsrpTraceEvent, level: 'headers' | 'full'): void {
    if (event.kind === 'log') return;
    const key = `${event.direction} ${event.connection} ${event.transactionId}`;
    if (event.kind === 'new-chunk') {
      if (this.#open.size >= this.#maxOpen) this.#open.delete(this.#open.keys().next().value as string);
      this.#open.set(key, { head: event, bytes: 0, preview: [], previewBytes: 0 });
      return;
    }
    const pending = this.#open.get(key);
    if (pending === undefined) return;
    if (event.kind === 'chunk-data') {
      pending.bytes += event.bytes;
      if (level === 'full' && event.data !== undefined && pending.previewBytes < BODY_PREVIEW_BYTES) {
        // Copied: the tracer's buffers are views valid only during the call.
        const piece = Buffer.from(event.data.subarray(0, BODY_PREVIEW_BYTES - pending.previewBytes));
        pending.preview.push(piece);
        pending.previewBytes += piece.length;
      }
      return;
    }
    this.#open.delete(key);
    this.onFrame(frameOf(pending, event.flag, level));
  }

  clear(): void {
    this.#open.clear();
  }
}

function frameOf(pending: Pending, flag: string, level: 'headers' | 'full'): MsrpFrame {
  const { head } = pending;
  const parts = head.firstLine.split(' ');
  const code = parts[2] !== undefined && /^\d{3}$/.test(parts[2]) ? Number(parts[2]) : null;
  const method = code === null ? (parts[2] ?? null) : null;
  const headerText = head.headers.map(([name, value]) => `${name}: ${value}`).join('\r\n');
  const lines = [head.firstLine, headerText];
  const body = bodyText(pending, head.headers, level);
  const text = `${lines.filter((line) => line !== '').join('\r\n')}${body === '' ? '' : `\r\n\r\n${body}`}\r\n-------${head.transactionId}${flag}`;
  const toPath = headerValue(head.headers, 'To-Path');
  const fromPath = headerValue(head.headers, 'From-Path');
  const hopPath = head.direction === 'out' ? toPath : fromPath;
  const sessionIds = [...splitPath(toPath), ...splitPath(fromPath)].map(msrpUriSessionId).filter((id): id is string => id !== null);
  return {
    time: head.time,
    direction: head.direction,
    connection: head.connection,
    method,
    status: code,
    summary: code === null ? `${method ?? '?'}${byteRangeNote(head.headers)}` : parts.slice(2).join(' '),
    sessionIds,
    hop: splitPath(hopPath).length > 1 ? 'relay' : 'peer',
    text: redactString(cut(text)),
  };
}

function bodyText(pending: Pending, headers: readonly (readonly [string, string])[], level: 'headers' | 'full'): string {
  if (pending.bytes === 0) return '';
  if (level === 'headers' || pending.preview.length === 0) return `[body: ${pending.bytes} bytes]`;
  const bytes = Buffer.concat(pending.preview);
  const more = pending.bytes > bytes.length ? `\r\n[… ${pending.bytes - bytes.length} more bytes]` : '';
  const type = headerValue(headers, 'Content-Type').toLowerCase();
  if (looksLikeText(type, bytes)) return `${bytes.toString('utf8')}${more}`;
  const hex = bytes.subarray(0, HEX_PREVIEW_BYTES).toString('hex').replace(/(..)(?!$)/g, '$1 ');
  return `[binary body: ${pending.bytes} bytes] ${hex}${pending.bytes > HEX_PREVIEW_BYTES ? ' …' : ''}`;
}

/** Text types, CPIM and XML are shown as text when their bytes are valid UTF-8 without control characters. */
function looksLikeText(type: string, bytes: Buffer): boolean {
  if (!/^(text\/|message\/cpim|application\/[\w.+-]*xml|application\/im-iscomposing)/.test(type) && type !== '') return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001f]/.test(bytes.toString('latin1'))) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    // A preview may end inside a multi-byte character: show it as text anyway when the rest decodes.
    return bytes.length >= BODY_PREVIEW_BYTES;
  }
}

function headerValue(headers: readonly (readonly [string, string])[], name: string): string {
  const lower = name.toLowerCase();
  return headers.find(([key]) => key.toLowerCase() === lower)?.[1] ?? '';
}

function splitPath(path: string): string[] {
  return path.trim() === '' ? [] : path.trim().split(/\s+/);
}

function byteRangeNote(headers: readonly (readonly [string, string])[]): string {
  const range = headerValue(headers, 'Byte-Range');
  return range === '' ? '' : ` ${range}`;
}
