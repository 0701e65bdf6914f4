import { describe, expect, it } from 'vitest';
import { filePathOfUri, pathsFromDropText, placeFiles, readDrop } from './dropped-paths';
import { desktopFilePathReader } from '../../bridge/local-file-path';
import { parsePathList, pathProblem } from './transfer-command-errors';

describe('paths from a drop', () => {
  it('reads local file URIs of a uri-list, skipping comments and other hosts', () => {
    const list = '# dragged from the file manager\r\nfile:///home/alice/a%20b.txt\r\nfile://localhost/tmp/c.bin\r\nfile://server/share/x\r\nhttps://example.org/y';
    expect(pathsFromDropText(list, '')).toEqual(['/home/alice/a b.txt', '/tmp/c.bin']);
  });

  it('reads absolute paths from plain text when no URI list came, and ignores relative ones', () => {
    expect(pathsFromDropText('', '/tmp/one.txt\nrelative.txt\n  /tmp/two.txt  \n/tmp/one.txt')).toEqual(['/tmp/one.txt', '/tmp/two.txt']);
  });

  it('turns Windows file URIs into drive paths and refuses malformed escapes', () => {
    expect(filePathOfUri('file:///C:/Users/a.txt')).toBe('C:/Users/a.txt');
    expect(filePathOfUri('file:///tmp/%E0%A4%A')).toBeNull();
    expect(filePathOfUri('not a uri')).toBeNull();
  });

  it('keeps dropped files whose place it cannot learn (web mode) as files, and reads paths from a text drop', () => {
    const files = [
      { name: 'a.pdf', size: 1 },
      { name: 'b.png', size: 2 },
    ];
    expect(readDrop({ getData: () => 'file:///tmp/ignored', files })).toEqual({ paths: [], unplaced: files });
    expect(readDrop({ getData: (type) => (type === 'text/uri-list' ? 'file:///tmp/a.pdf' : ''), files: [] })).toEqual({ paths: ['/tmp/a.pdf'], unplaced: [] });
  });

  it('in the desktop app, takes dropped files\u2019 paths from the preload and keeps the files without one', () => {
    const files = [
      { name: 'a.pdf', size: 1 },
      { name: 'made.txt', size: 2 },
      { name: 'odd', size: 3 },
    ];
    const known = new Map<string, string>([
      ['a.pdf', '/home/alice/a.pdf'],
      ['odd', 'relative/odd'],
    ]);
    const pathOf = (file: { name: string }) => known.get(file.name) ?? null;
    expect(readDrop({ getData: () => 'file:///tmp/ignored', files }, pathOf)).toEqual({ paths: ['/home/alice/a.pdf'], unplaced: [files[1], files[2]] });
    // A text drop carries no files: its paths still count.
    expect(readDrop({ getData: (type) => (type === 'text/plain' ? '/tmp/t.txt' : ''), files: [] }, pathOf)).toEqual({ paths: ['/tmp/t.txt'], unplaced: [] });
    expect(placeFiles([files[0]!, files[0]!], pathOf)).toEqual({ paths: ['/home/alice/a.pdf'], unplaced: [] });
  });

  it('reads paths through window.parley.pathForFile only where the preload has it', () => {
    expect(desktopFilePathReader(undefined)).toBeUndefined();
    expect(desktopFilePathReader({ parley: { invoke: async () => ({ ok: true, value: null }), on: () => () => {} } as never })).toBeUndefined();
    const reader = desktopFilePathReader({
      parley: { invoke: async () => ({ ok: true, value: null }), on: () => () => {}, pathForFile: (file: { name: string }) => (file.name === 'a' ? '/tmp/a' : '') } as never,
    });
    expect(reader?.({ name: 'a', size: 1 })).toBe('/tmp/a');
    expect(reader?.({ name: 'b', size: 1 })).toBeNull();
  });

  it('splits the typed path list and checks each path is absolute', () => {
    expect(parsePathList(' /a \r\n\n/b\n')).toEqual(['/a', '/b']);
    expect(pathProblem('/tmp/x')).toBeNull();
    expect(pathProblem('C:\\x')).toBeNull();
    expect(pathProblem('x.txt')).toMatch(/not a full path/);
    expect(pathProblem('/tmp/\u0007')).toMatch(/control/);
  });
});
