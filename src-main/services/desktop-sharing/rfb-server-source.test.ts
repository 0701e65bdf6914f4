import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultRfbServerSource, openSharedDesktop } from './rfb-server-source';
import { vncAuthResponse } from './vnc-auth';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe('RFB server sources', () => {
  it('defaults to x11vnc on $DISPLAY on Linux only', () => {
    expect(defaultRfbServerSource({ DISPLAY: ':7', XAUTHORITY: '/x/auth' }, 'linux')).toEqual({ kind: 'x11vnc', display: ':7', xauthority: '/x/auth' });
    expect(defaultRfbServerSource({ DISPLAY: ':7' }, 'linux')).toEqual({ kind: 'x11vnc', display: ':7' });
    expect(defaultRfbServerSource({}, 'linux')).toBeUndefined();
    expect(defaultRfbServerSource({ DISPLAY: ' ' }, 'linux')).toBeUndefined();
    expect(defaultRfbServerSource({ DISPLAY: ':0' }, 'darwin')).toBeUndefined();
  });

  it('reports a missing x11vnc with a stable reason', async () => {
    await expect(openSharedDesktop({ kind: 'x11vnc', display: ':99', executable: 'parley-no-such-x11vnc' })).rejects.toMatchObject({
      code: 'unavailable',
      reason: 'x11vnc-missing',
    });
  });

  it('logs in to a configured VNC server with its password and offers the viewer security None', async () => {
    const challenge = Buffer.alloc(16, 7);
    let answered: Buffer | undefined;
    const server = createServer((socket) => {
      socket.write('RFB 003.008\n');
      let stage = 0;
      let buffered = Buffer.alloc(0);
      socket.on('data', (data: Buffer) => {
        buffered = Buffer.concat([buffered, data]);
        if (stage === 0 && buffered.length >= 12) {
          buffered = buffered.subarray(12);
          socket.write(Buffer.from([1, 2]));
          stage = 1;
        }
        if (stage === 1 && buffered.length >= 1) {
          buffered = buffered.subarray(1);
          socket.write(challenge);
          stage = 2;
        }
        if (stage === 2 && buffered.length >= 16) {
          answered = buffered.subarray(0, 16);
          buffered = buffered.subarray(16);
          socket.write(Buffer.from([0, 0, 0, 0]));
          stage = 3;
        }
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    const desktop = await openSharedDesktop({ kind: 'endpoint', host: '127.0.0.1', port: address.port, password: 'secret12' });
    expect(desktop.pid).toBeUndefined();
    expect(answered).toEqual(vncAuthResponse(challenge, 'secret12'));
    // The remote viewer now gets a fresh greeting from the facade.
    const greeting = await new Promise<Buffer>((resolve) => desktop.local.once('data', resolve));
    expect(greeting.subarray(0, 12).toString('latin1')).toMatch(/^RFB 003\.00\d\n$/);
    await desktop.stop();
    expect(desktop.local.destroyed).toBe(true);
  });
});
