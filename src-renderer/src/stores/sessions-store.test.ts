import { describe, expect, it } from 'vitest';
import type { ChatMessageEvent, SessionId, SessionView, StreamId } from '../../../src-shared';
import { INITIAL_SESSIONS_STATE, MAX_MIRRORED_CHAT_LINES, withChatMessage, withSessionView } from './sessions-store';

function view(id: string, state: SessionView['state']): SessionView {
  return {
    id: id as SessionId,
    accountId: 'a' as SessionView['accountId'],
    localUri: 'sip:alice@parley.test',
    remoteUri: 'sip:bob@parley.test',
    remoteDisplayName: null,
    direction: 'outgoing',
    state,
    streams: [],
    offeredStreamTypes: [],
    failure: null,
    endedBy: null,
    createdAt: 1,
    startedAt: null,
    endedAt: null,
  };
}

function line(sessionId: string, text: string): ChatMessageEvent {
  return { sessionId: sessionId as SessionId, streamId: 's' as StreamId, messageId: text, direction: 'incoming', contentType: 'text/plain', text, time: 1 };
}

describe('sessions mirror', () => {
  it('replaces a session view in place and appends new ones', () => {
    let state = withSessionView(INITIAL_SESSIONS_STATE, view('one', 'calling'));
    state = withSessionView(state, view('two', 'incoming'));
    state = withSessionView(state, view('one', 'established'));
    expect(state.sessions.map((session) => [session.id, session.state])).toEqual([
      ['one', 'established'],
      ['two', 'incoming'],
    ]);
  });

  it('keeps the newest chat lines per session up to the bound', () => {
    let state = INITIAL_SESSIONS_STATE;
    for (let index = 0; index < MAX_MIRRORED_CHAT_LINES + 5; index += 1) state = withChatMessage(state, line('one', `m${index}`));
    state = withChatMessage(state, line('two', 'other'));
    const lines = state.chat['one' as SessionId] ?? [];
    expect(lines).toHaveLength(MAX_MIRRORED_CHAT_LINES);
    expect(lines[0]?.text).toBe('m5');
    expect(state.chat['two' as SessionId]?.map((message) => message.text)).toEqual(['other']);
  });
});
