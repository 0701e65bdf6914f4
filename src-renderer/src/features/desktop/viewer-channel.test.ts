import { describe, expect, it } from 'vitest';
import { DESKTOP_VIEWER_MAX_BYTES, type StreamId } from '../../../../src-shared';
import { clientFailure, type ClientResult } from '../../bridge/client-result';
import type { DesktopViewerLink, DesktopViewerListener } from '../../bridge/desktop-viewer-link';
import { flushPromises } from '../../test-support/fake-adapter';
import { CHANNEL_CLOSED, CHANNEL_CONNECTING, CHANNEL_OPEN, ViewerChannel, type ChannelCloseEvent } from './viewer-channel';

const STREAM = 'str-9' as StreamId;
const OK: ClientResult<null> = { ok: true, value: null };

/** A bridge link the test steers: the open result waits for the test, every command is recorded. */
class FakeLink implements DesktopViewerLink {
  readonly calls: [string, ...unknown[]][] = [];
  listener: DesktopViewerListener | undefined;
  unlistened = false;
  sendResult: ClientResult<null> = OK;
  #openResolve: ((result: ClientResult<null>) => void) | undefined;

  open(streamId: StreamId): Promise<ClientResult<null>> {
    this.calls.push(['open', streamId]);
    return new Promise((resolve) => (this.#openResolve = resolve));
  }
  send(streamId: StreamId, bytes: Uint8Array): Promise<ClientResult<null>> {
    this.calls.push(['send', streamId, [...bytes]]);
    return Promise.resolve(this.sendResult);
  }
  ack(streamId: StreamId, bytes: number): Promise<ClientResult<null>> {
    this.calls.push(['ack', streamId, bytes]);
    return Promise.resolve(OK);
  }
  close(streamId: StreamId): Promise<ClientResult<null>> {
    this.calls.push(['close', streamId]);
    return Promise.resolve(OK);
  }
  listen(streamId: StreamId, listener: DesktopViewerListener): () => void {
    this.calls.push(['listen', streamId]);
    this.listener = listener;
    return () => (this.unlistened = true);
  }
  async answerOpen(result: ClientResult<null> = OK): Promise<void> {
    this.#openResolve?.(result);
    await flushPromises();
  }
  named(name: string): unknown[][] {
    return this.calls.filter(([call]) => call === name).map(([, ...args]) => args);
  }
}

function record(channel: ViewerChannel) {
  const seen: { messages: number[][]; opened: number; closed: ChannelCloseEvent[]; errors: string[] } = { messages: [], opened: 0, closed: [], errors: [] };
  channel.onopen = () => (seen.opened += 1);
  channel.onmessage = (event) => seen.messages.push([...new Uint8Array(event.data)]);
  channel.onclose = (event) => seen.closed.push(event);
  channel.onerror = (event) => seen.errors.push(event.message);
  return seen;
}

describe('ViewerChannel', () => {
  it('has what noVNC’s Websock.attach looks for', () => {
    const channel = new ViewerChannel(new FakeLink(), STREAM);
    const names = [...Object.keys(channel), ...Object.getOwnPropertyNames(Object.getPrototypeOf(channel))];
    for (const prop of ['send', 'close', 'binaryType', 'onerror', 'onmessage', 'onopen', 'protocol', 'readyState']) expect(names).toContain(prop);
    expect(channel.binaryType).toBe('arraybuffer');
    expect(channel.readyState).toBe(CHANNEL_CONNECTING);
  });

  it('listens before it opens, holds early bytes until open, then delivers them in order as ArrayBuffers', async () => {
    const link = new FakeLink();
    const channel = new ViewerChannel(link, STREAM);
    const seen = record(channel);
    expect(link.calls.map(([name]) => name)).toEqual(['listen', 'open']);
    link.listener?.data(new Uint8Array([82, 70, 66]));
    expect(seen.messages).toEqual([]);
    await link.answerOpen();
    link.listener?.data(new Uint8Array([32, 48]));
    expect(channel.readyState).toBe(CHANNEL_OPEN);
    expect(seen.opened).toBe(1);
    expect(seen.messages).toEqual([[82, 70, 66], [32, 48]]);
    expect(channel.receivedBytes).toBe(5);
  });

  it('acknowledges consumed bytes, batched per task, and at once past 64 KiB', async () => {
    const link = new FakeLink();
    const channel = new ViewerChannel(link, STREAM);
    record(channel);
    await link.answerOpen();
    link.listener?.data(new Uint8Array(10));
    link.listener?.data(new Uint8Array(20));
    expect(link.named('ack')).toEqual([]);
    await flushPromises();
    expect(link.named('ack')).toEqual([[STREAM, 30]]);
    link.listener?.data(new Uint8Array(64 * 1024));
    expect(link.named('ack')).toEqual([[STREAM, 30], [STREAM, 64 * 1024]]);
  });

  it('delivers a view into a larger buffer as exactly its own bytes', async () => {
    const link = new FakeLink();
    const channel = new ViewerChannel(link, STREAM);
    const seen = record(channel);
    await link.answerOpen();
    link.listener?.data(new Uint8Array([1, 2, 3, 4, 5]).subarray(1, 3));
    expect(seen.messages).toEqual([[2, 3]]);
  });

  it('sends copies, split at the command limit, and nothing before open', async () => {
    const link = new FakeLink();
    const channel = new ViewerChannel(link, STREAM);
    channel.send(new Uint8Array([9]));
    expect(link.named('send')).toEqual([]);
    await link.answerOpen();
    const buffer = new Uint8Array(DESKTOP_VIEWER_MAX_BYTES + 3).fill(7);
    channel.send(buffer);
    buffer.fill(0);
    const sent = link.named('send') as [StreamId, number[]][];
    expect(sent.map(([, bytes]) => bytes.length)).toEqual([DESKTOP_VIEWER_MAX_BYTES, 3]);
    expect(sent.every(([, bytes]) => bytes.every((byte) => byte === 7))).toBe(true);
    channel.send(new Uint8Array([1, 2, 3, 4]).buffer);
    expect(link.named('send').at(-1)).toEqual([STREAM, [1, 2, 3, 4]]);
  });

  it('close() asks main to close and reports a clean close afterwards, once', async () => {
    const link = new FakeLink();
    const channel = new ViewerChannel(link, STREAM);
    const seen = record(channel);
    await link.answerOpen();
    channel.close();
    expect(link.named('close')).toEqual([[STREAM]]);
    expect(seen.closed).toEqual([]);
    await flushPromises();
    channel.close();
    expect(seen.closed).toEqual([{ code: 1000, reason: 'Closed by the viewer', wasClean: true }]);
    expect(channel.readyState).toBe(CHANNEL_CLOSED);
    expect(link.unlistened).toBe(true);
    expect(link.named('close')).toHaveLength(1);
  });

  it('maps the stream’s end and failure, and a lost core connection, to close events', async () => {
    for (const [reason, code] of [['ended', 1000], ['failed', 1006], ['disconnected', 1006]] as const) {
      const link = new FakeLink();
      const channel = new ViewerChannel(link, STREAM);
      const seen = record(channel);
      await link.answerOpen();
      link.listener?.closed(reason);
      expect(seen.closed.map((event) => event.code)).toEqual([code]);
      link.listener?.data(new Uint8Array([1]));
      expect(seen.messages).toEqual([]);
    }
  });

  it('a refused open is an error, then a close that was not clean', async () => {
    const link = new FakeLink();
    const channel = new ViewerChannel(link, STREAM);
    const seen = record(channel);
    await link.answerOpen(clientFailure('not-found', 'That desktop-sharing stream does not exist (any more).'));
    expect(seen.opened).toBe(0);
    expect(seen.errors).toEqual(['That desktop-sharing stream does not exist (any more).']);
    expect(seen.closed).toEqual([{ code: 1006, reason: 'That desktop-sharing stream does not exist (any more).', wasClean: false }]);
  });

  it('a refused send fails the channel: RFB cannot skip bytes', async () => {
    const link = new FakeLink();
    const channel = new ViewerChannel(link, STREAM);
    const seen = record(channel);
    await link.answerOpen();
    link.sendResult = clientFailure('disconnected', 'gone');
    channel.send(new Uint8Array([3]));
    await flushPromises();
    expect(seen.errors).toEqual(['gone']);
    expect(channel.readyState).toBe(CHANNEL_CLOSED);
  });
});
