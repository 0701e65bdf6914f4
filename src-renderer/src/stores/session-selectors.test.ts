import { describe, expect, it } from 'vitest';
import type { SessionId } from '../../../src-shared';
import { chatStream, sessionView } from '../test-support/fixtures';
import {
  canEnd,
  canRemoveStream,
  findSession,
  liveStreams,
  peerName,
  sendingChatStream,
  sessionsForList,
  waitingIncoming,
} from './session-selectors';

describe('session selectors', () => {
  it('orders live sessions first, newest first', () => {
    const ended = sessionView({ id: 'old-ended' as SessionId, state: 'terminated', createdAt: 50 });
    const newer = sessionView({ id: 'newer' as SessionId, createdAt: 30 });
    const older = sessionView({ id: 'older' as SessionId, createdAt: 10 });
    expect(sessionsForList([older, ended, newer]).map((view) => view.id)).toEqual(['newer', 'older', 'old-ended']);
  });

  it('finds incoming sessions waiting for an answer, oldest first', () => {
    const second = sessionView({ id: 'b' as SessionId, direction: 'incoming', state: 'incoming', createdAt: 20 });
    const first = sessionView({ id: 'a' as SessionId, direction: 'incoming', state: 'incoming', createdAt: 10 });
    const answered = sessionView({ id: 'c' as SessionId, direction: 'incoming', state: 'accepting', createdAt: 5 });
    expect(waitingIncoming([second, answered, first]).map((view) => view.id)).toEqual(['a', 'b']);
  });

  it('leaves file-only sessions to the transfers UI: no prompt, no sidebar entry', () => {
    const file = sessionView({ id: 'file' as SessionId, direction: 'incoming', state: 'incoming', streams: [], offeredStreamTypes: ['file-transfer'] });
    const running = sessionView({ id: 'running' as SessionId, streams: [{ ...chatStream('f'), type: 'file-transfer' }] });
    const mixed = sessionView({ id: 'mixed' as SessionId, direction: 'incoming', state: 'incoming', offeredStreamTypes: ['chat', 'file-transfer'] });
    expect(waitingIncoming([file, mixed]).map((view) => view.id)).toEqual(['mixed']);
    expect(sessionsForList([file, running, mixed]).map((view) => view.id)).toEqual(['mixed']);
  });

  it('names the peer by display name, else by address without the scheme', () => {
    expect(peerName(sessionView())).toBe('Bob');
    expect(peerName(sessionView({ remoteDisplayName: '  ', remoteUri: 'sips:carol@example.org' }))).toBe('carol@example.org');
  });

  it('sends on the first started chat stream only', () => {
    expect(sendingChatStream(sessionView({ streams: [chatStream('x', 'starting')] }))).toBeUndefined();
    expect(sendingChatStream(sessionView({ streams: [chatStream('x', 'ended'), chatStream('y')] }))?.id).toBe('y');
  });

  it('offers removal only while another stream stays and the session is established', () => {
    const two = sessionView({ streams: [chatStream('x'), chatStream('y')] });
    expect(two.streams.map((stream) => canRemoveStream(two, stream))).toEqual([true, true]);
    const oneLeft = sessionView({ streams: [chatStream('x'), chatStream('y', 'ended')] });
    expect(liveStreams(oneLeft)).toHaveLength(1);
    expect(canRemoveStream(oneLeft, oneLeft.streams[0]!)).toBe(false);
    const proposing = sessionView({ state: 'proposing', streams: two.streams });
    expect(canRemoveStream(proposing, proposing.streams[0]!)).toBe(false);
  });

  it('offers End until the session is ending, and not for an unanswered incoming one', () => {
    expect(canEnd(sessionView({ state: 'calling' }))).toBe(true);
    expect(canEnd(sessionView({ state: 'established' }))).toBe(true);
    expect(canEnd(sessionView({ state: 'terminating' }))).toBe(false);
    expect(canEnd(sessionView({ state: 'terminated' }))).toBe(false);
    expect(canEnd(sessionView({ state: 'incoming', direction: 'incoming' }))).toBe(false);
  });

  it('finds a session by id, or nothing for no selection', () => {
    const view = sessionView();
    expect(findSession([view], view.id)).toBe(view);
    expect(findSession([view], null)).toBeUndefined();
  });
});
