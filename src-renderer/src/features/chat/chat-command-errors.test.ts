import { describe, expect, it } from 'vitest';
import { chatCommandError } from './chat-command-errors';

describe('chat command errors', () => {
  it('chooses words by code, not by message text', () => {
    expect(chatCommandError('send', { code: 'disconnected', message: 'unavailable' })).toContain('reconnecting');
    expect(chatCommandError('send', { code: 'unavailable', message: 'x' })).toContain('Turn it on in Accounts');
    expect(chatCommandError('search', { code: 'unavailable', message: 'x' })).toBe('The message history is not available right now.');
  });
});
