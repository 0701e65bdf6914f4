import { describe, expect, it } from 'vitest';
import { linkify, safeHref } from './linkify';

function links(text: string): string[] {
  return linkify(text).flatMap((segment) => (segment.kind === 'link' ? [segment.href] : []));
}

describe('linkify: only http and https become links', () => {
  it('finds http and https links inside text and keeps the text around them', () => {
    expect(linkify('see https://example.com/a?b=1 and http://x.test now')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://x.test', href: 'http://x.test/' },
      { kind: 'text', text: ' now' },
    ]);
  });

  it('leaves other schemes as text', () => {
    for (const text of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'ftp://example.com/f', 'sip:bob@example.com', 'vbscript:x']) {
      expect(links(text)).toEqual([]);
      expect(linkify(text)).toEqual([{ kind: 'text', text }]);
    }
  });

  it('does not let a javascript: prefix ride on an http link', () => {
    // Only the http part is a link; the href is exactly that URL.
    expect(links('javascript:http://evil.test/')).toEqual(['http://evil.test/']);
  });

  it('drops sentence punctuation and unbalanced closing brackets after a link', () => {
    expect(links('Look at https://example.com/page.')).toEqual(['https://example.com/page']);
    expect(links('(see https://example.com/x)')).toEqual(['https://example.com/x']);
    expect(links('https://en.wikipedia.org/wiki/Foo_(bar)')).toEqual(['https://en.wikipedia.org/wiki/Foo_(bar)']);
  });

  it('refuses a scheme with no host', () => {
    expect(links('http:// nothing here')).toEqual([]);
    expect(safeHref('https://')).toBeNull();
  });

  it('normalizes the case of scheme and host', () => {
    expect(links('HTTPS://EXAMPLE.COM')).toEqual(['https://example.com/']);
  });

  it('keeps text without links as one segment, and empty text as none', () => {
    expect(linkify('hello\nworld')).toEqual([{ kind: 'text', text: 'hello\nworld' }]);
    expect(linkify('')).toEqual([]);
  });
});
