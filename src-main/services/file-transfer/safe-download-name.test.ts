import { describe, expect, it } from 'vitest';
import { safeDownloadName } from './safe-download-name';

describe('safeDownloadName', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../x', 'x'],
    ['/etc/passwd', 'passwd'],
    ['..\\..\\Windows\\system.ini', 'system.ini'],
    ['dir/sub/', 'sub'],
    ['..', 'file'],
    ['', 'file'],
    [undefined, 'file'],
    ['.bashrc', 'bashrc'],
    ['...hidden...', 'hidden'],
    ['name. . ', 'name'],
    ['a\u0000b\u001fc\u007fd.txt', 'a_b_c_d.txt'],
    ['line\r\nbreak.txt', 'line__break.txt'],
    ['what?<>|*:".txt', 'what_______.txt'],
    ['photo\u202Egpj.exe', 'photo_gpj.exe'],
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['Lpt9.tar.gz', '_Lpt9.tar.gz'],
    ['COM1 .log', '_COM1 .log'],
    ['nul', '_nul'],
    ['CONSOLE.txt', 'CONSOLE.txt'],
    ['com10', 'com10'],
  ])('%j → %j', (offered, expected) => {
    expect(safeDownloadName(offered)).toBe(expected);
  });

  it('caps the UTF-8 length and keeps the extension', () => {
    const name = safeDownloadName(`${'a'.repeat(300)}.jpeg`);
    expect(Buffer.byteLength(name)).toBe(200);
    expect(name.endsWith('.jpeg')).toBe(true);
  });

  it('never splits a multi-byte character when shortening', () => {
    const name = safeDownloadName(`${'é😀'.repeat(100)}.txt`, { maxBytes: 101 });
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(101);
    expect(name).not.toMatch(/\uFFFD/);
    expect(Buffer.from(name, 'utf8').toString('utf8')).toBe(name);
    expect(name.endsWith('.txt')).toBe(true);
  });

  it('treats a very long "extension" as part of the name', () => {
    const name = safeDownloadName(`x.${'b'.repeat(400)}`);
    expect(Buffer.byteLength(name)).toBe(200);
    expect(name.startsWith('x.b')).toBe(true);
  });

  it('normalizes to NFC so that the same name compares equal on every OS', () => {
    expect(safeDownloadName('cafe\u0301.txt')).toBe('caf\u00e9.txt');
  });

  it('uses the fallback when nothing usable is left', () => {
    expect(safeDownloadName('/// . ..', { fallback: 'download' })).toBe('download');
  });

  it('never returns a name with a separator, a leading dot or a control character', () => {
    const nasty = ['a/b\\c', '\u0001.x', ' ./.. /.', 'x\u0085y', '.\\.\\..'];
    for (const offered of nasty) {
      const name = safeDownloadName(offered);
      expect(name).not.toMatch(/[/\\\u0000-\u001f\u007f-\u009f]/);
      expect(name.startsWith('.')).toBe(false);
      expect(name.length).toBeGreaterThan(0);
    }
  });
});
