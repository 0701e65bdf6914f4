import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNullLogger, type Logger } from '../../common';
import { DesktopSharingError } from './desktop-sharing-error';
import type { RfbServerEndpoint } from './rfb-server-endpoint';
import { generateVncPassword } from './vnc-auth';

export interface X11VncOptions {
  /** The X display to share, e.g. `:0`. */
  readonly display: string;
  /** The viewer sees the screen but its keyboard and mouse are ignored (`-viewonly`). */
  readonly viewOnly?: boolean;
  /** An X authority file for the display (`-auth`); default: x11vnc's own lookup (XAUTHORITY). */
  readonly xauthority?: string;
  /** Default `x11vnc` on PATH. */
  readonly executable?: string;
  /** How long to wait for x11vnc to listen. Default 15 s. */
  readonly startTimeoutMs?: number;
  /** x11vnc exits when no viewer connected within this many seconds (`-timeout`). Default 60. */
  readonly viewerTimeoutSeconds?: number;
  /** Ports tried when the one picked was taken meanwhile. Default 3. */
  readonly portAttempts?: number;
  readonly logger?: Logger;
}

export interface X11VncExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const STOP_GRACE_MS = 3_000;
const OUTPUT_TAIL = 8_000;

/**
 * The sharing side's VNC server: x11vnc on a local X display, reachable only on 127.0.0.1 (`-localhost`,
 * `-noipv6`), for exactly one viewer (`-once`: it exits when that viewer leaves; `-nevershared`), guarded
 * by a random one-time password (never `-nopw`). The password travels in a 0600 file that x11vnc deletes
 * after reading it (`-passwdfile rm:`), never on the command line where `ps` would show it. User
 * configuration (`~/.x11vncrc`) and remote control are off (`-norc`, `-noremote`), so nothing but these
 * arguments decides what is exposed.
 */
export class X11VncServer {
  readonly endpoint: RfbServerEndpoint;
  readonly pid: number;
  /** Resolves when x11vnc has exited (after its viewer left, `stop()`, or a crash). */
  readonly exited: Promise<X11VncExit>;
  readonly #child: ChildProcess;

  private constructor(child: ChildProcess, endpoint: RfbServerEndpoint, exited: Promise<X11VncExit>) {
    this.#child = child;
    this.pid = child.pid ?? 0;
    this.endpoint = endpoint;
    this.exited = exited;
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Starts x11vnc and resolves once it listens; rejects with a `DesktopSharingError`. */
  static async start(options: X11VncOptions): Promise<X11VncServer> {
    const logger = options.logger ?? createNullLogger();
    const attempts = Math.max(1, options.portAttempts ?? 3);
    let lastError: DesktopSharingError | undefined;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const port = await freeLoopbackPort();
      try {
        return await X11VncServer.#startOnce(options, port, logger);
      } catch (error) {
        if (!(error instanceof PortTakenError)) throw error;
        lastError = new DesktopSharingError('rfb-server-failed', `x11vnc could not listen on 127.0.0.1:${port}`);
        logger.info('x11vnc port taken, trying another', { port });
      }
    }
    throw lastError ?? new DesktopSharingError('rfb-server-failed', 'x11vnc did not start');
  }

  /** Ends x11vnc by its PID: SIGTERM, then SIGKILL after a grace period. */
  async stop(): Promise<X11VncExit> {
    if (this.running) {
      const timer = setTimeout(() => this.#child.kill('SIGKILL'), STOP_GRACE_MS);
      this.#child.kill('SIGTERM');
      try {
        return await this.exited;
      } finally {
        clearTimeout(timer);
      }
    }
    return this.exited;
  }

  static async #startOnce(options: X11VncOptions, port: number, logger: Logger): Promise<X11VncServer> {
    const password = generateVncPassword();
    const dir = await mkdtemp(join(tmpdir(), 'parley-vnc-'));
    const passwordFile = join(dir, 'passwd');
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    const args = [
      '-display', options.display,
      '-localhost', '-noipv6', '-rfbport', String(port),
      '-once', '-nevershared',
      // No naps: on an idle screen the first input then takes ~20 ms instead of ~250 ms (measured on Xvfb).
      '-nonap',
      '-norc', '-noremote',
      '-timeout', String(options.viewerTimeoutSeconds ?? 60),
      '-passwdfile', `rm:${passwordFile}`,
      ...(options.xauthority !== undefined ? ['-auth', options.xauthority] : []),
      ...(options.viewOnly === true ? ['-viewonly'] : []),
    ];
    const child = spawn(options.executable ?? 'x11vnc', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const append = (data: Buffer): void => {
      output = (output + data.toString('utf8')).slice(-OUTPUT_TAIL);
    };
    child.stderr?.on('data', append);
    const exited = new Promise<X11VncExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const cleanup = (): Promise<void> => rm(dir, { recursive: true, force: true }).catch(() => undefined);
    void exited.then(cleanup);

    try {
      await new Promise<void>((resolve, reject) => {
        let stdout = '';
        const timeoutMs = options.startTimeoutMs ?? 15_000;
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new DesktopSharingError('rfb-server-failed', `x11vnc did not listen within ${timeoutMs} ms: ${lastLines(output)}`));
        }, timeoutMs);
        const settle = (error?: Error): void => {
          clearTimeout(timer);
          child.stdout?.off('data', onStdout);
          if (error === undefined) resolve();
          else reject(error);
        };
        // x11vnc prints `PORT=<n>` on stdout once it listens.
        const onStdout = (data: Buffer): void => {
          stdout += data.toString('utf8');
          if (new RegExp(`^PORT=${port}$`, 'm').test(stdout)) settle();
        };
        child.stdout?.on('data', onStdout);
        child.once('error', (error: NodeJS.ErrnoException) => {
          settle(
            error.code === 'ENOENT'
              ? new DesktopSharingError('x11vnc-missing', 'x11vnc is not installed: install x11vnc (Debian/Ubuntu: apt install x11vnc) to share this desktop', { cause: error })
              : new DesktopSharingError('rfb-server-failed', `x11vnc could not be started: ${error.message}`, { cause: error }),
          );
        });
        child.once('exit', (code, signal) => settle(exitError(options.display, code, signal, output)));
      });
    } catch (error) {
      await cleanup();
      throw error;
    }
    // x11vnc already removed the file (`rm:`); the folder goes too.
    await cleanup();
    child.stdout?.resume();
    logger.info('x11vnc listening', { display: options.display, port, pid: child.pid, viewOnly: options.viewOnly === true });
    return new X11VncServer(child, { host: '127.0.0.1', port, password }, exited);
  }

  /** Kills x11vnc at once (process teardown). */
  dispose(): void {
    if (this.running) this.#child.kill('SIGKILL');
  }
}

class PortTakenError extends Error {}

function exitError(display: string, code: number | null, signal: NodeJS.Signals | null, output: string): Error {
  if (/could not obtain listening port|ListenOnTCPPort: Address already in use/.test(output)) return new PortTakenError(output);
  if (/XOpenDisplay\(.*\) failed/.test(output)) {
    return new DesktopSharingError('display-unreachable', `x11vnc cannot open the X display ${display} (is it running, and may this user open it?)`);
  }
  return new DesktopSharingError('rfb-server-failed', `x11vnc exited (${code ?? signal}) before listening: ${lastLines(output)}`);
}

function lastLines(output: string, count = 5): string {
  return output.trim().split('\n').slice(-count).join(' | ');
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it; the caller retries a lost race). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
