import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, type ClientFrame } from '../../../../src-shared';
import { snapshot } from '../../test-support/fixtures';
import type { ConnectionState } from '../../stores/app-store';
import { createWebSocketAdapter } from './web-socket-adapter';
import { webSocketUrlFromLocation, type SocketConnection, type SocketHandlers } from './web-socket-transport';

class FakeSocket implements SocketConnection {
  readonly sent: ClientFrame[] = [];
  open = false;
  closedByPage = false;
  constructor(
    readonly url: string,
    readonly handlers: SocketHandlers,
  ) {}
  send(text: string): boolean {
    if (!this.open) return false;
    this.sent.push(decodeFrame(text) as ClientFrame);
    return true;
  }
  close(): void {
    this.closedByPage = true;
  }
  accept(): void {
    this.open = true;
    this.handlers.onOpen();
  }
  drop(): void {
    this.open = false;
    this.handlers.onClose(1006, '');
  }
  receive(frame: unknown): void {
    this.handlers.onMessage(typeof frame === 'string' ? frame : encodeFrame(frame as never));
  }
}

function setup(backoffMs = [100, 200]) {
  const sockets: FakeSocket[] = [];
  const timers: { run: () => void; ms: number; cancelled: boolean }[] = [];
  const states: ConnectionState[] = [];
  const protocolErrors: string[] = [];
  const adapter = createWebSocketAdapter({
    url: 'ws://127.0.0.1:1/ipc?token=t',
    backoffMs,
    createSocket: (url, handlers) => {
      const socket = new FakeSocket(url, handlers);
      sockets.push(socket);
      return socket;
    },
    schedule: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    onProtocolError: (message) => protocolErrors.push(message),
  });
  adapter.onConnectionState((state) => states.push(state));
  const current = () => sockets.at(-1)!;
  return { adapter, sockets, timers, states, protocolErrors, current };
}

describe('web-socket adapter', () => {
  it('numbers requests and resolves each with its own result', async () => {
    const { adapter, current } = setup();
    current().accept();
    const first = adapter.invoke('app.getSnapshot');
    const second = adapter.invoke('accounts.remove', 'a' as never);
    expect(current().sent).toEqual([
      { type: 'invoke', id: 1, name: 'app.getSnapshot', args: [] },
      { type: 'invoke', id: 2, name: 'accounts.remove', args: ['a'] },
    ]);
    current().receive({ type: 'result', id: 2, result: { ok: false, error: { code: 'not-found', message: 'gone' } } });
    current().receive({ type: 'result', id: 1, result: { ok: true, value: snapshot(3) } });
    expect(await second).toEqual({ ok: false, error: { code: 'not-found', message: 'gone' } });
    expect(await first).toEqual({ ok: true, value: snapshot(3) });
  });

  it('fans events out by name with their seq', () => {
    const { adapter, current } = setup();
    current().accept();
    const seen: [string, number][] = [];
    adapter.on('app.storageProblem', (payload, seq) => seen.push([payload.message, seq]));
    const unsubscribe = adapter.on('accounts.changed', () => seen.push(['accounts', -1]));
    unsubscribe();
    current().receive({ type: 'event', event: { seq: 7, name: 'app.storageProblem', payload: { file: 'secrets', message: 'm' } } });
    current().receive({ type: 'event', event: { seq: 8, name: 'accounts.changed', payload: { accounts: [], defaultAccountId: null } } });
    expect(seen).toEqual([['m', 7]]);
  });

  it('drops malformed frames without throwing and reports them', async () => {
    const { adapter, current, protocolErrors } = setup();
    current().accept();
    const call = adapter.invoke('app.getSnapshot');
    current().receive('not json');
    current().receive({ type: 'event', event: { seq: 'x', name: 'accounts.changed', payload: {} } });
    current().receive({ type: 'event', event: { seq: 1, name: 'no.such.event', payload: {} } });
    current().receive({ type: 'result', id: 99, result: { ok: true, value: 1 } });
    current().receive({ type: 'result', id: 1, result: { ok: 'yes' } });
    current().receive({ type: 'surprise' });
    current().handlers.onMessage(new Uint8Array([1]));
    expect(protocolErrors).toHaveLength(7);
    current().receive({ type: 'result', id: 1, result: { ok: true, value: snapshot(1) } });
    expect((await call).ok).toBe(true);
  });

  it('fails calls with a typed result while disconnected, and in-flight calls when the socket drops', async () => {
    const { adapter, current } = setup();
    expect(await adapter.invoke('app.getSnapshot')).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    current().accept();
    const inFlight = adapter.invoke('app.getSnapshot');
    current().drop();
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'disconnected' } });
  });

  it('reconnects with growing delays, reports the connection state, and resets the backoff after success', () => {
    const { sockets, timers, states, current } = setup([100, 200]);
    current().drop();
    expect(timers.map((timer) => timer.ms)).toEqual([100]);
    timers[0]!.run();
    current().drop();
    timers[1]!.run();
    current().drop();
    expect(timers.map((timer) => timer.ms)).toEqual([100, 200, 200]);
    timers[2]!.run();
    current().accept();
    current().drop();
    expect(timers.at(-1)!.ms).toBe(100);
    expect(sockets).toHaveLength(4);
    expect(states).toEqual(['connecting', 'disconnected', 'connected', 'disconnected']);
  });

  it('ignores a late close from a socket it already replaced', () => {
    const { sockets, timers, states, current } = setup();
    const first = current();
    first.drop();
    timers[0]!.run();
    current().accept();
    first.handlers.onClose(1006, '');
    expect(states.at(-1)).toBe('connected');
    expect(sockets).toHaveLength(2);
  });

  it('stops reconnecting once disposed', async () => {
    const { adapter, timers, current } = setup();
    current().accept();
    const call = adapter.invoke('app.getSnapshot');
    adapter.dispose();
    expect(current().closedByPage).toBe(true);
    expect(await call).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    current().handlers.onClose(1000, '');
    expect(timers).toHaveLength(0);
  });
});

describe('webSocketUrlFromLocation', () => {
  it('takes the token from the hash and the host from the page', () => {
    const url = webSocketUrlFromLocation({ protocol: 'http:', host: '127.0.0.1:4100', hash: '#token=a+b/c' }, '/ipc');
    expect(url).toBe('ws://127.0.0.1:4100/ipc?token=a%2Bb%2Fc');
  });
});
