import { describe, expect, it } from 'vitest';
import { DesktopSharingError } from './desktop-sharing-error';
import { freeLoopbackPort, X11VncServer } from './x11vnc-server';

describe('X11VncServer', () => {
  it('says to install x11vnc when the executable is missing', async () => {
    const error = await X11VncServer.start({ display: ':0', executable: 'x11vnc-not-installed-here' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DesktopSharingError);
    expect((error as DesktopSharingError).reason).toBe('x11vnc-missing');
    expect((error as DesktopSharingError).code).toBe('unavailable');
    expect((error as Error).message).toMatch(/install x11vnc/);
  });

  it('reports an executable that exits without listening, with its last output', async () => {
    // `false` stands in for an x11vnc that dies at once.
    const error = await X11VncServer.start({ display: ':0', executable: 'false' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DesktopSharingError);
    expect((error as DesktopSharingError).reason).toBe('rfb-server-failed');
  });

  it('picks loopback ports that can be listened on', async () => {
    const port = await freeLoopbackPort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65536);
  });
});
