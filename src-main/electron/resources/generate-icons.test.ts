import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINUX_ICON_SIZES, WINDOWS_ICON_SIZES } from './generate-icons';
import { renderIcon } from './icon-artwork';
import { decodePng, encodePng, type RgbaImage } from './png-encoder';

const here = import.meta.dirname;

/** Largest per-channel difference (the artwork is floating point: allow a last-bit rounding step). */
function maxDifference(a: RgbaImage, b: RgbaImage): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let max = 0;
  for (let index = 0; index < a.rgba.length; index += 1) max = Math.max(max, Math.abs((a.rgba[index] as number) - (b.rgba[index] as number)));
  return max;
}

describe('the committed icons', () => {
  it.each(LINUX_ICON_SIZES.filter((size) => size <= 256))('icons/%ix%i.png is the artwork at that size', async (size) => {
    const committed = decodePng(await readFile(join(here, 'icons', `${size}x${size}.png`)));
    expect(maxDifference(committed, renderIcon(size))).toBeLessThanOrEqual(1);
  });

  it('the large Linux icons are square RGBA PNGs of their size, transparent in the corner and opaque in the middle', async () => {
    for (const size of [512, 1024]) {
      const image = decodePng(await readFile(join(here, 'icons', `${size}x${size}.png`)));
      expect([image.width, image.height]).toEqual([size, size]);
      expect(image.rgba[3]).toBe(0);
      expect(image.rgba[((size / 2) * size + size / 2) * 4 + 3]).toBe(255);
    }
  });

  it('icon.ico lists every Windows size, BMP below 256 and a PNG of the artwork at 256', async () => {
    const ico = await readFile(join(here, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, WINDOWS_ICON_SIZES.length]);
    WINDOWS_ICON_SIZES.forEach((size, index) => {
      const entry = 6 + 16 * index;
      expect(ico.readUInt8(entry) || 256).toBe(size);
      const length = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      const body = ico.subarray(offset, offset + length);
      if (size === 256) {
        expect(maxDifference(decodePng(body), renderIcon(256))).toBeLessThanOrEqual(1);
      } else {
        // BITMAPINFOHEADER: 40 bytes, the height doubled for the AND mask, 32 bits per pixel.
        expect([body.readUInt32LE(0), body.readInt32LE(4), body.readInt32LE(8), body.readUInt16LE(14)]).toEqual([40, size, size * 2, 32]);
      }
    });
  });

  it('icon.icns holds PNG elements up to 1024 px and its lengths add up', async () => {
    const icns = await readFile(join(here, 'icon.icns'));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let offset = 8; offset < icns.length; offset += icns.readUInt32BE(offset + 4)) {
      types.push(icns.toString('latin1', offset, offset + 4));
      const png = icns.subarray(offset + 8, offset + icns.readUInt32BE(offset + 4));
      const image = decodePng(png);
      expect(image.width).toBe(image.height);
    }
    expect(types).toEqual(expect.arrayContaining(['ic07', 'ic08', 'ic09', 'ic10']));
  });

  it('encodePng round-trips through decodePng', () => {
    const image = renderIcon(20);
    expect(decodePng(encodePng(image))).toEqual({ width: 20, height: 20, rgba: image.rgba });
    expect(() => encodePng({ width: 2, height: 2, rgba: new Uint8Array(3) })).toThrow(RangeError);
  });
});
