import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, WEB_SOCKET_MAX_FRAME_BYTES, type ClientFrame } from './web-socket-protocol';
import { UPLOAD_CHUNK_MAX_BYTES, type EventEnvelope } from './contract';
import { validateCommandArgs } from './command-schemas';


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

  it('carry a full upload chunk (1 MiB of every byte value) well under the host frame limit, valid on arrival', () => {
    const bytes = new Uint8Array(UPLOAD_CHUNK_MAX_BYTES);
    // Not compressible or regular (a seeded LCG), and every byte value present, 0x00 and 0xff included.
    let state = 12345;
    for (let index = 0; index < bytes.length; index += 1) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      bytes[index] = index < 256 ? index : state >>> 24;
    }
    const text = encodeFrame({ type: 'invoke', id: 9, name: 'transfers.uploadChunk', args: ['5b7e8a52-4a59-4f1e-9d43-0c6a0f2b9e13', 0, bytes] });
    // base64: 4 characters per 3 bytes, ASCII, so the frame's UTF-8 length is its string length.
    expect(text.length).toBeLessThan(UPLOAD_CHUNK_MAX_BYTES * 1.34 + 200);
    expect(text.length).toBeLessThan(WEB_SOCKET_MAX_FRAME_BYTES);
    const decoded = decodeFrame(text) as ClientFrame;
    const received = decoded.args[2] as Uint8Array;
    expect(received).toBeInstanceOf(Uint8Array);
    expect(received.length).toBe(bytes.length);
    expect(received.every((value, index) => value === bytes[index])).toBe(true);
    expect(validateCommandArgs('transfers.uploadChunk', decoded.args).ok).toBe(true);
  });

  it('leave other values as JSON has them', () => {
    expect(decodeFrame(encodeFrame({ type: 'invoke', id: 1, name: 'x', args: ['a', 2, null, { b: [true] }] }))).toEqual({ type: 'invoke', id: 1, name: 'x', args: ['a', 2, null, { b: [true] }] });
  });
});
