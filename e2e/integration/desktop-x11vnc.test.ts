import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRfbServer, DesktopSharingError, X11VncServer } from '../../src-main/services/desktop-sharing';
import { requireDesktopPeers, startX11Vnc } from '../peers/x11vnc';
import { startXvfb, type XvfbDisplay } from '../peers/xvfb';

let xvfb: XvfbDisplay;

beforeAll(async () => {
  requireDesktopPeers();
  xvfb = await startXvfb({ width: 200, height: 100 });
});

afterAll(async () => {
  await xvfb?.stop();
});

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** x11vnc's arguments as the kernel shows them to every local user (`ps`). */
function commandLine(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((arg) => arg !== '');
}

describe('X11VncServer against a real x11vnc', () => {
  it('listens on 127.0.0.1 only, with a one-time password whose file is already gone, and stops by PID', async () => {
    const server = await startX11Vnc(xvfb.display);
    try {
      expect(server.endpoint.host).toBe('127.0.0.1');
      expect(server.endpoint.password).toMatch(/^[A-Za-z2-9]{8}$/);
      expect(server.pid).toBeGreaterThan(0);
      const args = commandLine(server.pid);
      expect(args).toEqual(expect.arrayContaining(['-localhost', '-once', '-nevershared', '-norc', '-noremote']));
      expect(args).not.toContain('-nopw');
      expect(args.join(' ')).not.toContain(server.endpoint.password);
      const passwordFile = args[args.indexOf('-passwdfile') + 1] ?? '';
      expect(passwordFile).toMatch(/^rm:/);
      expect(existsSync(passwordFile.slice(3))).toBe(false);
      expect(await connects('::1', server.endpoint.port)).toBe(false);
      // RFC 6143 §7.1.1 / §7.1.2: version, then VNC Authentication (2) as the only security type.
      const socket = await connectRfbServer(server.endpoint);
      const greeting = await new Promise<Buffer>((resolve) => {
        let data = Buffer.alloc(0);
        socket.on('data', (chunk: Buffer) => {
          data = Buffer.concat([data, chunk]);
          if (data.length >= 12) {
            socket.write('RFB 003.008\n');
            if (data.length >= 14) resolve(data);
          }
        });
      });
      expect(greeting.subarray(0, 12).toString('latin1')).toBe('RFB 003.008\n');
      expect([...greeting.subarray(12, 14)]).toEqual([1, 2]);
      socket.destroy();
    } finally {
      const exit = await server.stop();
      expect(exit.code !== null || exit.signal !== null).toBe(true);
    }
    expect(server.running).toBe(false);
  });

  it('tells when the display cannot be opened', async () => {
    // Far above the numbers -displayfd hands out, so no parallel test's server is there.
    const display = ':31999';
    expect(existsSync('/tmp/.X11-unix/X31999')).toBe(false);
    const error = await X11VncServer.start({ display }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DesktopSharingError);
    expect((error as DesktopSharingError).reason).toBe('display-unreachable');
    expect((error as Error).message).toContain(display);
  });

  it('tells when a configured VNC server cannot be reached', async () => {
    const server = await startX11Vnc(xvfb.display);
    const port = server.endpoint.port;
    await server.stop();
    const error = await connectRfbServer({ host: '127.0.0.1', port }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DesktopSharingError);
    expect((error as DesktopSharingError).reason).toBe('rfb-server-unreachable');
  });
});
