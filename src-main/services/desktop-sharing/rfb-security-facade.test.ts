import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { DesktopSharingError } from './desktop-sharing-error';
import { openRfbServerForViewer } from './open-rfb-server';
import { vncAuthResponse } from './vnc-auth';

const PASSWORD = 'Secr3tPw';
const CHALLENGE = Buffer.from('0123456789abcdef', 'latin1');
const SERVER_INIT = Buffer.from('server-init-bytes');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A VNC server that speaks RFC 6143 3.8 with VNC Authentication only, then echoes after ClientInit. */
async function fakeVncServer(): Promise<{ port: number; clientInit: Promise<Buffer> }> {
  let resolveInit!: (data: Buffer) => void;
  const clientInit = new Promise<Buffer>((resolve) => (resolveInit = resolve));
  const server: Server = createServer((socket: Socket) => {
    let stage = 0;
    let buffer = Buffer.alloc(0);
    socket.write('RFB 003.008\n');
    socket.on('data', (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      if (stage === 0 && buffer.length >= 12) {
        buffer = buffer.subarray(12);
        socket.write(Buffer.from([1, 2]));
        stage = 1;
      }
      if (stage === 1 && buffer.length >= 1) {
        buffer = buffer.subarray(1);
        socket.write(CHALLENGE);
        stage = 2;
      }
      if (stage === 2 && buffer.length >= 16) {
        const ok = buffer.subarray(0, 16).equals(vncAuthResponse(CHALLENGE, PASSWORD));
        buffer = buffer.subarray(16);
        if (!ok) {
          socket.end(Buffer.concat([Buffer.from([0, 0, 0, 1, 0, 0, 0, 4]), Buffer.from('nope')]));
          return;
        }
        socket.write(Buffer.alloc(4));
        stage = 3;
      }
      if (stage === 3 && buffer.length >= 1) {
        resolveInit(buffer.subarray(0, 1));
        socket.write(SERVER_INIT);
        stage = 4;
        buffer = buffer.subarray(1);
      }
      if (stage === 4 && buffer.length > 0) {
        socket.write(buffer);
        buffer = Buffer.alloc(0);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => server.close());
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return { port: address.port, clientInit };
}

function reader(stream: Duplex): (length: number) => Promise<Buffer> {
  let buffer = Buffer.alloc(0);
  let wake: (() => void) | undefined;
  stream.on('data', (data: Buffer) => {
    buffer = Buffer.concat([buffer, data]);
    wake?.();
  });
  return async (length) => {
    while (buffer.length < length) await new Promise<void>((resolve) => (wake = resolve));
    const out = buffer.subarray(0, length);
    buffer = buffer.subarray(length);
    return out;
  };
}

describe('openRfbServerForViewer: the password stays on the sharing side', () => {
  it('logs in with VNC Authentication and offers a 3.8 viewer security None with a SecurityResult', async () => {
    const { port, clientInit } = await fakeVncServer();
    const facade = await openRfbServerForViewer({ host: '127.0.0.1', port, password: PASSWORD });
    cleanups.push(() => facade.destroy());
    const read = reader(facade);
    expect((await read(12)).toString('latin1')).toBe('RFB 003.008\n');
    facade.write('RFB 003.008\n');
    expect([...(await read(2))]).toEqual([1, 1]);
    facade.write(Buffer.from([1]));
    expect([...(await read(4))]).toEqual([0, 0, 0, 0]);
    expect(facade.open).toBe(true);
    facade.write(Buffer.from([0]));
    expect([...(await clientInit)]).toEqual([0]);
    expect((await read(SERVER_INIT.length)).equals(SERVER_INIT)).toBe(true);
    facade.write('after');
    expect((await read(5)).toString()).toBe('after');
  });

  it('answers a 3.7 viewer without a SecurityResult and a 3.3 viewer with the type as a U32', async () => {
    for (const [version, expected] of [
      ['RFB 003.007\n', [1, 1]],
      ['RFB 003.003\n', [0, 0, 0, 1]],
    ] as const) {
      const { port, clientInit } = await fakeVncServer();
      const facade = await openRfbServerForViewer({ host: '127.0.0.1', port, password: PASSWORD });
      cleanups.push(() => facade.destroy());
      const read = reader(facade);
      await read(12);
      facade.write(version);
      expect([...(await read(expected.length))]).toEqual(expected);
      // ClientInit follows directly (3.3), or after the chosen type (3.7), in the same write.
      facade.write(version === 'RFB 003.007\n' ? Buffer.from([1, 1]) : Buffer.from([1]));
      expect([...(await clientInit)]).toEqual([1]);
      expect((await read(SERVER_INIT.length)).equals(SERVER_INIT)).toBe(true);
    }
  });

  it('fails with rfb-protocol on a wrong password and with rfb-server-unreachable when nobody listens', async () => {
    const { port } = await fakeVncServer();
    const wrong = await openRfbServerForViewer({ host: '127.0.0.1', port, password: 'other' }).catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(DesktopSharingError);
    expect((wrong as DesktopSharingError).reason).toBe('rfb-protocol');
    expect((wrong as Error).message).toContain('nope');
    const none = await openRfbServerForViewer({ host: '127.0.0.1', port }).catch((error: unknown) => error);
    expect((none as DesktopSharingError).reason).toBe('rfb-protocol');
    expect((none as Error).message).toMatch(/no password configured/);
    const closedPort = port;
    cleanups.splice(0).forEach((cleanup) => cleanup());
    await new Promise((resolve) => setTimeout(resolve, 20));
    const unreachable = await openRfbServerForViewer({ host: '127.0.0.1', port: closedPort }).catch((error: unknown) => error);
    expect((unreachable as DesktopSharingError).reason).toBe('rfb-server-unreachable');
  });
});
