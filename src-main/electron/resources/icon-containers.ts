import { encodePng, type RgbaImage } from './png-encoder';

/**
 * Windows .ico (one directory, then images): entries below 256 px as 32-bit BMPs, which every consumer
 * (NSIS's installer icon included) reads; the 256 px entry as PNG, the standard way since Windows Vista.
 */
export function encodeIco(images: readonly RgbaImage[]): Buffer {
  const bodies = images.map((image) => (image.width >= 256 ? encodePng(image) : bmpEntry(image)));
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type 1: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach((image, index) => {
    const entry = 6 + 16 * index;
    const body = bodies[index] as Buffer;
    header.writeUInt8(image.width >= 256 ? 0 : image.width, entry); // 0 means 256
    header.writeUInt8(image.height >= 256 ? 0 : image.height, entry + 1);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(body.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += body.length;
  });
  return Buffer.concat([header, ...bodies]);
}

/** BITMAPINFOHEADER + BGRA rows bottom-up + the 1-bit AND mask (all zero: the alpha channel decides). */
function bmpEntry(image: RgbaImage): Buffer {
  const { width, height, rgba } = image;
  const maskStride = Math.ceil(width / 32) * 4;
  const info = Buffer.alloc(40);
  info.writeUInt32LE(40, 0);
  info.writeInt32LE(width, 4);
  info.writeInt32LE(height * 2, 8); // XOR image + AND mask
  info.writeUInt16LE(1, 12);
  info.writeUInt16LE(32, 14);
  info.writeUInt32LE(width * height * 4 + maskStride * height, 20);
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const from = ((height - 1 - y) * width + x) * 4;
      const to = (y * width + x) * 4;
      pixels[to] = rgba[from + 2] as number;
      pixels[to + 1] = rgba[from + 1] as number;
      pixels[to + 2] = rgba[from] as number;
      pixels[to + 3] = rgba[from + 3] as number;
    }
  }
  return Buffer.concat([info, pixels, Buffer.alloc(maskStride * height)]);
}

/** The PNG-carrying ICNS element types by pixel size (Apple's icns format; the @2x types share sizes). */
const ICNS_TYPES: readonly (readonly [type: string, size: number])[] = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
];

/** macOS .icns: 'icns' + total length, then one (type, length, PNG) element per size. */
export function encodeIcns(imageFor: (size: number) => RgbaImage): Buffer {
  const pngs = new Map<number, Buffer>();
  const elements = ICNS_TYPES.map(([type, size]) => {
    let png = pngs.get(size);
    if (png === undefined) {
      png = encodePng(imageFor(size));
      pngs.set(size, png);
    }
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(elements);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}
