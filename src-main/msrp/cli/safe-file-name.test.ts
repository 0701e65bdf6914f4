import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createUniqueFile, safeFileName } from './safe-file-name';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('safeFileName', () => {
  it('keeps ordinary names', () => {
    expect(safeFileName('report 2026.pdf', 'x')).toBe('report 2026.pdf');
  });

  it('strips directories, traversal, hidden-file dots and control characters', () => {
    expect(safeFileName('../../etc/passwd', 'x')).toBe('passwd');
    expect(safeFileName('..\\..\\win.ini', 'x')).toBe('win.ini');
    expect(safeFileName('.bashrc', 'x')).toBe('bashrc');
    expect(safeFileName('a\u0000b\nc', 'x')).toBe('a_b_c');
    expect(safeFileName('..', 'fallback.bin')).toBe('fallback.bin');
    expect(safeFileName(undefined, 'fallback.bin')).toBe('fallback.bin');
  });
});

describe('createUniqueFile', () => {
  it('never overwrites an existing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-safe-name-'));
    dirs.push(dir);
    const first = await createUniqueFile(dir, 'a.txt');
    const second = await createUniqueFile(dir, 'a.txt');
    await first.handle.close();
    await second.handle.close();
    expect(second.path).toBe(join(dir, 'a-1.txt'));
    expect(readdirSync(dir).sort()).toEqual(['a-1.txt', 'a.txt']);
  });
});
