import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { encodeFrame, WEB_SOCKET_PATH } from '../../src-shared';
import { createNullLogger } from '../common';
import { createParleyCore } from '../services';
import { CLOSE_CODES } from './ipc-socket-server';
import { FakeIpcCore } from './test-support/fake-ipc-core';
import { FrameCollector, rawRequest, tryConnect, waitForClose } from './test-support/host-clients';
import { startWebSocketHost, type WebSocketHost } from './web-socket-host';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startHost(
  core = new FakeIpcCore(),
  options: { maxPayloadBytes?: number; maxBufferedBytes?: number } = {},
): Promise<{ host: WebSocketHost; core: FakeIpcCore; origin: string; socketUrl: string }> {
  const host = await startWebSocketHost({ core, ...options });
  cleanups.push(() => host.close());
  const origin = `http://127.0.0.1:${host.port}`;
  return { host, core, origin, socketUrl: `ws://127.0.0.1:${host.port}${WEB_SOCKET_PATH}?token=${host.token}` };
}

async function openClient(socketUrl: string, origin: string): Promise<WebSocket> {
  const outcome = await tryConnect(socketUrl, origin);
  if (outcome.kind !== 'open') throw new Error(`refused with ${outcome.status}`);
  cleanups.push(() => outcome.socket.terminate());
  return outcome.socket;
}

