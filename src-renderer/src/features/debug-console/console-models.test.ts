import { describe, expect, it } from 'vitest';
import type { ConsoleEntry } from '../../../../src-shared';
import { appendEntries } from './console-buffer';
import { NO_FILTERS, filterEntries } from './console-filters';
import { ladderGroups, ladderRows } from './ladder-model';

let next = 1;
function entry(fields: Partial<ConsoleEntry>): ConsoleEntry {
  const id = next++;
  return {
    id,
    time: 1_000 + id,
    kind: 'sip',
    direction: 'out',
    accountId: null,
    sessionId: null,
    callId: null,
    method: null,
    status: null,
    summary: '',
    hop: null,
    remote: null,
    text: '',
    ...fields,
  } as ConsoleEntry;
}

describe('console buffer', () => {
  it('appends only newer ids and keeps the newest `max`', () => {
    const a = [entry({}), entry({})];
    const b = [...a.slice(1), entry({}), entry({})];
    const merged = appendEntries(a, b, 3);
    expect(merged.map((item) => item.id)).toEqual([a[1]?.id, b[1]?.id, b[2]?.id]);
  });
});

describe('console filters', () => {
  const items = [
    entry({ kind: 'sip', method: 'REGISTER', status: 401, accountId: 'a1' as never, summary: '401 Unauthorized (REGISTER)' }),
    entry({ kind: 'sip', method: 'INVITE', callId: 'c1', text: 'INVITE sip:bob@example.com' }),
    entry({ kind: 'msrp', method: 'SEND' }),
  ];
  it('keeps the tab kind and every set filter', () => {
    expect(filterEntries(items, 'sip', NO_FILTERS)).toHaveLength(2);
    expect(filterEntries(items, 'sip', { ...NO_FILTERS, status: '4' }).map((item) => item.method)).toEqual(['REGISTER']);
    expect(filterEntries(items, 'sip', { ...NO_FILTERS, method: 'invite' })).toHaveLength(1);
    expect(filterEntries(items, 'sip', { ...NO_FILTERS, session: 'c1' })).toHaveLength(1);
    expect(filterEntries(items, 'sip', { ...NO_FILTERS, accountId: 'a1' })).toHaveLength(1);
    expect(filterEntries(items, 'sip', { ...NO_FILTERS, text: 'BOB@' })).toHaveLength(1);
    expect(filterEntries(items, 'msrp', NO_FILTERS)).toHaveLength(1);
  });
});

describe('ladder model', () => {
  const dialog = [
    entry({ kind: 'sip', callId: 'd1', direction: 'out', summary: 'INVITE sip:bob', hop: 'proxy' }),
    entry({ kind: 'sip', callId: 'd1', direction: 'in', summary: '200 OK (INVITE)', hop: 'proxy' }),
    entry({ kind: 'msrp', callId: 'd1', direction: 'out', summary: 'SEND', hop: 'relay' }),
    entry({ kind: 'msrp', callId: 'd1', direction: 'in', summary: '200 OK', hop: 'relay' }),
    entry({ kind: 'sip', callId: 'r1', summary: 'REGISTER sip:example.com' }),
    entry({ kind: 'log', callId: null }),
  ];
  it('groups by dialog, newest activity first, titled by the first message', () => {
    expect(ladderGroups(dialog).map((group) => [group.key, group.title, group.count])).toEqual([
      ['r1', 'REGISTER sip:example.com', 1],
      ['d1', 'INVITE sip:bob', 4],
    ]);
  });
  it('draws each message from its sender to its receiver in time order', () => {
    expect(ladderRows(dialog, 'd1').map((row) => `${row.from}>${row.to} ${row.label}`)).toEqual([
      'local>proxy INVITE sip:bob',
      'proxy>local 200 OK (INVITE)',
      'local>relay SEND',
      'relay>local 200 OK',
    ]);
  });
});
