import { describe, expect, it } from 'vitest';
import { DesktopSharingError } from './desktop-sharing-error';
import { DesktopViewerChannel } from './desktop-viewer-channel';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function channel(options: { windowBytes?: number; maxDeliveryBytes?: number; maxPendingInputBytes?: number } = {}) {
  const delivered: Buffer[] = [];
  const viewer = new DesktopViewerChannel({ deliver: (bytes) => delivered.push(Buffer.from(bytes)), ...options });
  return { viewer, delivered };
}

describe('DesktopViewerChannel', () => {
  it('holds what the remote server sent until the viewer opens, then delivers it in order, coalesced', async () => {
    const { viewer, delivered } = channel();
    viewer.write(Buffer.from('RFB 003.008\n'));
    viewer.write(Buffer.from([1, 1]));
    await turn();
    expect(delivered).toEqual([]);
    expect(viewer.queuedBytes).toBe(14);
    viewer.open();
    await turn();
    expect(Buffer.concat(delivered).toString('latin1')).toBe('RFB 003.008\n\u0001\u0001');
    // Both writes arrived before the open: one delivery.
    expect(delivered).toHaveLength(1);
    expect(viewer.unacknowledgedBytes).toBe(14);
    viewer.ack(14);
    expect(viewer.unacknowledgedBytes).toBe(0);
    viewer.destroy();
  });

  it('splits deliveries at maxDeliveryBytes and stops at the credit window until acknowledged', async () => {
    const { viewer, delivered } = channel({ windowBytes: 10_000, maxDeliveryBytes: 4_096 });
    viewer.open();
    const data = Buffer.alloc(30_000);
    for (let i = 0; i < data.length; i++) data[i] = i % 251;
    // The bridge writes 2048-octet MSRP bodies; write() turns false when the window is full.
    const results: boolean[] = [];
    for (let offset = 0; offset < data.length; offset += 2048) results.push(viewer.write(data.subarray(offset, offset + 2048)));
    await turn();
    expect(results).toContain(false);
    expect(delivered.every((piece) => piece.length <= 4_096)).toBe(true);
    expect(viewer.deliveredBytes).toBe(10_000);
    expect(viewer.unacknowledgedBytes).toBe(10_000);
    // Credit comes back: the rest flows, with 'drain' for the writer that waited.
    let drained = false;
    viewer.on('drain', () => (drained = true));
    while (viewer.deliveredBytes < data.length) {
      viewer.ack(viewer.unacknowledgedBytes);
      await turn();
    }
    viewer.ack(viewer.unacknowledgedBytes);
    await turn();
    expect(drained).toBe(true);
    expect(Buffer.concat(delivered).equals(data)).toBe(true);
    viewer.destroy();
  });

  it('carries the viewer’s bytes to the readable side and refuses after the end or beyond its bound', async () => {
    const { viewer } = channel({ maxPendingInputBytes: 16 });
    const read: Buffer[] = [];
    viewer.pause();
    viewer.send(new Uint8Array([3, 0, 0, 0, 0, 0, 1, 64, 0, 240]));
    expect(() => viewer.send(new Uint8Array(10))).toThrow(expect.objectContaining({ reason: 'viewer-overrun', code: 'unavailable' }));
    viewer.on('data', (data: Buffer) => read.push(data));
    viewer.resume();
    await turn();
    expect(Buffer.concat(read)).toEqual(Buffer.from([3, 0, 0, 0, 0, 0, 1, 64, 0, 240]));
    viewer.destroy();
    expect(() => viewer.send(new Uint8Array([5]))).toThrow(DesktopSharingError);
    expect(() => viewer.open()).toThrow(expect.objectContaining({ reason: 'viewer-closed' }));
  });

  it('finishes only after delivering what the remote side sent before ending', async () => {
    const { viewer, delivered } = channel({ windowBytes: 4 });
    viewer.open();
    let finished = false;
    viewer.on('finish', () => (finished = true));
    viewer.end(Buffer.from('abcdefgh'));
    await turn();
    expect(finished).toBe(false);
    expect(Buffer.concat(delivered).toString()).toBe('abcd');
    viewer.ack(4);
    await turn();
    expect(Buffer.concat(delivered).toString()).toBe('abcdefgh');
    // Delivered but not yet acknowledged: the writer still waits for credit.
    expect(finished).toBe(false);
    viewer.ack(4);
    await turn();
    await turn();
    expect(finished).toBe(true);
    viewer.destroy();
  });
});