describe('startWebSocketHost: address and access', () => {
  it('listens on 127.0.0.1 only and puts the token in the page URL fragment', async () => {
    const { host } = await startHost();
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const ipv6Loopback = await new Promise<string>((resolve) => {
      const socket = connect({ host: '::1', port: host.port });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(ipv6Loopback).not.toBe('connected');
  });

  it('gives every run a different token', async () => {
    const first = await startHost();
    const second = await startHost();
    expect(first.host.token).not.toBe(second.host.token);
  });

  it('refuses a missing or wrong token with 401, a foreign or missing Origin with 403', async () => {
    const { host, origin, socketUrl } = await startHost();
    const base = `ws://127.0.0.1:${host.port}${WEB_SOCKET_PATH}`;
    expect(await tryConnect(base, origin)).toEqual({ kind: 'refused', status: 401 });
    expect(await tryConnect(`${base}?token=${host.token}x`, origin)).toEqual({ kind: 'refused', status: 401 });
    expect(await tryConnect(`${base}?token=`, origin)).toEqual({ kind: 'refused', status: 401 });
    expect(await tryConnect(socketUrl, 'http://evil.example')).toEqual({ kind: 'refused', status: 403 });
    expect(await tryConnect(socketUrl, `http://localhost:${host.port}`)).toEqual({ kind: 'refused', status: 403 });
    expect(await tryConnect(socketUrl, undefined)).toEqual({ kind: 'refused', status: 403 });
    const accepted = await tryConnect(socketUrl, origin);
    expect(accepted.kind).toBe('open');
    if (accepted.kind === 'open') accepted.socket.terminate();
  });

  it('answers upgrades on other paths with 404', async () => {
    const { host, origin } = await startHost();
    expect(await tryConnect(`ws://127.0.0.1:${host.port}/other?token=${host.token}`, origin)).toEqual({
      kind: 'refused',
      status: 404,
    });
  });

  it('refuses page requests for a foreign Host header (DNS rebinding)', async () => {
    const { host } = await startHost();
    const response = await rawRequest(host.port, '/', { headers: { Host: `attacker.example:${host.port}` } });
    expect(response.status).toBe(421);
  });
});

describe('startWebSocketHost: frames', () => {
  it('carries an invoke to the core and the result back under the same id, bytes included', async () => {
    const { core, origin, socketUrl } = await startHost();
    const client = await openClient(socketUrl, origin);
    const frames = new FrameCollector(client);
    client.send(encodeFrame({ type: 'invoke', id: 7, name: 'test.echo', args: ['a', new Uint8Array([0, 255, 1])] }));
    client.send(encodeFrame({ type: 'invoke', id: 8, name: 'no.such', args: [] }));
    await frames.waitFor(() => frames.result(7) !== undefined && frames.result(8) !== undefined);
    expect(frames.result(7)).toEqual({ type: 'result', id: 7, result: { ok: true, value: ['a', new Uint8Array([0, 255, 1])] } });
    expect(frames.result(8)).toMatchObject({ result: { ok: false, error: { code: 'unknown-command' } } });
    expect(core.calls[0]).toEqual({ name: 'test.echo', args: ['a', new Uint8Array([0, 255, 1])] });
  });

  it('answers an internal error when the core rejects against its promise', async () => {
    const { origin, socketUrl } = await startHost();
    const client = await openClient(socketUrl, origin);
    const frames = new FrameCollector(client);
    client.send(encodeFrame({ type: 'invoke', id: 1, name: 'test.reject', args: [] }));
    await frames.waitFor(() => frames.result(1) !== undefined);
    expect(frames.result(1)).toMatchObject({ result: { ok: false, error: { code: 'internal' } } });
  });

  it('sends core events to every client in seq order', async () => {
    const { core, origin, socketUrl } = await startHost();
    const clients = [await openClient(socketUrl, origin), await openClient(socketUrl, origin)];
    const collectors = clients.map((client) => new FrameCollector(client));
    for (let index = 0; index < 20; index += 1) {
      core.emit('app.storageProblem', { file: 'accounts', message: `problem ${index}` });
    }
    for (const collector of collectors) {
      await collector.waitFor((frames) => frames.length === 20);
      const seqs = collector.frames.map((frame) => (frame.type === 'event' ? frame.event.seq : -1));
      expect(seqs).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
      expect(collector.frames[3]).toEqual({
        type: 'event',
        event: { seq: 4, name: 'app.storageProblem', payload: { file: 'accounts', message: 'problem 3' } },
      });
    }
  });

  it('answers wrong shapes that carry an id with invalid-argument and keeps the socket open', async () => {
    const { origin, socketUrl } = await startHost();
    const client = await openClient(socketUrl, origin);
    const frames = new FrameCollector(client);
    client.send(JSON.stringify({ type: 'subscribe', id: 1 }));
    client.send(JSON.stringify({ type: 'invoke', id: 2, name: 42, args: [] }));
    client.send(JSON.stringify({ type: 'invoke', id: 3, name: 'test.echo', args: 'not-an-array' }));
    client.send(JSON.stringify({ type: 'invoke', id: 4, name: 'test.echo' }));
    await frames.waitFor((all) => all.length === 4);
    for (const id of [1, 2, 3, 4]) {
      expect(frames.result(id)).toMatchObject({ type: 'result', id, result: { ok: false, error: { code: 'invalid-argument' } } });
    }
    expect(client.readyState).toBe(WebSocket.OPEN);
  });

  it.each([
    ['not JSON', 'garbage {'],
    ['a JSON array', '[1,2,3]'],
    ['JSON null', 'null'],
    ['a negative id', '{"type":"invoke","id":-1,"name":"x","args":[]}'],
    ['a fractional id', '{"type":"invoke","id":1.5,"name":"x","args":[]}'],
    ['no id', '{"type":"invoke","name":"x","args":[]}'],
  ])('closes with 1008 on a frame without a readable id: %s', async (_label, text) => {
    const { origin, socketUrl } = await startHost();
    const client = await openClient(socketUrl, origin);
    const closed = waitForClose(client);
    client.send(text);
    expect((await closed).code).toBe(CLOSE_CODES.policyViolation);
  });

  it('closes with 1003 on a binary frame and 1009 on an oversize frame, and keeps serving others', async () => {
    const { origin, socketUrl } = await startHost(new FakeIpcCore(), { maxPayloadBytes: 1024 });
    const binary = await openClient(socketUrl, origin);
    const binaryClosed = waitForClose(binary);
    binary.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await binaryClosed).code).toBe(CLOSE_CODES.unsupportedData);

    const big = await openClient(socketUrl, origin);
    const bigClosed = waitForClose(big);
    big.send(encodeFrame({ type: 'invoke', id: 1, name: 'test.echo', args: ['x'.repeat(4096)] }));
    expect((await bigClosed).code).toBe(CLOSE_CODES.messageTooBig);

    const healthy = await openClient(socketUrl, origin);
    const frames = new FrameCollector(healthy);
    healthy.send(encodeFrame({ type: 'invoke', id: 5, name: 'test.echo', args: [] }));
    await frames.waitFor(() => frames.result(5) !== undefined);
    expect(frames.result(5)).toMatchObject({ result: { ok: true } });
  });

  it('drops a client that stops reading instead of buffering without bound', async () => {
    const { core, origin, socketUrl } = await startHost(new FakeIpcCore(), { maxBufferedBytes: 256 * 1024 });
    const stalled = await openClient(socketUrl, origin);
    const reader = await openClient(socketUrl, origin);
    const frames = new FrameCollector(reader);
    stalled.pause();
    const closed = waitForClose(stalled);
    const message = 'y'.repeat(64 * 1024);
    // Far more than the socket buffers on both ends plus the limit can hold. One event at a time, so the
    // reading client always catches up and only the stalled one's backlog grows.
    for (let index = 1; index <= 400; index += 1) {
      core.emit('app.storageProblem', { file: 'secrets', message });
      await frames.waitFor((all) => all.length === index);
    }
    stalled.resume();
    expect((await closed).code).toBe(1006);
    expect(frames.frames.at(-1)).toMatchObject({ event: { seq: 400 } });
    expect(reader.readyState).toBe(WebSocket.OPEN);
  });
});

