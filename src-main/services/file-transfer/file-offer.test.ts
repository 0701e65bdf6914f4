import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatFileDate, formatFileSelector, parseFileSelector } from '../../sip/sdp';
import { buildFileOffer, fileDateOf, fileSelectorOf, rfc5322Date, selectorSha1 } from './file-offer';
import { mediaTypeForName } from './mime-type';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-offer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildFileOffer', () => {
  it('describes a file by base name, size, type, SHA-1 and modification date', async () => {
    const path = join(dir, 'Holiday photo.JPG');
    await writeFile(path, 'abc');
    await utimes(path, new Date('2026-11-03T10:00:00Z'), new Date('2026-11-03T10:00:00Z'));
    const offer = await buildFileOffer(path);
    expect(offer).toMatchObject({ name: 'Holiday photo.JPG', size: 3, mediaType: 'image/jpeg', hash: 'A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D' });
    const selector = fileSelectorOf(offer);
    const sdp = formatFileSelector(selector);
    expect(sdp).toBe('name:"Holiday photo.JPG" type:image/jpeg size:3 hash:sha-1:A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D');
    expect(selectorSha1(parseFileSelector(sdp))).toBe(offer.hash);
    expect(formatFileDate(fileDateOf(offer))).toBe('modification:"Tue, 03 Nov 2026 10:00:00 +0000"');
  });

  it('refuses a directory with a clear reason', async () => {
    await mkdir(join(dir, 'folder'));
    await expect(buildFileOffer(join(dir, 'folder'))).rejects.toMatchObject({ reason: 'bad-offer' });
  });

  it('formats RFC 5322 dates with a numeric zone', () => {
    expect(rfc5322Date(new Date(0))).toBe('Thu, 01 Jan 1970 00:00:00 +0000');
  });
});

describe('mediaTypeForName', () => {
  it.each([
    ['a.PDF', 'application/pdf'],
    ['b.tar.gz', 'application/gzip'],
    ['c.unknownext', 'application/octet-stream'],
    ['noext', 'application/octet-stream'],
    ['.png', 'application/octet-stream'],
  ])('%s → %s', (name, type) => {
    expect(mediaTypeForName(name)).toBe(type);
  });
});
