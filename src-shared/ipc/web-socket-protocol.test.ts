import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from './web-socket-protocol';
import type { EventEnvelope } from './contract';

/** Shaped like Node's Buffer: a Uint8Array whose toJSON runs before JSON.stringify's replacer sees it. */
class BufferLike extends Uint8Array {
  toJSON(): unknown {
    return { type: 'Buffer', data: [...this] };
  }
}

describe('web socket frames', () => {
  it('carry bytes as bytes, also from an array with its own toJSON (a Node Buffer)', () => {
    const event = { seq: 3, name: 'desktop.viewerData', payload: { streamId: 's', bytes: BufferLike.from([82, 70, 66, 0, 255]) } } as unknown as EventEnvelope;
    const text = encodeFrame({ type: 'event', event });
    expect(text).toContain('"$bytes":"UkZCAP8="');
    const decoded = decodeFrame(text) as { event: { payload: { bytes: Uint8Array } } };
    expect(decoded.event.payload.bytes).toBeInstanceOf(Uint8Array);
    expect([...decoded.event.payload.bytes]).toEqual([82, 70, 66, 0, 255]);
  });

  it('leave other values as JSON has them', () => {
    expect(decodeFrame(encodeFrame({ type: 'invoke', id: 1, name: 'x', args: ['a', 2, null, { b: [true] }] }))).toEqual({ type: 'invoke', id: 1, name: 'x', args: ['a', 2, null, { b: [true] }] });
  });
});
