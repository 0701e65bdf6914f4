import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleEntriesEvent, ConsoleTraceLevels, EventEnvelope } from '../../../src-shared';
import { createLogger, type LogSink } from '../../common';
import { MsrpChunk } from '../../msrp';
import { TraceService } from './trace-service';

const REGISTER =
  'REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5060\r\nCall-ID: reg-1\r\nCSeq: 2 REGISTER\r\n' +
  'Authorization: Digest username="alice", response="0123456789abcdef", nonce="n1"\r\nContent-Length: 0\r\n\r\n';
const INVITE =
  'INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: call-1\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: 80\r\n\r\n' +
  'v=0\r\nm=message 2855 TCP/MSRP *\r\na=path:msrp://127.0.0.1:2855/sess-a;tcp\r\n';
const ON: ConsoleTraceLevels = { sip: 'full', msrp: 'full', notification: 'full', log: 'full' };

function setup(options: { capacity?: number; maxQueued?: number } = {}) {
  const batches: ConsoleEntriesEvent[] = [];
  const listeners = new Set<(event: EventEnvelope) => void>();
  const root = createLogger({ level: 'debug' });
  const service = new TraceService({
    events: {
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      emit: (_name, payload) => batches.push(payload),
    },
    addLogSink: (sink: LogSink) => root.addSink(sink),
    sessionForCallId: (callId) => (callId === 'call-1' ? ('session-1' as never) : undefined),
    batchMs: 10,
    ...options,
  });
  const sip = (direction: 'in' | 'out', text: string) =>
    service.sipTracer.trace({ direction, time: Date.now(), label: 'account-1', protocol: 'TCP', local: '127.0.0.1:5000', remote: '127.0.0.1:5060', text });
  return { service, batches, listeners, root, sip };
}

describe('TraceService', () => {
  afterEach(() => vi.useRealTimers());

  it('costs nothing while no console is subscribed: tracers off, no sink, no notification listener', () => {
    const { service, listeners, sip } = setup();
    expect(service.active).toBe(false);
    expect(service.sipTracer.enabled).toBe(false);
    expect(service.msrpTracer.enabled).toBe(false);
    sip('out', REGISTER);
    expect(listeners.size).toBe(0);
    expect(service.snapshot().entries).toEqual([]);
    service.subscribe('c1', ON);
    expect(service.sipTracer.enabled && service.msrpTracer.enabled).toBe(true);
    expect(listeners.size).toBe(1);
    service.unsubscribe('c1');
    expect(service.active).toBe(false);
    expect(listeners.size).toBe(0);
  });

  it('records SIP messages redacted, with method, status, dialog and account', () => {
    const { service, sip } = setup();
    service.subscribe('c1', ON);
    sip('out', REGISTER);
    sip('in', 'SIP/2.0 401 Unauthorized\r\nCall-ID: reg-1\r\nCSeq: 1 REGISTER\r\nWWW-Authenticate: Digest nonce="n1"\r\n\r\n');
    const [register, challenge] = service.snapshot().entries;
    expect(register).toMatchObject({ kind: 'sip', direction: 'out', method: 'REGISTER', status: null, callId: 'reg-1', accountId: 'account-1', hop: 'proxy' });
    expect(register?.text).toContain('Authorization: [redacted]');
    expect(register?.text).not.toContain('0123456789abcdef');
    expect(challenge).toMatchObject({ method: 'REGISTER', status: 401, summary: '401 Unauthorized (REGISTER)' });
    expect(challenge?.text).toContain('nonce="n1"');
  });

  it('headers level replaces bodies by their size', () => {
    const { service, sip } = setup();
    service.subscribe('c1', { ...ON, sip: 'headers' });
    sip('out', INVITE);
    expect(service.snapshot().entries[0]?.text).toMatch(/\[body: \d+ bytes\]$/);
  });

  it('ties MSRP frames to the dialog whose SDP named their path, and shows binary bodies as size and hex', () => {
    const { service, sip } = setup();
    service.subscribe('c1', ON);
    sip('out', INVITE);
    const tracer = service.msrpTracer;
    const head = {
      transactionId: 't1',
      firstLine: 'MSRP t1 SEND',
      headers: [
        ['To-Path', 'msrp://127.0.0.1:2000/relay-1;tcp msrp://127.0.0.1:3000/sess-b;tcp'],
        ['From-Path', 'msrp://127.0.0.1:2855/sess-a;tcp'],
        ['Content-Type', 'application/octet-stream'],
      ] as [string, string][],
    };
    tracer.sentNewChunk('a->b', head as unknown as MsrpChunk);
    tracer.sentChunkData('a->b', 't1', Buffer.from([0, 1, 2, 255]));
    tracer.sentChunkEnd('a->b', 't1', '$');
    const frame = service.snapshot().entries[1];
    expect(frame).toMatchObject({ kind: 'msrp', method: 'SEND', callId: 'call-1', accountId: 'account-1', hop: 'relay', remote: 'b' });
    expect(frame?.text).toContain('[binary body: 4 bytes] 00 01 02 ff');
    expect(frame?.text).toContain('-------t1$');
  });

  it('batches entries toward the renderer, fills session ids late, and bounds the queue', async () => {
    const { service, batches, sip } = setup({ maxQueued: 3 });
    service.subscribe('c1', ON);
    for (let index = 0; index < 5; index += 1) sip('out', INVITE);
    expect(batches).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(batches).toHaveLength(1);
    expect(batches[0]?.entries).toHaveLength(3);
    expect(batches[0]?.skipped).toBe(2);
    expect(batches[0]?.entries[0]?.sessionId).toBe('session-1');
  });

  it('keeps the newest entries in a bounded ring and exports them redacted', () => {
    const { service, sip } = setup({ capacity: 2 });
    service.subscribe('c1', ON);
    sip('out', REGISTER);
    sip('out', INVITE);
    sip('out', INVITE);
    const snapshot = service.snapshot();
    expect(snapshot.entries.map((entry) => entry.id)).toEqual([2, 3]);
    expect(snapshot.dropped).toBe(1);
    service.clear();
    sip('out', REGISTER);
    const exported = service.export();
    expect(exported.fileName).toMatch(/^parley-console-.*\.txt$/);
    expect(exported.text).toContain('REGISTER sip:example.com');
    expect(exported.text).not.toContain('0123456789abcdef');
  });

  it('records notifications (not its own batches) and log records', () => {
    const { service, listeners, root } = setup();
    service.subscribe('c1', ON);
    for (const listener of listeners) {
      listener({ seq: 1, name: 'sessions.changed', payload: { id: 's1', accountId: 'a1', state: 'established' } } as unknown as EventEnvelope);
      listener({ seq: 2, name: 'console.entries', payload: { entries: [], skipped: 0 } });
    }
    root.info('Hello', { password: 'hunter2' });
    const entries = service.snapshot().entries;
    expect(entries.map((entry) => entry.kind)).toEqual(['notification', 'log']);
    expect(entries[0]).toMatchObject({ summary: 'sessions.changed established', sessionId: 's1', accountId: 'a1' });
    expect(entries[1]?.text).not.toContain('hunter2');
  });

  it('ends a subscription that is not renewed within its lease', () => {
    vi.useFakeTimers();
    const { service } = setup();
    service.subscribe('c1', ON);
    expect(service.active).toBe(true);
    vi.advanceTimersByTime(31_000);
    expect(service.active).toBe(false);
    service.dispose();
  });
});
