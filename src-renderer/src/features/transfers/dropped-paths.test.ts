import { describe, expect, it } from 'vitest';
import { filePathOfUri, pathsFromDropText, readDrop } from './dropped-paths';
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

  it('names dropped files whose place it cannot learn, and none when paths came with them', () => {
    const files = [{ name: 'a.pdf' }, { name: 'b.png' }];
    expect(readDrop({ getData: () => '', files })).toEqual({ paths: [], unplaced: ['a.pdf', 'b.png'] });
    expect(readDrop({ getData: (type) => (type === 'text/uri-list' ? 'file:///tmp/a.pdf' : ''), files })).toEqual({ paths: ['/tmp/a.pdf'], unplaced: [] });
  });

  it('splits the typed path list and checks each path is absolute', () => {
    expect(parsePathList(' /a \r\n\n/b\n')).toEqual(['/a', '/b']);
    expect(pathProblem('/tmp/x')).toBeNull();
    expect(pathProblem('C:\\x')).toBeNull();
    expect(pathProblem('x.txt')).toMatch(/not a full path/);
    expect(pathProblem('/tmp/\u0007')).toMatch(/control/);
  });
});
