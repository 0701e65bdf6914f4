import { spawnSync } from 'node:child_process';
import { X11VncServer, type X11VncOptions } from '../../src-main/services/desktop-sharing';

/**
 * x11vnc for the desktop-sharing tests: the product's own launcher (`X11VncServer`: -localhost, -once,
 * one-time password), so the tests exercise exactly what users run. Only on displays the tests started.
 */
export function startX11Vnc(display: string, options: Omit<X11VncOptions, 'display'> = {}): Promise<X11VncServer> {
  return X11VncServer.start({ viewerTimeoutSeconds: 30, ...options, display });
}

/**
 * Throws with the reason when Xvfb or x11vnc is missing, so a machine without them fails the desktop
 * tests loudly instead of skipping them (CI installs the Debian packages xvfb and x11vnc).
 */
export function requireDesktopPeers(): void {
  const missing = [
    ['Xvfb', 'xvfb'],
    ['x11vnc', 'x11vnc'],
  ].filter(([binary]) => spawnSync('sh', ['-c', `command -v ${binary}`]).status !== 0);
  if (missing.length > 0) {
    throw new Error(`desktop-sharing tests need ${missing.map(([binary, pkg]) => `${binary} (Debian package ${pkg})`).join(' and ')}: install them`);
  }
}
