import type { Duplex } from 'node:stream';
import { vncAuthResponse } from '../../src-main/services/desktop-sharing';

/**
 * A minimal RFB 3.8 viewer (RFC 6143) over any duplex byte stream, for tests: handshake with security
 * None or VNC Authentication, 32-bit true-colour pixels, Raw and CopyRect rectangles into a framebuffer,
 * key and pointer events.
 */

export interface RfbConnectOptions {
  /** Needed when the server offers only VNC Authentication. */
  readonly password?: string;
  /** ClientInit shared-flag (RFC 6143 §7.3.1). Default false. */
  readonly shared?: boolean;
}

export interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

const SECURITY_NONE = 1;
const SECURITY_VNC_AUTH = 2;
const ENCODING_RAW = 0;
const ENCODING_COPY_RECT = 1;
/** §7.8.1 Cursor pseudo-encoding: the server sends the cursor shape instead of drawing it into the pixels. */
const ENCODING_CURSOR = -239;

/** Reads exact byte counts from a stream (the RFB framing is all fixed-size fields). */
class ByteReader {
  readonly #stream: Duplex;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #waiter: (() => void) | undefined;
  #ended: Error | undefined;
  /** Every byte the stream delivered so far. */
  received = 0;

  constructor(stream: Duplex) {
    this.#stream = stream;
    stream.on('data', (data: Buffer) => {
      this.#chunks.push(data);
      this.#buffered += data.length;
      this.received += data.length;
      this.#waiter?.();
    });
    const end = (error?: Error): void => {
      this.#ended ??= error ?? new Error('RFB stream ended');
      this.#waiter?.();
    };
    stream.on('end', () => end());
    stream.on('close', () => end());
    stream.on('error', (error) => end(error));
  }

