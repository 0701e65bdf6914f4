import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';

/**
 * Xvfb for the desktop-sharing tests, plus a tiny X11 client (core protocol only, no Xlib, no extra
 * Debian package) that paints solid rectangles on the root window and reads the pointer position.
 */

export interface XvfbOptions {
  readonly width: number;
  readonly height: number;
  /** How long to wait for the server to report its display number. Default 10 s. */
  readonly startTimeoutMs?: number;
}

export interface XvfbDisplay {
  /** `:N` */
  readonly display: string;
  readonly pid: number;
  readonly width: number;
  readonly height: number;
  stop(): Promise<void>;
}

/**
 * Starts Xvfb on a display number it picks itself (`-displayfd`: the server takes the first free number
 * and writes it once it accepts connections, so parallel tests never collide and there is no polling).
 * No TCP listener; local connections need no cookie.
 */
export async function startXvfb(options: XvfbOptions): Promise<XvfbDisplay> {
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${options.width}x${options.height}x24`, '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (data: Buffer) => (stderr = (stderr + data.toString('utf8')).slice(-4000)));
  const fd3 = child.stdio[3] as NodeJS.ReadableStream | null;
  const number = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => fail(new Error(`Xvfb did not report a display within ${options.startTimeoutMs ?? 10_000} ms: ${stderr}`)), options.startTimeoutMs ?? 10_000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('error', (error: NodeJS.ErrnoException) =>
      fail(new Error(error.code === 'ENOENT' ? 'Xvfb is not installed (Debian package xvfb)' : `Xvfb failed: ${error.message}`)),
    );
    child.once('exit', (code, signal) => fail(new Error(`Xvfb exited (${code ?? signal}) before it was ready: ${stderr}`)));
    fd3?.on('data', (data: Buffer) => {
      text += data.toString('utf8');
      if (!text.includes('\n')) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(text.trim());
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('Xvfb has no pid');
  return {
    display: `:${number}`,
    pid,
    width: options.width,
    height: options.height,
    stop: () => stopChild(child),
  };
}

/** SIGTERM by PID, SIGKILL after 3 s; resolves once the process is gone. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** 0xRRGGBB (a 24-bit TrueColor root visual takes the pixel value as is). */
  readonly rgb: number;
}

interface PendingReply {
  readonly sequence: number;
  resolve(reply: Buffer): void;
  reject(error: Error): void;
}

/** A minimal X11 core-protocol client (X Window System Protocol, X11R7, little-endian). */
export class XClient {
  readonly root: number;
  readonly width: number;
  readonly height: number;
  readonly rootDepth: number;
  readonly #socket: Socket;
  readonly #idBase: number;
  #nextId = 1;
  #sequence = 0;
  #buffer = Buffer.alloc(0);
  #pending: PendingReply[] = [];
  #error: Error | undefined;

  private constructor(socket: Socket, setup: Buffer) {
    this.#socket = socket;
    this.#idBase = setup.readUInt32LE(12);
    const vendorLength = setup.readUInt16LE(24);
    const formats = setup.readUInt8(29);
    const screen = 40 + pad4(vendorLength) + 8 * formats;
    this.root = setup.readUInt32LE(screen);
    this.width = setup.readUInt16LE(screen + 20);
    this.height = setup.readUInt16LE(screen + 22);
    this.rootDepth = setup.readUInt8(screen + 38);
    socket.on('data', (data: Buffer) => this.#onData(data));
    socket.on('error', (error) => this.#failAll(error));
    socket.on('close', () => this.#failAll(new Error('X connection closed')));
  }

  /** Connects over the display's unix socket and completes the connection setup (no authorization). */
  static async open(display: string): Promise<XClient> {
    const number = /^:(\d+)/.exec(display)?.[1];
    if (number === undefined) throw new Error(`not a local display: ${display}`);
    const socket = connect(`/tmp/.X11-unix/X${number}`);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const request = Buffer.alloc(12);
    request.write('l', 0, 'latin1'); // byte order: LSB first
    request.writeUInt16LE(11, 2);
    request.writeUInt16LE(0, 4);
    socket.write(request);
    const setup = await readSetup(socket);
    return new XClient(socket, setup);
  }

  /** Fills rectangles on the root window (CreateGC + PolyFillRectangle) and waits until the server did it. */
  async fillRects(rects: readonly Rect[]): Promise<void> {
    const gc = this.#idBase | this.#nextId++;
    const create = Buffer.alloc(20);
    create.writeUInt8(55, 0); // CreateGC
    create.writeUInt16LE(5, 2);
    create.writeUInt32LE(gc, 4);
    create.writeUInt32LE(this.root, 8);
    create.writeUInt32LE(0x4, 12); // value-mask: foreground
    create.writeUInt32LE(0, 16);
    this.#request(create);
    for (const rect of rects) {
      const change = Buffer.alloc(16);
      change.writeUInt8(56, 0); // ChangeGC
      change.writeUInt16LE(4, 2);
      change.writeUInt32LE(gc, 4);
      change.writeUInt32LE(0x4, 8);
      change.writeUInt32LE(rect.rgb, 12);
      this.#request(change);
      const fill = Buffer.alloc(20);
      fill.writeUInt8(70, 0); // PolyFillRectangle
      fill.writeUInt16LE(5, 2);
      fill.writeUInt32LE(this.root, 4);
      fill.writeUInt32LE(gc, 8);
      fill.writeInt16LE(rect.x, 12);
      fill.writeInt16LE(rect.y, 14);
      fill.writeUInt16LE(rect.width, 16);
      fill.writeUInt16LE(rect.height, 18);
      this.#request(fill);
    }
    const free = Buffer.alloc(8);
    free.writeUInt8(60, 0); // FreeGC
    free.writeUInt16LE(2, 2);
    free.writeUInt32LE(gc, 4);
    this.#request(free);
    await this.sync();
  }

  /** The pointer position on the root window (QueryPointer). */
  async pointer(): Promise<{ x: number; y: number }> {
    const request = Buffer.alloc(8);
    request.writeUInt8(38, 0);
    request.writeUInt16LE(2, 2);
    request.writeUInt32LE(this.root, 4);
    const reply = await this.#reply(this.#request(request));
    return { x: reply.readInt16LE(16), y: reply.readInt16LE(18) };
  }

  /** A round trip (GetInputFocus): every earlier request was processed, or its error is thrown. */
  async sync(): Promise<void> {
    const request = Buffer.alloc(4);
    request.writeUInt8(43, 0);
    request.writeUInt16LE(1, 2);
    await this.#reply(this.#request(request));
  }

  close(): void {
    this.#socket.destroy();
  }

  #request(bytes: Buffer): number {
    if (this.#error !== undefined) throw this.#error;
    this.#socket.write(bytes);
    this.#sequence = (this.#sequence + 1) & 0xffff;
    return this.#sequence;
  }

  #reply(sequence: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      if (this.#error !== undefined) reject(this.#error);
      else this.#pending.push({ sequence, resolve, reject });
    });
  }

  #onData(data: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, data]);
    while (this.#buffer.length >= 32) {
      const kind = this.#buffer.readUInt8(0);
      const size = kind === 1 ? 32 + 4 * this.#buffer.readUInt32LE(4) : 32;
      if (this.#buffer.length < size) return;
      const packet = this.#buffer.subarray(0, size);
      this.#buffer = this.#buffer.subarray(size);
      if (kind === 0) {
        // An error for an earlier request fails the next round trip that covers it.
        const error = new Error(`X error ${packet.readUInt8(1)} on request opcode ${packet.readUInt8(10)} (sequence ${packet.readUInt16LE(2)})`);
        this.#pending.shift()?.reject(error);
      } else if (kind === 1) {
        const sequence = packet.readUInt16LE(2);
        const index = this.#pending.findIndex((pending) => pending.sequence === sequence);
        if (index >= 0) this.#pending.splice(index, 1)[0]?.resolve(Buffer.from(packet));
      }
      // Events are not selected; anything else is ignored.
    }
  }

  #failAll(error: Error): void {
    this.#error ??= error;
    for (const pending of this.#pending.splice(0)) pending.reject(error);
  }
}

function pad4(length: number): number {
  return (length + 3) & ~3;
}

async function readSetup(socket: Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const onData = (data: Buffer): void => {
      buffer = Buffer.concat([buffer, data]);
      if (buffer.length < 8) return;
      const total = 8 + 4 * buffer.readUInt16LE(6);
      if (buffer.length < total) return;
      socket.off('data', onData);
      const status = buffer.readUInt8(0);
      if (status !== 1) {
        const reason = buffer.subarray(8, 8 + buffer.readUInt8(1)).toString('latin1');
        reject(new Error(`X connection refused (${status}): ${reason}`));
        return;
      }
      if (buffer.length > total) socket.unshift(buffer.subarray(total));
      resolve(buffer.subarray(0, total));
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}
