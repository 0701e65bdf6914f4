import type { ClientFrame } from '../../src-shared';

export type ParsedClientFrame =
  | { readonly kind: 'invoke'; readonly frame: ClientFrame }
  /** Not an invoke frame; `id` is set when one could be read, so the client can be answered. */
  | { readonly kind: 'malformed'; readonly id: number | undefined; readonly reason: string };

function isFrameId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Checks the shape of a decoded frame (web-socket-protocol.ts); the values inside `args` stay untrusted. */
export function parseClientFrame(value: unknown): ParsedClientFrame {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { kind: 'malformed', id: undefined, reason: 'a frame must be a JSON object' };
  }
  const record = value as Record<string, unknown>;
  const id = isFrameId(record['id']) ? record['id'] : undefined;
  if (id === undefined) return { kind: 'malformed', id, reason: 'id must be a non-negative integer' };
  if (record['type'] !== 'invoke') return { kind: 'malformed', id, reason: 'type must be "invoke"' };
  const name = record['name'];
  if (typeof name !== 'string') return { kind: 'malformed', id, reason: 'name must be a string' };
  const args = record['args'];
  if (!Array.isArray(args)) return { kind: 'malformed', id, reason: 'args must be an array' };
  return { kind: 'invoke', frame: { type: 'invoke', id, name, args } };
}