  async read(length: number): Promise<Buffer> {
    while (this.#buffered < length) {
      if (this.#ended !== undefined) throw this.#ended;
      await new Promise<void>((resolve) => (this.#waiter = resolve));
      this.#waiter = undefined;
    }
    const all = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks);
    const out = all.subarray(0, length);
    const rest = all.subarray(length);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#buffered = rest.length;
    return out;
  }

  async u8(): Promise<number> {
    return (await this.read(1)).readUInt8(0);
  }

  async u16(): Promise<number> {
    return (await this.read(2)).readUInt16BE(0);
  }

  async u32(): Promise<number> {
    return (await this.read(4)).readUInt32BE(0);
  }
}

export class RfbTestClient {
  readonly width: number;
  readonly height: number;
  readonly name: string;
  /** RGBA, 4 bytes a pixel, row-major. */
  readonly framebuffer: Uint8Array;
  /** The last cursor shape the server sent (§7.8.1), if any. */
  cursor: { readonly width: number; readonly height: number; readonly hotX: number; readonly hotY: number } | undefined;
  readonly #stream: Duplex;
  readonly #reader: ByteReader;

  private constructor(stream: Duplex, reader: ByteReader, width: number, height: number, name: string) {
    this.#stream = stream;
    this.#reader = reader;
    this.width = width;
    this.height = height;
    this.name = name;
    this.framebuffer = new Uint8Array(width * height * 4);
  }

  /** Bytes received from the server since the connection opened (handshake included, read or not). */
  get received(): number {
    return this.#reader.received;
  }

  /** ProtocolVersion, security, ClientInit/ServerInit (RFC 6143 §7.1–§7.3), then 32-bit pixels and encodings. */
  static async connect(stream: Duplex, options: RfbConnectOptions = {}): Promise<RfbTestClient> {
    const reader = new ByteReader(stream);
    // §7.1.1: the server speaks first; we answer 3.8 (the servers we test offer at least that).
    const version = (await reader.read(12)).toString('latin1');
    if (!/^RFB \d{3}\.\d{3}\n$/.test(version)) throw new Error(`not an RFB server: ${JSON.stringify(version)}`);
    stream.write('RFB 003.008\n');
    // §7.1.2: number of types, then the types; 0 types is followed by a reason.
    const count = await reader.u8();
    if (count === 0) throw new Error(`RFB server refused: ${(await reader.read(await reader.u32())).toString('utf8')}`);
    const types = [...(await reader.read(count))];
    if (types.includes(SECURITY_NONE) && options.password === undefined) {
      stream.write(Buffer.from([SECURITY_NONE]));
    } else if (types.includes(SECURITY_VNC_AUTH)) {
      if (options.password === undefined) throw new Error('the RFB server wants VNC Authentication: no password given');
      stream.write(Buffer.from([SECURITY_VNC_AUTH]));
      // §7.2.2: 16-byte challenge, DES-encrypted answer.
      stream.write(vncAuthResponse(await reader.read(16), options.password));
    } else {
      throw new Error(`no supported security type among ${types.join(',')}`);
    }
    // §7.1.3: SecurityResult (3.8 sends it for None too); a failure carries a reason.
    const result = await reader.u32();
    if (result !== 0) throw new Error(`RFB security failed: ${(await reader.read(await reader.u32())).toString('utf8')}`);
    // §7.3.1 ClientInit, §7.3.2 ServerInit.
    stream.write(Buffer.from([options.shared === true ? 1 : 0]));
    const width = await reader.u16();
    const height = await reader.u16();
    await reader.read(16); // the server's pixel format: we replace it below
    const name = (await reader.read(await reader.u32())).toString('utf8');
    const client = new RfbTestClient(stream, reader, width, height, name);
    client.#setPixelFormat();
    client.#setEncodings([ENCODING_RAW, ENCODING_COPY_RECT, ENCODING_CURSOR]);
    return client;
  }

  /** §7.5.3 FramebufferUpdateRequest. */
  requestUpdate(incremental: boolean, x = 0, y = 0, width = this.width, height = this.height): void {
    const message = Buffer.alloc(10);
    message.writeUInt8(3, 0);
    message.writeUInt8(incremental ? 1 : 0, 1);
    message.writeUInt16BE(x, 2);
    message.writeUInt16BE(y, 4);
    message.writeUInt16BE(width, 6);
    message.writeUInt16BE(height, 8);
    this.#stream.write(message);
  }

  /**
   * Reads server messages until one FramebufferUpdate (§7.6.1) was applied; returns its rectangle count.
   * SetColourMapEntries, Bell and ServerCutText (§7.6.2–§7.6.4) are read and dropped.
   */
  async readUpdate(): Promise<number> {
    const reader = this.#reader;
    for (;;) {
      const type = await reader.u8();
      if (type === 0) {
        await reader.read(1);
        const rects = await reader.u16();
        for (let i = 0; i < rects; i++) await this.#readRect();
        return rects;
      }
      if (type === 1) {
        await reader.read(3);
        await reader.read(6 * (await reader.u16()));
      } else if (type === 2) {
        // Bell: no payload.
      } else if (type === 3) {
        await reader.read(3);
        await reader.read(await reader.u32());
      } else {
        throw new Error(`unexpected RFB server message type ${type}`);
      }
    }
  }

  /**
   * Behaves like an interactive viewer: always one incremental FramebufferUpdateRequest outstanding, each
   * update applied as it comes. x11vnc acts on input promptly only while such a request is pending (seen
   * here: seconds of delay otherwise). Returns the function that stops it.
   */
  follow(): () => void {
    let following = true;
    void (async () => {
      while (following) {
        this.requestUpdate(true);
        try {
          await this.readUpdate();
        } catch {
          following = false;
        }
      }
    })();
    return () => {
      following = false;
    };
  }

  pixel(x: number, y: number): Rgb {
    const offset = (y * this.width + x) * 4;
    return { r: this.framebuffer[offset]!, g: this.framebuffer[offset + 1]!, b: this.framebuffer[offset + 2]! };
  }

  /** §7.5.5 PointerEvent: `buttons` is the button mask (bit 0 = left). */
  pointer(x: number, y: number, buttons = 0): void {
    const message = Buffer.alloc(6);
    message.writeUInt8(5, 0);
    message.writeUInt8(buttons, 1);
    message.writeUInt16BE(x, 2);
    message.writeUInt16BE(y, 4);
    this.#stream.write(message);
  }

  /** §7.5.4 KeyEvent with an X keysym. */
  key(keysym: number, down: boolean): void {
    const message = Buffer.alloc(8);
    message.writeUInt8(4, 0);
    message.writeUInt8(down ? 1 : 0, 1);
    message.writeUInt32BE(keysym, 4);
    this.#stream.write(message);
  }

  close(): void {
    this.#stream.end();
  }

  /** §7.5.1 SetPixelFormat: 32 bpp, depth 24, little-endian, true colour, 8 bits a channel, red at bit 16. */
  #setPixelFormat(): void {
    const message = Buffer.alloc(20);
    message.writeUInt8(0, 0);
    const format = message.subarray(4);
    format.writeUInt8(32, 0); // bits-per-pixel
    format.writeUInt8(24, 1); // depth
    format.writeUInt8(0, 2); // big-endian-flag
    format.writeUInt8(1, 3); // true-colour-flag
    format.writeUInt16BE(255, 4);
    format.writeUInt16BE(255, 6);
    format.writeUInt16BE(255, 8);
    format.writeUInt8(16, 10);
    format.writeUInt8(8, 11);
    format.writeUInt8(0, 12);
    this.#stream.write(message);
  }

  /** §7.5.2 SetEncodings. */
  #setEncodings(encodings: readonly number[]): void {
    const message = Buffer.alloc(4 + 4 * encodings.length);
    message.writeUInt8(2, 0);
    message.writeUInt16BE(encodings.length, 2);
    encodings.forEach((encoding, i) => message.writeInt32BE(encoding, 4 + 4 * i));
    this.#stream.write(message);
  }

