import type { EventEnvelope, Result } from '../../../src-shared';

/**
 * What an IPC adapter (Electron's ipcMain, the loopback WebSocket host) needs from the core, and nothing
 * more. Adapters pass raw, untrusted values through; the core validates names and argument shapes.
 */
export interface IpcCore {
  /** Never throws and never rejects: unknown names and malformed arguments come back as error results. */
  invoke(name: unknown, args: unknown): Promise<Result<unknown>>;
  /** Every event with its sequence number, in order, to every subscriber. Returns the unsubscribe function. */
  subscribe(listener: (event: EventEnvelope) => void): () => void;
}
