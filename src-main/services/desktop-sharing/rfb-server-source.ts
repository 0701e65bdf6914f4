import type { Duplex } from 'node:stream';
import type { Logger } from '../../common';
import { DesktopSharingError } from './desktop-sharing-error';
import { openRfbServerForViewer } from './open-rfb-server';
import type { RfbServerEndpoint } from './rfb-server-endpoint';
import { X11VncServer } from './x11vnc-server';

/**
 * How the sharing side reaches the screen it shares: x11vnc started for each sharing on an X display (with a
 * random one-time password, see X11VncServer), or a VNC server the user runs and configured (host, port,
 * password). Chosen once per core.
 */
export type RfbServerSource =
  | {
      readonly kind: 'x11vnc';
      /** The X display to share, e.g. `:0`. */
      readonly display: string;
      /** The peer sees the screen but cannot use keyboard or mouse (`-viewonly`). */
      readonly viewOnly?: boolean;
      readonly xauthority?: string;
      readonly executable?: string;
    }
  | {
      readonly kind: 'endpoint';
      readonly host: string;
      readonly port: number;
      readonly password?: string;
      /** Informational: a configured server enforces view-only itself, if at all. */
      readonly viewOnly?: boolean;
    };

/** One sharing in progress: the RFB byte stream for the bridge and how to stop the server behind it. */
export interface SharedDesktop {
  /** The RFB stream towards the VNC server, already logged in: the remote viewer gets security None. */
  readonly local: Duplex;
  /** x11vnc's process id, when we started one. */
  readonly pid: number | undefined;
  /** Closes the connection and stops x11vnc by its PID (SIGTERM, SIGKILL after a grace period). */
  stop(): Promise<void>;
  /** Process teardown: destroys the connection and kills x11vnc at once. */
  dispose(): void;
}

/**
 * The default on Linux: x11vnc on the display this process runs on (DISPLAY). Elsewhere, or without a
 * display, undefined: Parley then cannot share its screen until a VNC server is configured.
 */
export function defaultRfbServerSource(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): RfbServerSource | undefined {
  const display = env['DISPLAY'];
  if (platform !== 'linux' || display === undefined || display.trim() === '') return undefined;
  return { kind: 'x11vnc', display: display.trim(), ...(env['XAUTHORITY'] ? { xauthority: env['XAUTHORITY'] } : {}) };
}

/**
 * Starts (or reaches) the VNC server and logs in to it here. Rejects with a DesktopSharingError
 * (`x11vnc-missing`, `display-unreachable`, `rfb-server-failed`, `rfb-server-unreachable`, `rfb-protocol`).
 */
export async function openSharedDesktop(source: RfbServerSource, logger?: Logger): Promise<SharedDesktop> {
  if (source.kind === 'endpoint') {
    const endpoint: RfbServerEndpoint = { host: source.host, port: source.port, ...(source.password !== undefined ? { password: source.password } : {}) };
    const local = await openRfbServerForViewer(endpoint);
    return {
      local,
      pid: undefined,
      stop: async () => void local.destroy(),
      dispose: () => void local.destroy(),
    };
  }
  const server = await X11VncServer.start({
    display: source.display,
    ...(source.viewOnly !== undefined ? { viewOnly: source.viewOnly } : {}),
    ...(source.xauthority !== undefined ? { xauthority: source.xauthority } : {}),
    ...(source.executable !== undefined ? { executable: source.executable } : {}),
    ...(logger !== undefined ? { logger } : {}),
  });
  let local: Duplex;
  try {
    local = await openRfbServerForViewer(server.endpoint);
  } catch (error) {
    server.dispose();
    throw error instanceof DesktopSharingError ? error : new DesktopSharingError('rfb-server-failed', String(error), { cause: error });
  }
  return {
    local,
    pid: server.pid,
    stop: async () => {
      local.destroy();
      await server.stop();
    },
    dispose: () => {
      local.destroy();
      server.dispose();
    },
  };
}