  async #readRect(): Promise<void> {
    const head = await this.#reader.read(12);
    const x = head.readUInt16BE(0);
    const y = head.readUInt16BE(2);
    const width = head.readUInt16BE(4);
    const height = head.readUInt16BE(6);
    const encoding = head.readInt32BE(8);
    if (encoding === ENCODING_RAW) {
      // §7.7.1: width × height pixels, left to right, top to bottom, in our pixel format (B, G, R, pad).
      const pixels = await this.#reader.read(width * height * 4);
      for (let row = 0; row < height; row++) {
        for (let column = 0; column < width; column++) {
          const from = (row * width + column) * 4;
          const to = ((y + row) * this.width + x + column) * 4;
          this.framebuffer[to] = pixels[from + 2]!;
          this.framebuffer[to + 1] = pixels[from + 1]!;
          this.framebuffer[to + 2] = pixels[from]!;
          this.framebuffer[to + 3] = 255;
        }
      }
    } else if (encoding === ENCODING_COPY_RECT) {
      // §7.7.2: copy from (src-x, src-y) in the framebuffer we have.
      const source = await this.#reader.read(4);
      const sx = source.readUInt16BE(0);
      const sy = source.readUInt16BE(2);
      const copy = new Uint8Array(width * height * 4);
      for (let row = 0; row < height; row++) copy.set(this.framebuffer.subarray(((sy + row) * this.width + sx) * 4, ((sy + row) * this.width + sx + width) * 4), row * width * 4);
      for (let row = 0; row < height; row++) this.framebuffer.set(copy.subarray(row * width * 4, (row + 1) * width * 4), ((y + row) * this.width + x) * 4);
    } else if (encoding === ENCODING_CURSOR) {
      // §7.8.1: x/y are the hotspot; pixels, then a 1-bit mask padded to whole bytes per row.
      await this.#reader.read(width * height * 4 + Math.floor((width + 7) / 8) * height);
      this.cursor = { width, height, hotX: x, hotY: y };
    } else {
      throw new Error(`unexpected RFB encoding ${encoding}`);
    }
  }
}
