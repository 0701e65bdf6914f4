import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '../../src-shared';
import { HeadlessCore, loopbackAccountDraft } from '../peers/headless-core';
import { freeTcpPort } from '../peers/ports';
import { describeSippRun, requireSipp, sippTrace, startSipp, stopStartedSipps } from '../peers/sipp';
import { SippMsrpPeer } from '../peers/sipp-msrp-peer';

/**
 * Request glare (RFC 3261 §14): Parley's re-INVITE adding a stream crosses a re-INVITE from sipp. sipp is the
 * account's registrar and outbound proxy over TCP, so both re-INVITEs meet head on, with nothing in between
 * to reorder them; the MSRP peer of the test takes both streams' connections.
 */
describe('re-INVITE glare with sipp', () => {
  let core: HeadlessCore;
  let msrp: SippMsrpPeer;

  beforeAll(async () => {
    requireSipp();
    [core, msrp] = await Promise.all([HeadlessCore.start('sipp-glare'), SippMsrpPeer.start()]);
  });

  // A failed test must not leave its sipp waiting for messages.
  afterEach(() => stopStartedSipps());

  afterAll(async () => {
    await core?.dispose();
    await msrp?.stop();
  });

  it('answers the crossing re-INVITE 491, retries its own after the §14.1 delay, and gets the stream', async () => {
    const first = msrp.uri();
    const second = msrp.uri();
    const port = await freeTcpPort();
    const sipp = await startSipp({
      scenario: 'uas-glare.xml',
      port,
      transport: 't1',
      calls: 2,
      keys: { msrp_port: String(msrp.port), msrp_session: first.sessionId, msrp_session2: second.sessionId },
    });
    const account = (await core.invoke('accounts.add', loopbackAccountDraft({ user: 'glare', password: 'unused', sipPort: port }))).id;
    await core.waitFor(
      'accounts.changed',
      (state) => state.accounts.some((view) => view.id === account && view.kind === 'sip' && view.registration.state === 'registered'),
      'registration at sipp',
    );

    const outgoing = await core.invoke('sessions.connect', account, 'sip:glare@parley.test', ['chat']);
    await startedStreams(core, outgoing.id, 1);
    await core.invoke('sessions.addStream', outgoing.id, 'chat');
    const both = await startedStreams(core, outgoing.id, 2);
    expect(both.streams.map((stream) => stream.type)).toEqual(['chat', 'chat']);
    // Each stream bound its own MSRP session at the peer (RFC 4975 §5.4).
    await msrp.waitFor((request) => request.toPath === second.uri, 'the second stream binding');
    await core.invoke('sessions.end', outgoing.id);
    const ended = await core.waitFor('sessions.changed', (view) => view.id === outgoing.id && view.state === 'terminated', 'the end');
    expect(ended).toMatchObject<Partial<SessionView>>({ endedBy: 'local', failure: null });

    const result = await sipp.done;
    await core.invoke('accounts.setEnabled', account, false);
    expect(result.exitCode, describeSippRun(result)).toBe(0);
    expect(result.stats['SuccessfulCall(C)']).toBe('2');

    const trace = sippTrace(result);
    const invites = trace.filter((entry) => entry.direction === 'received' && entry.text.startsWith('INVITE '));
    expect(invites).toHaveLength(3);
    const [, crossed, retried] = invites as [unknown, (typeof invites)[number], (typeof invites)[number]];
    // RFC 3261 §14.2: Parley answered sipp's crossing re-INVITE with 491.
    const refusal = trace.find((entry) => entry.direction === 'received' && /^SIP\/2\.0 491/.test(entry.text));
    expect(refusal?.text).toMatch(/^CSeq: *101 INVITE/m);
    // §14.1: the retry came 2.1 to 4 s after sipp's 491 (Parley owns the Call-ID), with a higher CSeq (§12.2.1.1).
    const ours = trace.find((entry) => entry.direction === 'sent' && /^SIP\/2\.0 491/.test(entry.text));
    expect(ours).toBeDefined();
    const waited = retried.at - (ours?.at ?? 0);
    expect(waited).toBeGreaterThanOrEqual(2_090);
    expect(waited).toBeLessThanOrEqual(4_500);
    expect(cseq(retried.text)).toBeGreaterThan(cseq(crossed.text));
    // The retry offers the same two m-lines (RFC 3264 §8: the old stream first, the new one appended).
    expect(retried.text.match(/^m=message /gm)).toHaveLength(2);
  }, 60_000);
});

function startedStreams(core: HeadlessCore, id: SessionView['id'], count: number): Promise<SessionView> {
  return core.waitFor(
    'sessions.changed',
    (view) => view.id === id && view.state === 'established' && view.streams.filter((stream) => stream.state === 'started').length === count,
    `${count} started stream(s)`,
    20_000,
  );
}

function cseq(message: string): number {
  return Number(/^CSeq: *(\d+)/m.exec(message)?.[1] ?? Number.NaN);
}
