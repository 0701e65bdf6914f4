import { describe, expect, it } from 'vitest';
import { createLogger, createMemorySink } from '../common';
import { findSipLink, SipLinkInbox } from './sip-links';

describe('sip links', () => {
  it('finds the sip: or sips: argument', () => {
    expect(findSipLink(['/usr/bin/parley', '--profile-name=a', 'sips:bob@example.org'])).toBe('sips:bob@example.org');
    expect(findSipLink(['parley', 'SIP:carol@example.org'])).toBe('SIP:carol@example.org');
    expect(findSipLink(['parley', 'https://example.org', '--sip'])).toBeUndefined();
  });

  it('records links and logs only the scheme', () => {
    const sink = createMemorySink();
    const inbox = new SipLinkInbox(createLogger({ level: 'info', sinks: [sink.sink] }));
    inbox.accept('sip:bob@example.org');
    inbox.accept('https://example.org');
    expect(inbox.received).toEqual(['sip:bob@example.org']);
    expect(JSON.stringify(sink.records())).not.toContain('bob@example.org');
    expect(sink.records()).toHaveLength(1);
  });
});
