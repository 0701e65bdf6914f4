import { describe, expect, it } from 'vitest';
import type { ClientError } from '../../bridge/client-result';
import { sessionCommandError } from './session-command-errors';

const error = (code: ClientError['code'], message = 'main said so.', field?: string): ClientError =>
  field === undefined ? { code, message } : { code, message, field };

describe('sessionCommandError', () => {
  it('branches on the code, not on the message text', () => {
    // Same message, different codes: different advice.
    const texts = new Set(['not-found', 'conflict', 'unavailable', 'disconnected', 'internal'].map((code) => sessionCommandError('end', error(code as ClientError['code'], 'same'))));
    expect(texts.size).toBe(5);
    // Same code, a message that reads like another code: the same advice as any other message.
    expect(sessionCommandError('accept', error('conflict', 'not found'))).toBe(sessionCommandError('accept', error('conflict', 'anything')));
  });

  it('says what to do for each session command', () => {
    expect(sessionCommandError('send', error('unavailable'))).toMatch(/Wait until the chat stream shows Connected/);
    expect(sessionCommandError('connect', error('unavailable', 'That account is not enabled.'))).toMatch(/^The session could not start: That account is not enabled\. Turn the account on/);
    expect(sessionCommandError('connect', error('not-found'))).toMatch(/choose another/);
    expect(sessionCommandError('accept', error('conflict'))).toBe('This session was already answered or cancelled.');
    expect(sessionCommandError('addStream', error('conflict'))).toMatch(/Wait until it shows Established/);
    expect(sessionCommandError('end', error('not-found'))).toMatch(/no longer exists/);
    expect(sessionCommandError('send', error('disconnected'))).toMatch(/reconnecting/);
    expect(sessionCommandError('reject', error('internal', 'boom'))).toMatch(/\(boom\).*restart Parley/);
  });

  it('points at the address or the streams for a refused connect', () => {
    expect(sessionCommandError('connect', error('invalid-argument', 'x', 'target'))).toMatch(/bob@example\.com/);
    expect(sessionCommandError('connect', error('invalid-argument', 'x', 'streamTypes'))).toMatch(/at least one kind of stream/);
    expect(sessionCommandError('send', error('invalid-argument', 'The message is too long: send it as a file.', 'text'))).toContain('too long');
  });
});