describe('startWebSocketHost: close', () => {
  it('closes clients with 1001, unsubscribes from the core and stops listening', async () => {
    const { host, core, origin, socketUrl } = await startHost();
    const client = await openClient(socketUrl, origin);
    expect(core.subscriberCount).toBe(1);
    const closed = waitForClose(client);
    await host.close();
    expect((await closed).code).toBe(CLOSE_CODES.goingAway);
    expect(core.subscriberCount).toBe(0);
    await expect(rawRequest(host.port, '/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await host.close();
  });
});

describe('startWebSocketHost with the real core', () => {
  it('round-trips commands to a core on a temporary profile and delivers its events in seq order', async () => {
    const profileDir = mkdtempSync(join(tmpdir(), 'parley-host-'));
    const core = await createParleyCore({ profileDir, adapter: 'web', version: '0.0.0-test', logger: createNullLogger() });
    cleanups.push(async () => {
      await core.dispose();
      rmSync(profileDir, { recursive: true, force: true });
    });
    const host = await startWebSocketHost({ core: core.ipc });
    cleanups.push(() => host.close());
    const origin = `http://127.0.0.1:${host.port}`;
    const client = await openClient(`ws://127.0.0.1:${host.port}${WEB_SOCKET_PATH}?token=${host.token}`, origin);
    const frames = new FrameCollector(client);

    client.send(encodeFrame({ type: 'invoke', id: 1, name: 'app.getSnapshot', args: [] }));
    await frames.waitFor(() => frames.result(1) !== undefined);
    expect(frames.result(1)).toMatchObject({ result: { ok: true, value: { app: { adapter: 'web', version: '0.0.0-test' } } } });

    client.send(encodeFrame({ type: 'invoke', id: 2, name: 'accounts.renameLan', args: ['Alice on the LAN'] }));
    client.send(encodeFrame({ type: 'invoke', id: 3, name: 'accounts.renameLan', args: ['Alice again'] }));
    client.send(encodeFrame({ type: 'invoke', id: 4, name: 'accounts.renameLan', args: [42] }));
    await frames.waitFor(() => [2, 3, 4].every((id) => frames.result(id) !== undefined));
    expect(frames.result(2)).toMatchObject({ result: { ok: true, value: { kind: 'lan', displayName: 'Alice on the LAN' } } });
    expect(frames.result(4)).toMatchObject({ result: { ok: false, error: { code: 'invalid-argument' } } });

    await frames.waitFor((all) => all.filter((frame) => frame.type === 'event').length >= 2);
    const seqs = frames.frames.flatMap((frame) => (frame.type === 'event' ? [frame.event.seq] : []));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const last = frames.frames.filter((frame) => frame.type === 'event').at(-1);
    expect(last).toMatchObject({ event: { name: 'accounts.changed' } });
  });
});
