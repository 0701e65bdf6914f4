import { describe, expect, it } from 'vitest';
import { MsrpChunk } from '../protocol/msrp-chunk';
import { MsrpTracer, type MsrpTraceEvent } from './msrp-tracer';

function chunk(): MsrpChunk {
  return new MsrpChunk({ transactionId: 'abcd1234', method: 'SEND', headers: [['Message-ID', 'm1']], body: 'hi' });
}

describe('MsrpTracer', () => {
  it('is off and silent without subscribers', () => {
    const tracer = new MsrpTracer();
    expect(tracer.enabled).toBe(false);
    // Nothing to observe but that it does not throw and stays off.
    tracer.receivedNewChunk('c', chunk());
    tracer.info('c', 'x');
    expect(tracer.enabled).toBe(false);
  });

  it('delivers typed events while subscribed and stops after dispose', () => {
    const tracer = new MsrpTracer();
    const events: MsrpTraceEvent[] = [];
    const subscription = tracer.subscribe((event) => events.push(event));
    expect(tracer.enabled).toBe(true);
    tracer.sentNewChunk('c1', chunk());
    tracer.sentChunkData('c1', 'abcd1234', Buffer.from('hi'));
    tracer.sentChunkEnd('c1', 'abcd1234', '$');
    tracer.warn('c1', 'careful', { n: 1 });
    subscription.dispose();
    tracer.fatal('c1', 'not seen');
    expect(tracer.enabled).toBe(false);
    expect(events.map((event) => event.kind)).toEqual(['new-chunk', 'chunk-data', 'chunk-end', 'log']);
    const head = events[0];
    expect(head?.kind === 'new-chunk' && head.firstLine).toBe('MSRP abcd1234 SEND');
    expect(head?.kind === 'new-chunk' && head.direction).toBe('out');
    const data = events[1];
    expect(data?.kind === 'chunk-data' && data.bytes).toBe(2);
    expect(data?.kind === 'chunk-data' && data.data).toBeUndefined();
    const log = events[3];
    expect(log?.kind === 'log' && log.level).toBe('warn');
  });

  it('hands body bytes only to subscribers that asked for them', () => {
    const tracer = new MsrpTracer();
    const plain: MsrpTraceEvent[] = [];
    const withData: MsrpTraceEvent[] = [];
    tracer.subscribe((event) => plain.push(event));
    tracer.subscribe((event) => withData.push(event), { includeData: true });
    tracer.receivedChunkData('c', 't1', Buffer.from('body'));
    const a = plain[0];
    const b = withData[0];
    expect(a?.kind === 'chunk-data' && a.data).toBeUndefined();
    expect(b?.kind === 'chunk-data' && b.data?.toString()).toBe('body');
  });

  it('survives a throwing subscriber', () => {
    const tracer = new MsrpTracer();
    const seen: string[] = [];
    tracer.subscribe(() => {
      throw new Error('boom');
    });
    tracer.subscribe((event) => seen.push(event.kind));
    expect(() => tracer.receivedChunkEnd('c', 't', '#')).not.toThrow();
    expect(seen).toEqual(['chunk-end']);
  });
});
