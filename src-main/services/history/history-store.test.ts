import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempProfile } from '../test-support/temp-profile';
import { HistoryStore } from './history-store';
import type { HistoryMessage } from './history-types';
import { draftMessage } from './test-support/draft-message';

describe('HistoryStore', () => {
  let profile: { dir: string; cleanup(): Promise<void> };
  let store: HistoryStore;
  let clock: number;

  beforeEach(async () => {
    profile = await makeTempProfile();
    clock = 1_800_000_000_000;
    store = HistoryStore.open({ profileDir: profile.dir, now: () => clock });
  });

  afterEach(async () => {
    store.dispose();
    await profile.cleanup();
  });

  it('uses FTS5 from the bundled SQLite, WAL mode and schema version 1', () => {
    expect(store.searchMode).toBe('fts5');
    store.dispose();
    const db = new DatabaseSync(store.file);
    expect(db.prepare('PRAGMA journal_mode').get()?.journal_mode).toBe('wal');
    expect(db.prepare('PRAGMA user_version').get()?.user_version).toBe(1);
    db.close();
  });

  it('stores a message with its defaults and reads it back by id and by Message-ID', () => {
    const stored = store.insert(draftMessage({ remoteUri: 'Bob <sips:bob@Example.com;transport=tls>', remoteDisplayName: 'Bob', messageId: 'm1' }));
    expect(stored).toMatchObject({ conversation: 'sip:bob@example.com', state: 'received', read: false, isText: true, stateAt: clock });
    expect(store.get(stored.id)).toEqual(stored);
    expect(store.findByMessageId('acc-1', 'm1')).toEqual(stored);
    expect(store.findByMessageId('acc-2', 'm1')).toBeUndefined();
    const file = store.insert(draftMessage({ direction: 'out', contentType: 'application/pdf', text: 'report.pdf', isText: false }));
    expect(store.get(file.id)).toMatchObject({ isText: false, text: 'report.pdf', state: 'sending', read: true });
  });

  it('refuses bad input and duplicate ids with stable codes', () => {
    expect(() => store.insert(draftMessage({ timestamp: 1.5 }))).toThrow(expect.objectContaining({ code: 'invalid-argument', field: 'timestamp' }));
    expect(() => store.insert(draftMessage({ path: 'carrier-pigeon' as never }))).toThrow(expect.objectContaining({ code: 'invalid-argument', field: 'path' }));
    expect(() => store.insert(draftMessage({ remoteUri: ' ' }))).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    store.insert(draftMessage({ id: 'x' }));
    expect(() => store.insert(draftMessage({ id: 'x' }))).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('insertMany stores all in one transaction, or none', () => {
    const many = Array.from({ length: 100 }, (_, i) => draftMessage({ id: `b${i}`, timestamp: 1_000 + i }));
    expect(store.insertMany(many)).toHaveLength(100);
    expect(() => store.insertMany([draftMessage({ id: 'new-1' }), draftMessage({ id: 'b5' })])).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(store.get('new-1')).toBeUndefined();
    expect(store.page('acc-1', 'sip:bob@example.com', { limit: 500 }).messages).toHaveLength(100);
    expect(store.insertMany([])).toEqual([]);
  });

  it('moves delivery states forward only, logs each move, and lets a late proof of delivery correct a failure', () => {
    const m = store.insert(draftMessage({ direction: 'out', messageId: 'out-1' }));
    clock += 10;
    expect(store.updateState(m.id, 'sent')?.changed).toBe(true);
    clock += 10;
    expect(store.updateStateByMessageId('acc-1', 'out-1', 'displayed')?.message.state).toBe('displayed');
    expect(store.updateState(m.id, 'delivered')).toMatchObject({ changed: false, message: { state: 'displayed' } });
    expect(store.get(m.id)?.state).toBe('displayed');

    const f = store.insert(draftMessage({ direction: 'out', messageId: 'out-2' }));
    expect(store.updateState(f.id, 'failed', { code: 408, reason: 'Request Timeout' })?.message).toMatchObject({ state: 'failed', stateCode: 408, stateReason: 'Request Timeout' });
    expect(store.updateStateByMessageId('acc-1', 'out-2', 'delivered', { at: 42 })?.message).toMatchObject({ state: 'delivered', stateCode: null, stateAt: 42 });
    expect(store.stateHistory(f.id).map((s) => [s.state, s.code])).toEqual([
      ['sending', null],
      ['failed', 408],
      ['delivered', null],
    ]);
    expect(store.stateHistory(m.id).map((s) => [s.state, s.at])).toEqual([
      ['sending', 1_800_000_000_000],
      ['sent', 1_800_000_000_010],
      ['displayed', 1_800_000_000_020],
    ]);

    const incoming = store.insert(draftMessage());
    expect(store.updateState(incoming.id, 'sent')?.changed).toBe(false);
    expect(store.updateState('nope', 'sent')).toBeUndefined();
    expect(() => store.updateState(m.id, 'lost' as never)).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
  });

  it('counts unread incoming messages per conversation and account, and marks them read', () => {
    store.insertMany([
      draftMessage({ remoteUri: 'sip:bob@example.com' }),
      draftMessage({ remoteUri: 'sip:bob@example.com' }),
      draftMessage({ remoteUri: 'sip:bob@example.com', direction: 'out' }),
      draftMessage({ remoteUri: 'sip:carol@example.com' }),
      draftMessage({ accountId: 'acc-2', remoteUri: 'sip:bob@example.com' }),
      draftMessage({ remoteUri: 'sip:dave@example.com', read: true }),
    ]);
    expect(store.unreadCount()).toBe(4);
    expect(store.unreadCount('acc-1')).toBe(3);
    const unread = Object.fromEntries(store.listConversations({ accountId: 'acc-1' }).map((c) => [c.conversation, c.unread]));
    expect(unread).toEqual({ 'sip:bob@example.com': 2, 'sip:carol@example.com': 1, 'sip:dave@example.com': 0 });
    expect(store.markRead('acc-1', 'Bob <sip:bob@example.com>')).toBe(2);
    expect(store.markRead('acc-1', 'sip:bob@example.com')).toBe(0);
    expect(store.unreadCount('acc-1')).toBe(1);
    expect(store.unreadCount('acc-2')).toBe(1);
    expect(store.page('acc-1', 'sip:bob@example.com').messages.every((m) => m.read)).toBe(true);
  });

  it('lists conversations by their newest message, even when older messages arrive later', () => {
    store.insert(draftMessage({ remoteUri: 'sip:a@x', timestamp: 100, text: 'a1' }));
    store.insert(draftMessage({ remoteUri: 'sip:b@x', timestamp: 300, text: 'b1', remoteDisplayName: 'Bee' }));
    store.insert(draftMessage({ remoteUri: 'sip:c@x', timestamp: 200, text: 'c1' }));
    store.insert(draftMessage({ remoteUri: 'sip:a@x', timestamp: 400, text: 'a2' }));
    store.insert(draftMessage({ remoteUri: 'sip:b@x', timestamp: 50, text: 'b0 (late, older)' }));
    const list = store.listConversations();
    expect(list.map((c) => [c.conversation, c.lastMessage.text])).toEqual([
      ['sip:a@x', 'a2'],
      ['sip:b@x', 'b1'],
      ['sip:c@x', 'c1'],
    ]);
    expect(list[1]).toMatchObject({ remoteDisplayName: 'Bee', unread: 2 });
    const second = store.listConversations({ limit: 1, before: { timestamp: list[0]!.lastMessage.timestamp, id: list[0]!.lastMessage.id } });
    expect(second.map((c) => c.conversation)).toEqual(['sip:b@x']);
    expect(store.listConversations({ accountId: 'other' })).toEqual([]);
  });

  it('pages newest first without gaps or repeats across boundaries with equal timestamps', () => {
    // 7 timestamps × 5 messages each: every page boundary falls inside a run of equal timestamps.
    const drafts = Array.from({ length: 35 }, (_, i) => draftMessage({ id: `id-${String((i * 17) % 35).padStart(2, '0')}`, timestamp: 1_000 + Math.floor(i / 5) }));
    store.insertMany(drafts);
    store.insert(draftMessage({ remoteUri: 'sip:other@example.com', timestamp: 1_003 }));
    for (const pageSize of [1, 3, 5, 7, 34, 35, 36]) {
      const seen: HistoryMessage[] = [];
      let before = null;
      let pages = 0;
      do {
        const page = store.page('acc-1', 'sip:bob@example.com', { limit: pageSize, before });
        seen.push(...page.messages);
        before = page.next;
        pages += 1;
      } while (before !== null);
      expect(pages, `page size ${pageSize}`).toBe(Math.max(1, Math.ceil(35 / pageSize)));
      const expected = [...drafts].sort((a, b) => b.timestamp - a.timestamp || (b.id! < a.id! ? -1 : 1)).map((d) => d.id);
      expect(seen.map((m) => m.id)).toEqual(expected);
    }
  });

  it('keeps messages stored in the same millisecond in the order they were stored, both directions mixed', () => {
    const texts = Array.from({ length: 50 }, (_, i) => `burst ${i}`);
    for (const [i, text] of texts.entries()) store.insert(draftMessage({ text, direction: i % 3 === 0 ? 'out' : 'in', timestamp: 5_000 }));
    const page = store.page('acc-1', 'sip:bob@example.com', { limit: 100 });
    expect(page.messages.map((message) => message.text)).toEqual([...texts].reverse());
  });

  it('reads pages through the conversation index', () => {
    store.dispose();
    const db = new DatabaseSync(store.file);
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT * FROM messages m WHERE m.account_id = ? AND m.conversation = ? AND (m.timestamp, m.id) < (?, ?) ORDER BY m.timestamp DESC, m.id DESC LIMIT 51')
      .all('a', 'c', 1, 'x')
      .map((r) => String(r.detail))
      .join(' | ');
    db.close();
    expect(plan).toContain('messages_by_conversation');
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it('searches text with FTS5: words ANDed, last word as prefix, diacritics folded, scoped and newest first', () => {
    store.insertMany([
      draftMessage({ id: 's1', text: 'Lunch at the café tomorrow?', timestamp: 1 }),
      draftMessage({ id: 's2', text: 'cafe closed, lunch elsewhere', timestamp: 2, remoteUri: 'sip:carol@example.com' }),
      draftMessage({ id: 's3', text: 'Dinner instead', timestamp: 3 }),
      draftMessage({ id: 's4', text: null, isText: false, contentType: 'image/png', timestamp: 4 }),
      draftMessage({ id: 's5', text: 'lunch "quoted" OR NOT', timestamp: 5, accountId: 'acc-2' }),
    ]);
    expect(store.search('lunch caf').map((m) => m.id)).toEqual(['s2', 's1']);
    expect(store.search('LUNCH', { accountId: 'acc-1', conversation: 'bob@example.com' }).map((m) => m.id)).toEqual(['s1']);
    expect(store.search('"quoted" OR').map((m) => m.id)).toEqual(['s5']);
    expect(store.search('nothing-like-this')).toEqual([]);
    expect(store.search('   ')).toEqual([]);
    expect(store.search('lunch', { limit: 1 }).map((m) => m.id)).toEqual(['s5']);
    expect(store.deleteConversation('acc-1', 'sip:bob@example.com')).toBe(3);
    expect(store.search('lunch').map((m) => m.id)).toEqual(['s5', 's2']);
    expect(store.listConversations({ accountId: 'acc-1' }).map((c) => c.conversation)).toEqual(['sip:carol@example.com']);
  });

  it('keeps everything across a reopen', () => {
    const m = store.insert(draftMessage({ direction: 'out', messageId: 'k' }));
    store.updateState(m.id, 'delivered');
    store.insert(draftMessage({ text: 'persist me' }));
    store.dispose();
    store = HistoryStore.open({ profileDir: profile.dir });
    expect(store.get(m.id)?.state).toBe('delivered');
    expect(store.search('persist').map((x) => x.text)).toEqual(['persist me']);
    expect(store.unreadCount()).toBe(1);
  });

  it('refuses use after dispose with a storage error', () => {
    store.dispose();
    expect(() => store.get('x')).toThrow(expect.objectContaining({ code: 'storage-failed' }));
    store.dispose();
  });
});
