import type { Socket } from 'node:net';
import { DesktopSharingError } from './desktop-sharing-error';
import { VNC_CHALLENGE_LENGTH, vncAuthResponse } from './vnc-auth';

export const RFB_VERSION_3_8 = 'RFB 003.008\n';
export const SECURITY_NONE = 1;
export const SECURITY_VNC_AUTH = 2;
const HANDSHAKE_TIMEOUT_MS = 10_000;
/** Reasons and names are short; anything longer is not a server we want to talk to. */
const MAX_REASON_BYTES = 4096;

/**
 * The viewer half of the RFB handshake up to and including SecurityResult (RFC 6143 §7.1.1–§7.1.3,
 * §7.2.2), done by the sharing side itself against its local VNC server: the one-time password never
 * leaves this process and the remote viewer needs none. Speaks 3.8. After it resolves, the server waits
 * for ClientInit (§7.3.1), which the remote viewer sends through the bridge.
 */
export async function loginToRfbServer(socket: Socket, password: string | undefined, timeoutMs = HANDSHAKE_TIMEOUT_MS): Promise<void> {
  const reader = new HandshakeReader(socket);
  const timer = setTimeout(() => reader.fail(new DesktopSharingError('rfb-protocol', `the VNC server did not complete its handshake within ${timeoutMs} ms`)), timeoutMs);
  try {
    const version = (await reader.read(12)).toString('latin1');
    const match = /^RFB (\d{3})\.(\d{3})\n$/.exec(version);
    if (match === null) throw protocolError(`not an RFB server (greeting ${JSON.stringify(version)})`);
    if (Number(match[1]) !== 3 || Number(match[2]) < 8) throw protocolError(`the VNC server speaks ${version.trim()}; 3.8 or later is needed`);
    socket.write(RFB_VERSION_3_8);
    // §7.1.2: a count of security types; zero is followed by the reason.
    const count = (await reader.read(1)).readUInt8(0);
    if (count === 0) throw protocolError(`the VNC server refused the connection: ${await reason(reader)}`);
    const types = [...(await reader.read(count))];
    if (password !== undefined && types.includes(SECURITY_VNC_AUTH)) {
      socket.write(Buffer.from([SECURITY_VNC_AUTH]));
      socket.write(vncAuthResponse(await reader.read(VNC_CHALLENGE_LENGTH), password));
    } else if (types.includes(SECURITY_NONE)) {
      socket.write(Buffer.from([SECURITY_NONE]));
    } else {
      throw protocolError(`no usable security type among [${types.join(', ')}]${password === undefined ? ' (no password configured)' : ''}`);
    }
    // §7.1.3: 0 is OK; a failure carries a reason in 3.8.
    if ((await reader.read(4)).readUInt32BE(0) !== 0) throw protocolError(`the VNC server refused the password: ${await reason(reader)}`);
    reader.release();
  } finally {
    clearTimeout(timer);
    reader.release();
  }
}

async function reason(reader: HandshakeReader): Promise<string> {
  const length = (await reader.read(4)).readUInt32BE(0);
  if (length > MAX_REASON_BYTES) return '(reason too long)';
  return (await reader.read(length)).toString('utf8');
}

function protocolError(message: string): DesktopSharingError {
  return new DesktopSharingError('rfb-protocol', message);
}

/** Exact-length reads from a socket during the handshake; hands the socket back untouched afterwards. */
class HandshakeReader {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #wake: (() => void) | undefined;
  #error: Error | undefined;
  #released = false;

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', this.#onData);
    socket.on('close', this.#onClose);
    socket.on('error', this.#onError);
  }

  async read(length: number): Promise<Buffer> {
    while (this.#buffer.length < length) {
      if (this.#error !== undefined) throw this.#error;
      await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = undefined;
    }
    const out = this.#buffer.subarray(0, length);
    this.#buffer = this.#buffer.subarray(length);
    return out;
  }

  fail(error: Error): void {
    this.#error ??= error;
    this.#wake?.();
  }

  /** Stops listening; bytes read ahead (none, in a well-behaved server) go back to the socket. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#socket.off('data', this.#onData);
    this.#socket.off('close', this.#onClose);
    this.#socket.off('error', this.#onError);
    this.#socket.pause();
    if (this.#buffer.length > 0) this.#socket.unshift(this.#buffer);
  }

  readonly #onData = (data: Buffer): void => {
    this.#buffer = this.#buffer.length === 0 ? data : Buffer.concat([this.#buffer, data]);
    this.#wake?.();
  };

  readonly #onClose = (): void => this.fail(protocolError('the VNC server closed the connection during the handshake'));

  readonly #onError = (error: Error): void => this.fail(new DesktopSharingError('rfb-server-unreachable', `VNC server connection failed: ${error.message}`, { cause: error }));
}
