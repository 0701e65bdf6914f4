/**
 * Writes Parley's icons for electron-builder, drawn here rather than downloaded or converted by a tool:
 *   npx tsx src-main/electron/resources/generate-icons.ts
 * icons/<n>x<n>.png (the Linux set), icon.icns (macOS), icon.ico (Windows). The files are committed;
 * generate-icons.test.ts checks that they still match the artwork.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderIcon } from './icon-artwork';
import { encodeIcns, encodeIco } from './icon-containers';
import { encodePng, type RgbaImage } from './png-encoder';

export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
export const WINDOWS_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

export async function generateIcons(outDir: string): Promise<string[]> {
  const cache = new Map<number, RgbaImage>();
  const imageFor = (size: number): RgbaImage => {
    let image = cache.get(size);
    if (image === undefined) {
      image = renderIcon(size);
      cache.set(size, image);
    }
    return image;
  };
  const written: string[] = [];
  await mkdir(join(outDir, 'icons'), { recursive: true });
  for (const size of LINUX_ICON_SIZES) {
    const path = join(outDir, 'icons', `${size}x${size}.png`);
    await writeFile(path, encodePng(imageFor(size)));
    written.push(path);
  }
  await writeFile(join(outDir, 'icon.icns'), encodeIcns(imageFor));
  await writeFile(join(outDir, 'icon.ico'), encodeIco(WINDOWS_ICON_SIZES.map(imageFor)));
  written.push(join(outDir, 'icon.icns'), join(outDir, 'icon.ico'));
  return written;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const written = await generateIcons(import.meta.dirname);
  process.stdout.write(`${written.join('\n')}\n`);
}
