import { describe, expect, it } from 'vitest';
import type { StreamId } from '../../../src-shared';
import { FakeAdapter } from '../test-support/fake-adapter';
import { createBridge } from './bridge';

const STREAM = 'str-1' as StreamId;

describe('desktop viewer link', () => {
  it('hands a stream its bytes even while a snapshot is pending, and nothing of other streams', async () => {
    const adapter = new FakeAdapter();
    const bridge = createBridge(adapter);
    const received: number[][] = [];
    const closed: string[] = [];
    bridge.desktop.listen(STREAM, { data: (bytes) => received.push([...bytes]), closed: (reason) => closed.push(reason) });
    // No snapshot answered yet: mirror events wait in the sequencer, viewer bytes must not.
    adapter.emit({ seq: 5, name: 'desktop.viewerData', payload: { streamId: STREAM, bytes: new Uint8Array([1, 2]) } });
    adapter.emit({ seq: 6, name: 'desktop.viewerData', payload: { streamId: 'other' as StreamId, bytes: new Uint8Array([9]) } });
    adapter.emit({ seq: 7, name: 'desktop.viewerClosed', payload: { streamId: STREAM, reason: 'failed' } });
    adapter.emit({ seq: 8, name: 'desktop.viewerData', payload: { streamId: STREAM, bytes: new Uint8Array([3]) } });
    expect(received).toEqual([[1, 2]]);
    expect(closed).toEqual(['failed']);
  });

  it('closes the viewer when the channel to main is lost, and stops listening', () => {
    const adapter = new FakeAdapter();
    const bridge = createBridge(adapter);
    const before = adapter.listenerCount;
    const closed: string[] = [];
    bridge.desktop.listen(STREAM, { data: () => undefined, closed: (reason) => closed.push(reason) });
    expect(adapter.listenerCount).toBe(before + 2);
    adapter.setConnection('disconnected');
    expect(closed).toEqual(['disconnected']);
    expect(adapter.listenerCount).toBe(before);
  });

  it('sends the viewer commands with the stream id', async () => {
    const adapter = new FakeAdapter();
    const bridge = createBridge(adapter);
    await bridge.desktop.open(STREAM);
    await bridge.desktop.send(STREAM, new Uint8Array([4]));
    await bridge.desktop.ack(STREAM, 100);
    await bridge.desktop.close(STREAM);
    expect(adapter.calls.filter((call) => call.name.startsWith('desktop.'))).toEqual([
      { name: 'desktop.viewerOpen', args: [STREAM] },
      { name: 'desktop.viewerSend', args: [{ streamId: STREAM, bytes: new Uint8Array([4]) }] },
      { name: 'desktop.viewerAck', args: [STREAM, 100] },
      { name: 'desktop.viewerClose', args: [STREAM] },
    ]);
  });
});
