import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { RFB_VERSION_3_8, SECURITY_NONE } from './rfb-server-login';

type Phase = 'version' | 'security-type' | 'open' | 'failed';

/**
 * The sharing side's RFB server as the remote viewer sees it, once `loginToRfbServer` has authenticated
 * to the local VNC server: a fresh handshake offering security None (RFC 6143 §7.1), then every byte
 * passes through unchanged (ClientInit onwards, §7.3). So the one-time password protects the loopback
 * port from other local users without the remote viewer having to know it — the SIP session already
 * decided who may view.
 *
 * The viewer may answer with 3.3 (the server then names the type: a U32, no SecurityResult for None),
 * 3.7 (a list, no SecurityResult for None) or 3.8 (a list and a SecurityResult), per §7.1.2, §7.1.3 and
 * Appendix A. Backpressure passes through: `push()` full pauses the server socket, a full server socket
 * delays the write callback.
 */
export class RfbSecurityFacade extends Duplex {
  readonly #server: Socket;
  #phase: Phase = 'version';
  #pending: Buffer = Buffer.alloc(0);
  #minor = 8;

  constructor(server: Socket) {
    super({ allowHalfOpen: false });
    this.#server = server;
    server.on('data', this.#onServerData);
    server.on('end', this.#onServerEnd);
    server.on('error', this.#onServerError);
    server.on('close', this.#onServerClose);
    server.pause();
    // §7.1.1: the server speaks first.
    this.push(RFB_VERSION_3_8);
  }

  /** True once the viewer finished the handshake and bytes pass through. */
  get open(): boolean {
    return this.#phase === 'open';
  }

  override _read(): void {
    if (this.#phase === 'open') this.#server.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.#phase === 'open') {
      this.#toServer(chunk, callback);
      return;
    }
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const phase = this.#handshake();
    if (phase === 'failed') {
      callback();
      this.destroy();
      return;
    }
    // Bytes after the handshake in the same write (ClientInit) go on to the server.
    const rest = phase === 'open' ? this.#pending : Buffer.alloc(0);
    if (phase === 'open') this.#pending = Buffer.alloc(0);
    if (rest.length > 0) this.#toServer(rest, callback);
    else callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#server.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#server.off('data', this.#onServerData);
    this.#server.off('end', this.#onServerEnd);
    this.#server.off('error', this.#onServerError);
    this.#server.off('close', this.#onServerClose);
    this.#server.on('error', () => undefined);
    this.#server.destroy();
    callback(error);
  }

  /** Consumes what the viewer sent of its handshake; returns the phase reached. */
  #handshake(): Phase {
    this.#step();
    return this.#phase;
  }

  #step(): void {
    if (this.#phase === 'version') {
      if (this.#pending.length < 12) return;
      const version = this.#pending.subarray(0, 12).toString('latin1');
      this.#pending = this.#pending.subarray(12);
      const match = /^RFB 003\.(\d{3})\n$/.exec(version);
      if (match === null) {
        this.#phase = 'failed';
        return;
      }
      // Appendix A: anything below 3.7 (3.3 and the odd 3.5/3.6 of some viewers) is treated as 3.3.
      const minor = Number(match[1]);
      this.#minor = minor >= 8 ? 8 : minor === 7 ? 7 : 3;
      if (this.#minor === 3) {
        const type = Buffer.alloc(4);
        type.writeUInt32BE(SECURITY_NONE, 0);
        this.push(type);
        this.#opened();
        return;
      }
      this.push(Buffer.from([1, SECURITY_NONE]));
      this.#phase = 'security-type';
    }
    if (this.#phase === 'security-type') {
      if (this.#pending.length < 1) return;
      const chosen = this.#pending.readUInt8(0);
      this.#pending = this.#pending.subarray(1);
      if (chosen !== SECURITY_NONE) {
        if (this.#minor >= 8) this.push(failure('security type not offered'));
        this.#phase = 'failed';
        return;
      }
      if (this.#minor >= 8) this.push(Buffer.alloc(4)); // SecurityResult OK
      this.#opened();
    }
  }

  /** From here on the server's bytes flow (ServerInit comes after the viewer's ClientInit). */
  #opened(): void {
    this.#phase = 'open';
    this.#server.resume();
  }

  #toServer(data: Buffer, callback: (error?: Error | null) => void): void {
    if (this.#server.write(data)) callback();
    else this.#server.once('drain', () => callback());
  }

  readonly #onServerData = (data: Buffer): void => {
    if (!this.push(data)) this.#server.pause();
  };

  readonly #onServerEnd = (): void => {
    this.push(null);
  };

  readonly #onServerError = (error: Error): void => {
    this.destroy(error);
  };

  readonly #onServerClose = (): void => {
    if (!this.readableEnded) this.push(null);
    this.destroy();
  };
}

/** §7.1.3 SecurityResult failed (1) with a reason string (3.8). */
function failure(reason: string): Buffer {
  const text = Buffer.from(reason, 'utf8');
  const out = Buffer.alloc(8 + text.length);
  out.writeUInt32BE(1, 0);
  out.writeUInt32BE(text.length, 4);
  text.copy(out, 8);
  return out;
}
