import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, validateCommandArgs, type AppSnapshot, type CommandName, type EventEnvelope, type SipAccountView } from '../../src-shared';
import { validDraft } from '../../src-shared/test-support/account-drafts';
import { createLogger } from '../common';
import { createParleyCore, type ParleyCore } from './parley-core';
import { makeTempProfile } from './test-support/temp-profile';

/**
 * Every command gets a battery of malformed arguments, the kind a compromised or buggy window could send.
 * Each must come back as 'invalid-argument' without throwing, and change nothing.
 */

function deepArray(depth: number): unknown {
  let value: unknown = [];
  for (let index = 0; index < depth; index += 1) value = [value];
  return value;
}

function deepObject(depth: number): unknown {
  let value: unknown = {};
  for (let index = 0; index < depth; index += 1) value = { a: value };
  return value;
}

const huge = 'x'.repeat(5_000_000);

/** Values that are invalid in any argument position (id, boolean, name or draft). */
const GARBAGE: readonly [string, unknown][] = [
  ['null', null],
  ['undefined', undefined],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['zero', 0],
  ['a huge number', 1e308],
  ['a bigint', 10n],
  ['the empty string', ''],
  ['a 5 MB string', huge],
  ['a string with NUL', '\u0000abc'],
  ['a string with a line break', 'abc\r\ndef'],
  ['an empty object', {}],
  ['an empty array', []],
  ['an array of drafts', [validDraft()]],
  ['deeply nested arrays', deepArray(10_000)],
  ['deeply nested objects', deepObject(10_000)],
  ['an own __proto__ key', JSON.parse('{"__proto__":{"polluted":true}}')],
  ['a constructor key', { constructor: { prototype: { polluted: true } } }],
  ['a date', new Date(0)],
  ['bytes', new Uint8Array(16)],
  ['a map', new Map([['a', 1]])],
  ['a function', () => 'hi'],
  ['a symbol', Symbol('s')],
  ['draft: extra key', validDraft({ extra: 1 })],
  ['draft: own __proto__ key', JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(validDraft()).slice(1)}`)],
  ['draft: constructor key', { ...validDraft(), constructor: 'x' }],
  ['draft: NaN port', validDraft({ outboundProxy: { host: 'p.example.com', port: Number.NaN, transport: 'udp' } })],
  ['draft: Infinity expires', validDraft({ registration: { enabled: true, expires: Number.POSITIVE_INFINITY } })],
  ['draft: array for an object', validDraft({ tls: [true, ''] })],
  ['draft: huge address', validDraft({ address: `${huge}@example.com` })],
  ['draft: nested garbage in a field', validDraft({ outboundProxy: deepObject(1000) })],
  ['draft: string password of 5 MB', validDraft({ password: huge })],
];

/**
 * Garbage that is legitimate in one position, so it is not a malformed case there: an upload may be empty
 * (size 0) and starts at offset 0, its chunks are bytes, and a file name is the page's as it is (main makes it
 * safe: a Linux file name may hold a line break).
 */
const VALID_IN_POSITION: Partial<Record<CommandName, Readonly<Record<number, readonly string[]>>>> = {
  'transfers.uploadBegin': { 0: ['a string with NUL', 'a string with a line break'], 1: ['zero'] },
  'transfers.uploadChunk': { 1: ['zero'], 2: ['bytes'] },
};

function validInPosition(name: CommandName, position: number, label: string): boolean {
  return VALID_IN_POSITION[name]?.[position]?.includes(label) === true;
}

const NOT_AN_ARGUMENT_LIST: readonly [string, unknown][] = [
  ['null', null],
  ['undefined', undefined],
  ['an object', {}],
  ['a string', 'accounts'],
  ['a number', 1],
  ['an array-like object', { 0: 'a', length: 1 }],
  ['NaN', Number.NaN],
];

let profile: Awaited<ReturnType<typeof makeTempProfile>>;
let core: ParleyCore;
let events: EventEnvelope[];
let validArgs: Record<CommandName, unknown[]>;
let before: AppSnapshot;
let fileBefore: string;

beforeAll(async () => {
  profile = await makeTempProfile();
  core = await createParleyCore({ profileDir: profile.dir, adapter: 'web', version: '0', logger: createLogger({ level: 'silent' }) });
  const added = await core.ipc.invoke('accounts.add', [validDraft({ password: 'pw' })]);
  if (!added.ok) throw new Error('setup failed');
  const alice = added.value as SipAccountView;
  validArgs = {
    'app.getSnapshot': [],
    'accounts.add': [validDraft({ address: 'new@example.com' })],
    'accounts.update': [alice.id, validDraft({ displayName: 'Changed' })],
    'accounts.remove': [alice.id],
    'accounts.setEnabled': [alice.id, false],
    'accounts.setDefault': [alice.id],
    'accounts.renameLan': ['Renamed'],
    'app.getPreferences': [],
    'app.setNotifications': [false],
    'logs.getSettings': [],
    'logs.setLevel': ['debug'],
    'logs.reveal': [],
    'sessions.list': [],
    'sessions.connect': [alice.id, 'sip:bob@example.com', ['chat']],
    'sessions.accept': ['5b7e8a52-4a59-4f1e-9d43-0c6a0f2b9e11'],
    'sessions.reject': ['5b7e8a52-4a59-4f1e-9d43-0c6a0f2b9e11', 'busy'],
    'sessions.end': ['5b7e8a52-4a59-4f1e-9d43-0c6a0f2b9e11'],
    'sessions.addStream': ['5b7e8a52-4a59-4f1e-9d43-0c6a0f2b9e11', 'chat'],
    'sessions.removeStream': ['5b7e8a52-4a59-4f1e-9d43-0c6a0f2b9e11', 'c1d2e3f4-0000-4000-8000-000000000001'],
    'desktop.allowSharing': ['c1d2e3f4-0000-4000-8000-000000000001'],
    'desktop.viewerOpen': ['c1d2e3f4-0000-4000-8000-000000000001'],
    'desktop.viewerSend': [{ streamId: 'c1d2e3f4-0000-4000-8000-000000000001', bytes: new Uint8Array([3, 1, 0, 0, 0, 0, 1, 64, 0, 240]) }],
    'desktop.viewerAck': ['c1d2e3f4-0000-4000-8000-000000000001', 4096],
    'desktop.viewerClose': ['c1d2e3f4-0000-4000-8000-000000000001'],
    'chat.send': ['5b7e8a52-4a59-4f1e-9d43-0c6a0f2b9e11', 'Hello,\nBob'],
    'chat.sendMessage': [alice.id, 'sip:bob@example.com', 'Hello,\nBob'],
    'chat.setComposing': [alice.id, 'bob@example.com', true],
    'history.conversations': [{ accountId: null, before: null }],
    'history.page': [{ accountId: alice.id, remote: 'bob@example.com', before: { timestamp: 1_700_000_000_000, id: 'a1' } }],
    'history.search': ['lunch tomorrow'],
    'history.markRead': [alice.id, 'sip:bob@example.com'],
    'transfers.send': [alice.id, 'sip:bob@example.com', '/home/alice/report.pdf'],
    'transfers.uploadBegin': ['report.pdf', 1024],
    'transfers.uploadChunk': ['5b7e8a52-4a59-4f1e-9d43-0c6a0f2b9e13', 0, new Uint8Array([1, 2, 3])],
    'transfers.uploadSend': ['5b7e8a52-4a59-4f1e-9d43-0c6a0f2b9e13', alice.id, 'sip:bob@example.com'],
    'transfers.uploadAbort': ['5b7e8a52-4a59-4f1e-9d43-0c6a0f2b9e13'],
    'transfers.accept': ['5b7e8a52-4a59-4f1e-9d43-0c6a0f2b9e12'],
    'transfers.decline': ['5b7e8a52-4a59-4f1e-9d43-0c6a0f2b9e12'],
    'transfers.cancel': ['5b7e8a52-4a59-4f1e-9d43-0c6a0f2b9e12'],
    'transfers.retry': ['5b7e8a52-4a59-4f1e-9d43-0c6a0f2b9e12'],
    'transfers.list': [],
    'transfers.reveal': ['5b7e8a52-4a59-4f1e-9d43-0c6a0f2b9e12'],
    'transfers.open': ['5b7e8a52-4a59-4f1e-9d43-0c6a0f2b9e12', true],
    'console.subscribe': ['console-1', { sip: 'full', msrp: 'headers', notification: 'off', log: 'full' }],
    'console.unsubscribe': ['console-1'],
    'console.snapshot': [],
    'console.clear': [],
    'console.export': [],
    'lan.peers': [],
  };
  events = [];
  core.ipc.subscribe((event) => events.push(event));
  const snapshot = await core.ipc.invoke('app.getSnapshot', []);
  if (!snapshot.ok) throw new Error('setup failed');
  before = snapshot.value as AppSnapshot;
  fileBefore = await readFile(join(profile.dir, 'accounts.json'), 'utf8');
});

afterAll(async () => {
  await core.dispose();
  await profile.cleanup();
});

/** The malformed argument lists for one command: wrong arity, then each position replaced by each garbage value. */
function batteryFor(name: CommandName): [string, unknown][] {
  const valid = validArgs[name];
  const cases: [string, unknown][] = NOT_AN_ARGUMENT_LIST.map(([label, args]) => [`args = ${label}`, args]);
  cases.push(['one argument too many', [...valid, 'extra']]);
  cases.push(['many arguments', Array.from({ length: 10_000 }, () => null)]);
  if (valid.length > 0) cases.push(['one argument too few', valid.slice(0, -1)]);
  valid.forEach((_, position) => {
    for (const [label, garbage] of GARBAGE) {
      if (validInPosition(name, position, label)) continue;
      const args = [...valid];
      args[position] = garbage;
      cases.push([`argument ${position} = ${label}`, args]);
    }
  });
  return cases;
}

describe('garbage to every command', () => {
  const names = Object.keys(COMMAND_NAMES) as CommandName[];

  it('the baseline arguments are valid, so each malformed case differs from a valid call by one thing', () => {
    for (const name of names) expect(validateCommandArgs(name, validArgs[name]).ok, name).toBe(true);
    // The exceptions are real: each is accepted where it is listed (else it belongs in the battery).
    for (const [name, positions] of Object.entries(VALID_IN_POSITION) as [CommandName, Record<number, readonly string[]>][]) {
      for (const [position, labels] of Object.entries(positions)) {
        for (const label of labels) {
          const args = [...validArgs[name]];
          args[Number(position)] = GARBAGE.find(([garbageLabel]) => garbageLabel === label)?.[1];
          expect(validateCommandArgs(name, args).ok, `${name}[${position}] = ${label}`).toBe(true);
        }
      }
    }
  });

  it.each(names)('%s refuses every malformed argument list', async (name) => {
    const cases = batteryFor(name);
    expect(cases.length).toBeGreaterThan(validArgs[name].length === 0 ? 8 : 40);
    for (const [label, args] of cases) {
      let result: Awaited<ReturnType<ParleyCore['ipc']['invoke']>> | undefined;
      await expect((async () => (result = await core.ipc.invoke(name, args)))(), label).resolves.toBeDefined();
      expect(result?.ok, `${name}: ${label}`).toBe(false);
      if (result?.ok === false) {
        expect(result.error.code, `${name}: ${label}`).toBe('invalid-argument');
        expect(typeof result.error.field, `${name}: ${label}`).toBe('string');
        expect(result.error.message.length, `${name}: ${label}`).toBeLessThan(300);
      }
    }
  });

  it('changed nothing: no events, same snapshot, same file, no prototype pollution', async () => {
    expect(events).toEqual([]);
    const after = await core.ipc.invoke('app.getSnapshot', []);
    expect(after).toEqual({ ok: true, value: before });
    expect(await readFile(join(profile.dir, 'accounts.json'), 'utf8')).toBe(fileBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
});
