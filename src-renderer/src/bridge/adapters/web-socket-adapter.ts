import {
  decodeFrame,
  encodeFrame,
  isEventName,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type EventEnvelope,
  type EventName,
  type Events,
} from '../../../../src-shared';
import type { ConnectionState } from '../../stores/app-store';
import { clientFailure, DISCONNECTED_MESSAGE, type ClientResult } from '../client-result';
import type { AdapterHandle } from '../adapter-handle';
import type { Scheduler, SocketConnection, SocketFactory } from './web-socket-transport';

export interface WebSocketAdapterOptions {
  readonly url: string;
  readonly createSocket: SocketFactory;
  readonly schedule: Scheduler;
  /** Reconnect delays in ms, the last one repeating; reset after a successful open. */
  readonly backoffMs?: readonly number[];
  /** Told about frames that do not match the wire format (they are dropped). */
  readonly onProtocolError?: (message: string) => void;
}

const DEFAULT_BACKOFF_MS = [250, 500, 1_000, 2_000, 4_000, 5_000];

type Listener = (payload: never, seq: number) => void;

/**
 * `ParleyApi` over the loopback WebSocket host: numbered requests with a pending-call map, events fanned
 * out by name, and reconnection with backoff. While disconnected, commands resolve at once with a
 * 'disconnected' failure; calls in flight when the socket drops resolve the same way. Nothing throws.
 */
export function createWebSocketAdapter(options: WebSocketAdapterOptions): AdapterHandle {
  const backoff = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  const reportProtocolError = options.onProtocolError ?? ((message: string) => console.warn(`Parley IPC: ${message}`));
  const pending = new Map<number, (result: ClientResult<unknown>) => void>();
  const listeners = new Map<EventName, Set<Listener>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let socket: SocketConnection | null = null;
  let nextId = 1;
  let attempt = 0;
  let cancelRetry: (() => void) | null = null;
  let disposed = false;

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const listener of [...stateListeners]) listener(next);
  }

  function failPending(): void {
    const waiting = [...pending.values()];
    pending.clear();
    for (const resolve of waiting) resolve(clientFailure('disconnected', DISCONNECTED_MESSAGE));
  }

  function open(): void {
    cancelRetry = null;
    let closed = false;
    const connection = options.createSocket(options.url, {
      onOpen() {
        if (socket !== connection) return;
        attempt = 0;
        setState('connected');
      },
      onMessage(data) {
        if (socket === connection) handleMessage(data);
      },
      onClose() {
        if (closed) return;
        closed = true;
        if (socket !== connection) return;
        socket = null;
        failPending();
        if (disposed) return;
        setState('disconnected');
        const delay = backoff[Math.min(attempt, backoff.length - 1)] ?? 1_000;
        attempt += 1;
        cancelRetry = options.schedule(open, delay);
      },
    });
    socket = connection;
  }

  function handleMessage(data: unknown): void {
    if (typeof data !== 'string') return reportProtocolError('a binary frame was dropped');
    const frame = decodeFrame(data);
    if (!isRecord(frame)) return reportProtocolError('a frame that is not a JSON object was dropped');
    if (frame.type === 'result') return handleResult(frame);
    if (frame.type === 'event') return handleEvent(frame.event);
    reportProtocolError(`a frame of unknown type ${JSON.stringify(frame.type)} was dropped`);
  }

  function handleResult(frame: Record<string, unknown>): void {
    const resolve = typeof frame.id === 'number' ? pending.get(frame.id) : undefined;
    if (resolve === undefined) return reportProtocolError(`a result for unknown request ${String(frame.id)} was dropped`);
    if (!isResult(frame.result)) return reportProtocolError(`a malformed result for request ${String(frame.id)} was dropped`);
    pending.delete(frame.id as number);
    resolve(frame.result);
  }

  function handleEvent(event: unknown): void {
    if (!isRecord(event) || !Number.isSafeInteger(event.seq) || !isEventName(event.name) || !('payload' in event)) {
      return reportProtocolError('a malformed event was dropped');
    }
    const envelope = event as unknown as EventEnvelope;
    for (const listener of [...(listeners.get(envelope.name) ?? [])]) {
      try {
        listener(envelope.payload as never, envelope.seq);
      } catch (error) {
        // One faulty listener must not starve the others of the event.
        console.error('Parley IPC: an event listener threw', error);
      }
    }
  }

  open();

  return {
    kind: 'web',
    invoke<N extends CommandName>(name: N, ...args: CommandArgs<N>): Promise<ClientResult<CommandResult<N>>> {
      if (socket === null || state !== 'connected') return Promise.resolve(clientFailure('disconnected', DISCONNECTED_MESSAGE));
      const id = nextId++;
      const sent = socket.send(encodeFrame({ type: 'invoke', id, name, args }));
      if (!sent) return Promise.resolve(clientFailure('disconnected', DISCONNECTED_MESSAGE));
      return new Promise((resolve) => {
        pending.set(id, resolve as (result: ClientResult<unknown>) => void);
      });
    },
    on<N extends EventName>(name: N, listener: (payload: Events[N], seq: number) => void): () => void {
      const set = listeners.get(name) ?? new Set<Listener>();
      listeners.set(name, set);
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
    onConnectionState(listener) {
      stateListeners.add(listener);
      listener(state);
      return () => stateListeners.delete(listener);
    },
    dispose() {
      disposed = true;
      cancelRetry?.();
      const current = socket;
      socket = null;
      current?.close();
      failPending();
      stateListeners.clear();
      listeners.clear();
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isResult(value: unknown): value is ClientResult<unknown> {
  if (!isRecord(value)) return false;
  if (value.ok === true) return 'value' in value;
  return value.ok === false && isRecord(value.error) && typeof value.error.code === 'string' && typeof value.error.message === 'string';
}
