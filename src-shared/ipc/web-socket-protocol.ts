/**
 * The loopback WebSocket adapter's wire format (the headless host ⇄ the renderer's WebSocket bridge).
 * The page at `http://127.0.0.1:<port>/#token=<token>` connects to `ws://127.0.0.1:<port>/ipc?token=<token>`;
 * the host refuses a wrong token or a foreign Origin. Frames are JSON text; `Uint8Array` values travel as
 * `{ "$bytes": "<base64>" }` so payloads keep the structured-clone shapes the Electron adapter carries.
 */
import type { EventEnvelope } from './contract';
import type { Result } from './result';

export const WEB_SOCKET_PATH = '/ipc';

/** The largest frame the host accepts (a bigger one closes the socket with 1009); an upload chunk fits with room. */
export const WEB_SOCKET_MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** The host prints this prefix and the page URL on one stdout line, for scripts and tests to read. */
export const HOST_URL_LINE_PREFIX = 'PARLEY_URL ';

export type ClientFrame = { readonly type: 'invoke'; readonly id: number; readonly name: string; readonly args: readonly unknown[] };

export type HostFrame =
  | { readonly type: 'result'; readonly id: number; readonly result: Result<unknown> }
  | { readonly type: 'event'; readonly event: EventEnvelope };

const BYTES_KEY = '$bytes';

export function encodeFrame(frame: ClientFrame | HostFrame): string {
  // `holder[key]` is the value before its toJSON ran: a Node Buffer (a Uint8Array) would otherwise arrive
  // here already turned into { type: 'Buffer', data: [...] }.
  return JSON.stringify(frame, function (this: unknown, key: string, value: unknown) {
    const original = (this as Record<string, unknown>)[key];
    return original instanceof Uint8Array ? { [BYTES_KEY]: bytesToBase64(original) } : value;
  });
}

/** Parses a frame; returns undefined for text that is not JSON (the caller decides what a bad frame means). */
export function decodeFrame(text: string): unknown {
  try {
    return JSON.parse(text, (_key, value: unknown) => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const record = value as Record<string, unknown>;
        const keys = Object.keys(record);
        if (keys.length === 1 && keys[0] === BYTES_KEY && typeof record[BYTES_KEY] === 'string') {
          return base64ToBytes(record[BYTES_KEY]);
        }
      }
      return value;
    });
  } catch {
    return undefined;
  }
}

// Uint8Array.prototype.toBase64 is not in every target yet (Node 24 lacks it); btoa/atob exist in both.
function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
