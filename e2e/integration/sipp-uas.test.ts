import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountId } from '../../src-shared';
import { SessionTimers } from '../../src-main/services/sessions';
import { HeadlessCore, loopbackAccountDraft } from '../peers/headless-core';
import { freeTcpPort } from '../peers/ports';
import { describeSippRun, requireSipp, sippMessage, sippMessages, startSipp, stopStartedSipps, type SippHandle, type SippResult } from '../peers/sipp';
import { terminated } from './session-waits';

/**
 * Parley calls sipp. Each scenario's sipp is the account's outbound proxy and registrar over TCP on
 * 127.0.0.1, so sipp sees exactly what Parley's transaction layer sends (no proxy answers in between):
 * the scenario judges the SIP side, the session's view over IPC judges Parley's side.
 */
describe('Parley calls a sipp callee', () => {
  let core: HeadlessCore;
  let accounts = 0;
  const defaultNoAnswerMs = SessionTimers.noAnswerMs;

  beforeAll(async () => {
    requireSipp();
    // The core runs in this process: a short no-answer timer keeps the unanswered call brief.
    SessionTimers.noAnswerMs = NO_ANSWER_MS;
    core = await HeadlessCore.start('sipp-caller');
  });

  // A failed test must not leave its sipp waiting for messages.
  afterEach(() => stopStartedSipps());

  afterAll(async () => {
    await core?.dispose();
    SessionTimers.noAnswerMs = defaultNoAnswerMs;
  });

  /** A fresh account whose registrar and outbound proxy is a sipp running `scenario` (-m 2: REGISTER + INVITE). */
  async function callee(scenario: string): Promise<{ sipp: SippHandle; account: AccountId }> {
    const port = await freeTcpPort();
    const sipp = await startSipp({ scenario, port, transport: 't1', calls: 2, timeoutMs: 30_000 });
    accounts += 1;
    const view = await core.invoke('accounts.add', loopbackAccountDraft({ user: `caller${accounts}`, password: 'unused', sipPort: port }));
    await core.waitFor(
      'accounts.changed',
      (state) => state.accounts.some((account) => account.id === view.id && account.kind === 'sip' && account.registration.state === 'registered'),
      `registration at sipp (${scenario})`,
    );
    return { sipp, account: view.id };
  }

  /** sipp's verdict: every call of the scenario (the REGISTER and the INVITE) succeeded. */
  async function passed(sipp: SippHandle, account: AccountId): Promise<SippResult> {
    const result = await sipp.done;
    await core.invoke('accounts.setEnabled', account, false);
    expect(result.exitCode, describeSippRun(result)).toBe(0);
    expect(result.stats['SuccessfulCall(C)'], describeSippRun(result)).toBe('2');
    expect(result.stats['FailedCall(C)']).toBe('0');
    return result;
  }

  it('486 Busy Here: the session fails with 486 and its reason, and the transaction layer ACKs it', async () => {
    const { sipp, account } = await callee('uas-busy.xml');
    const outgoing = await core.invoke('sessions.connect', account, 'sip:busy@parley.test', ['chat']);
    const ended = await terminated(core, outgoing.id);
    expect(ended.failure).toEqual({ originator: 'remote', code: 486, reason: 'Busy Here' });
    expect(ended.endedBy).toBeNull();
    expect(ended.streams.every((stream) => stream.state === 'failed' || stream.state === 'ended')).toBe(true);

    const result = await passed(sipp, account);
    // RFC 3261 §17.1.1.3: the ACK of a non-2xx response is part of the INVITE transaction (same branch).
    const invite = sippMessage(result, 'received', 'INVITE ');
    expect(branchOf(sippMessage(result, 'received', 'ACK '))).toBe(branchOf(invite));
    expect(branchOf(invite)).toMatch(/^z9hG4bK/);
  });

  it('an answer with audio only: Parley ACKs the 200, ends the dialog with BYE, fails with 488, and stays usable', async () => {
    const { sipp, account } = await callee('uas-audio-only.xml');
    const outgoing = await core.invoke('sessions.connect', account, 'sip:audio@parley.test', ['chat']);
    const ended = await terminated(core, outgoing.id);
    expect(ended.endedBy).toBeNull();
    expect(ended.failure).toMatchObject({ originator: 'local', code: 488 });
    expect(ended.failure?.reason).not.toBe('');

    const result = await passed(sipp, account);
    const bye = sippMessage(result, 'received', 'BYE ');
    // RFC 3326: the BYE says why the session ends.
    expect(bye).toMatch(/^Reason: SIP ?;cause=488/im);
    // RFC 3261 §12.2.1.1: in-dialog requests go to the remote target (the 200's Contact).
    expect(bye).toMatch(/^BYE sip:callee@127\.0\.0\.1:\d+;transport=tcp SIP\/2\.0/);
    // RFC 3261 §13.2.2.4: the 2xx is ACKed end to end (a new transaction: its own branch) before the BYE.
    const ack = sippMessage(result, 'received', 'ACK ');
    expect(branchOf(ack)).not.toBe(branchOf(sippMessage(result, 'received', 'INVITE ')));
    expect(result.messages.indexOf(ack)).toBeLessThan(result.messages.indexOf(bye));

    // The core is still usable: the next scenario places a new call on a new account.
    const { sipp: next, account: nextAccount } = await callee('uas-busy.xml');
    const again = await core.invoke('sessions.connect', nextAccount, 'sip:busy@parley.test', ['chat']);
    expect((await terminated(core, again.id)).failure?.code).toBe(486);
    await passed(next, nextAccount);
  });

  it('ending while it rings sends CANCEL; sipp answers 487 and the session ends cancelled', async () => {
    const { sipp, account } = await callee('uas-ring-cancel.xml');
    const outgoing = await core.invoke('sessions.connect', account, 'sip:ringing@parley.test', ['chat']);
    await sipp.waitForTrace(/message sent[^\n]*\n\s*SIP\/2\.0 180 Ringing/);
    expect((await core.invoke('sessions.list')).sessions.find((view) => view.id === outgoing.id)?.state).toBe('calling');
    await core.invoke('sessions.end', outgoing.id);
    const ended = await terminated(core, outgoing.id);
    expect(ended.failure).toEqual({ originator: 'local', code: 487, reason: 'Cancelled' });

    const result = await passed(sipp, account);
    const invite = sippMessage(result, 'received', 'INVITE ');
    const cancel = sippMessage(result, 'received', 'CANCEL ');
    // RFC 3261 §9.1: the CANCEL matches the INVITE: same Request-URI, Call-ID, CSeq number and branch.
    expect(cancel.split('\r\n')[0]?.replace('CANCEL', 'INVITE')).toBe(invite.split('\r\n')[0]);
    expect(branchOf(cancel)).toBe(branchOf(invite));
    expect(cseqNumber(cancel)).toBe(cseqNumber(invite));
  });

  it('no answer: after 100 Trying and silence Parley CANCELs on its own timer and fails with 408', async () => {
    const { sipp, account } = await callee('uas-no-answer.xml');
    const started = Date.now();
    const outgoing = await core.invoke('sessions.connect', account, 'sip:nobody@parley.test', ['chat']);
    const ended = await terminated(core, outgoing.id);
    const elapsed = Date.now() - started;
    expect(ended.failure).toMatchObject({ originator: 'local', code: 408 });
    expect(elapsed).toBeGreaterThanOrEqual(NO_ANSWER_MS - 50);
    expect(elapsed).toBeLessThan(NO_ANSWER_MS + 5_000);
    const result = await passed(sipp, account);
    expect(branchOf(sippMessage(result, 'received', 'CANCEL '))).toBe(branchOf(sippMessage(result, 'received', 'INVITE ')));
    expect(sippMessages(result, 'sent').filter((message) => message.startsWith('SIP/2.0 1'))).toHaveLength(1);
  });
});

/** The no-answer timer of these tests (the product default is minutes). */
const NO_ANSWER_MS = 1_500;

function cseqNumber(message: string | undefined): string | undefined {
  return message?.match(/^CSeq:\s*(\d+)/im)?.[1];
}

function branchOf(message: string | undefined): string | undefined {
  return message?.match(/^Via:.*;branch=([^;\s]+)/im)?.[1];
}
