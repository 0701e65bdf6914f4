import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePacket, normalizeRecord } from './mdns-transport';

describe('mDNS packet normalization (bad input never throws)', () => {
  it('keeps the records DNS-SD needs and drops the rest', () => {
    const packet = normalizePacket({
      type: 'response',
      questions: [{ name: 'a.local', type: 'A' }, { name: 'x', type: 'MX' }, null],
      answers: [
        { name: '_sip._tcp.local', type: 'PTR', class: 'IN', ttl: 4500, data: 'A._sip._tcp.local' },
        { name: 'A._sip._tcp.local', type: 'SRV', class: 'IN', ttl: 120, flush: true, data: { target: 'h.local', port: 5060 } },
        { name: 'A._sip._tcp.local', type: 'TXT', class: 'IN', ttl: 4500, data: [Buffer.from('txtvers=1'), 'k=v'] },
        { name: 'h.local', type: 'MX', class: 'IN', ttl: 1, data: {} },
      ],
      additionals: [{ name: 'h.local', type: 'A', class: 'IN', ttl: 120, flush: true, data: '192.0.2.1' }],
    });
    expect(packet?.questions).toEqual([{ name: 'a.local', type: 'A' }]);
    expect(packet?.records.map((record) => record.type)).toEqual(['PTR', 'SRV', 'TXT', 'A']);
    expect(packet?.records[1]).toMatchObject({ flush: true, data: { target: 'h.local', port: 5060, priority: 0, weight: 0 } });
    expect(packet?.records[2]?.data).toEqual([Buffer.from('txtvers=1'), Buffer.from('k=v')]);
  });

  it.each([
    { name: 'x', type: 'SRV', ttl: 1, data: { target: 'h', port: 0 } },
    { name: 'x', type: 'SRV', ttl: 1, data: 'nope' },
    { name: 'x', type: 'A', ttl: -1, data: '192.0.2.1' },
    { name: 'x', type: 'A', ttl: 1.5, data: '192.0.2.1' },
    { name: 'x', type: 'A', class: 'CH', ttl: 1, data: '192.0.2.1' },
    { name: 7, type: 'PTR', ttl: 1, data: 'y' },
    { name: 'x', type: 'PTR', ttl: 1, data: 42 },
  ])('drops malformed record %o', (raw) => {
    expect(normalizeRecord(raw)).toBeUndefined();
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        normalizePacket(raw);
        normalizePacket({ type: 'response', answers: [raw], additionals: raw, questions: [raw] });
        normalizeRecord(raw);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects a packet that is neither query nor response', () => {
    expect(normalizePacket({ type: 'update' })).toBeUndefined();
    expect(normalizePacket('x')).toBeUndefined();
  });
});
