import { describe, expect, it } from 'vitest';
import { isSendable, normalizeChatText } from './chat-text';

describe('chat text', () => {
  it('turns CRLF and lone CR into LF and keeps everything else', () => {
    expect(normalizeChatText('a\r\nb\rc\nd\te')).toBe('a\nb\nc\nd\te');
    expect(normalizeChatText('\r\n\r\n')).toBe('\n\n');
  });

  it('sends nothing that is only white space', () => {
    expect(isSendable(' \r\n\t')).toBe(false);
    expect(isSendable(' hi ')).toBe(true);
  });
});
