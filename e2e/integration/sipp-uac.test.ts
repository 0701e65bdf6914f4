import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountId, SessionView } from '../../src-shared';
import { DEFAULT_TEST_DOMAIN, HeadlessCore, loopbackAccountDraft } from '../peers/headless-core';
import { startKamailioSipProxy, type KamailioSipProxy } from '../peers/kamailio-sip-proxy';
import { freeTcpPort } from '../peers/ports';
import { describeSippRun, freeUdpPort, requireSipp, sippMessage, sippMessages, startSipp, stopStartedSipps } from '../peers/sipp';
import { SippMsrpPeer } from '../peers/sipp-msrp-peer';

/**
 * sipp calls Parley: Parley's account is registered at Kamailio (Parley opens no listening SIP socket for a
 * registered account, so calls reach it through the proxy over its own flow), sipp sends its INVITE to the
 * proxy over UDP with digest credentials. The MSRP end that sipp's SDP names is a raw MSRP peer of the test.
 */
describe('sipp calls Parley with an MSRP chat offer', () => {
  let proxy: KamailioSipProxy;
  let core: HeadlessCore;
  let msrp: SippMsrpPeer;
  let account: AccountId;
  let proxyPort: number;

  beforeAll(async () => {
    requireSipp();
    proxyPort = await freeTcpPort();
    proxy = await startKamailioSipProxy({ port: proxyPort, domain: DEFAULT_TEST_DOMAIN });
    [core, msrp] = await Promise.all([HeadlessCore.start('sipp-callee'), SippMsrpPeer.start()]);
    account = (await core.invoke('accounts.add', loopbackAccountDraft({ user: 'alice', password: 'alice-secret', sipPort: proxyPort }))).id;
    await core.waitFor(
      'accounts.changed',
      (state) => state.accounts.some((view) => view.id === account && view.kind === 'sip' && view.registration.state === 'registered'),
      'registration at the proxy',
    );
  });

  // A failed test must not leave its sipp waiting for messages.
  afterEach(() => stopStartedSipps());

  afterAll(async () => {
    await core?.dispose();
    await Promise.all([proxy?.stop(), msrp?.stop()]);
  });

  it('rings as INCOMING, answers with an MSRP m-line once accepted, carries chat, and ends TERMINATED by the remote BYE', async () => {
    const { uri, sessionId } = msrp.uri();
    // UDP, like most phones: the proxy's UDP and TCP listeners share a port number.
    const sipp = await startSipp({
      scenario: 'uac-msrp-chat.xml',
      port: await freeUdpPort(),
      transport: 'u1',
      remote: `127.0.0.1:${proxyPort}`,
      service: 'alice',
      auth: { user: 'carol', password: 'carol-secret' },
      keys: { msrp_port: String(msrp.port), msrp_session: sessionId },
      pauseMs: 2_500,
    });

    const incoming = await core.waitFor('sessions.changed', (view) => view.state === 'incoming', 'the incoming session');
    expect(incoming).toMatchObject({ direction: 'incoming', offeredStreamTypes: ['chat'], remoteDisplayName: 'Carol', accountId: account });
    expect(incoming.remoteUri).toBe(`sip:carol@${DEFAULT_TEST_DOMAIN}`);
    await core.invoke('sessions.accept', incoming.id);

    // RFC 6135: Parley answered active, so it connects to the path sipp offered and binds with a SEND (RFC 4975 §5.4).
    const bind = await msrp.waitFor((request) => request.method === 'SEND', 'the binding SEND');
    expect(bind.toPath).toBe(uri);
    const started = await core.waitFor('sessions.changed', (view) => view.id === incoming.id && view.streams[0]?.state === 'started', 'the chat stream');
    expect(started.state).toBe('established');
    msrp.sendText(bind.fromPath, uri, 'hello from the sipp side');
    const chat = await core.waitFor('chat.message', (message) => message.sessionId === incoming.id && message.direction === 'incoming', 'the chat message');
    expect(chat.text).toBe('hello from the sipp side');

    const ended = await core.waitFor('sessions.changed', (view) => view.id === incoming.id && view.state === 'terminated', 'the end by BYE');
    expect(ended).toMatchObject<Partial<SessionView>>({ endedBy: 'remote', failure: null });

    const result = await sipp.done;
    expect(result.exitCode, describeSippRun(result)).toBe(0);
    expect(result.stats['SuccessfulCall(C)']).toBe('1');
    // The 200's SDP as sipp received it names Parley's own MSRP URI (RFC 4975 §8.1), the one it bound from.
    const answers = sippMessages(result, 'received').filter((message) => message.startsWith('SIP/2.0 200 OK') && /^CSeq: *2 INVITE/m.test(message));
    expect(answers.length).toBeGreaterThan(0);
    expect(answers[0]).toContain(`a=path:${bind.fromPath}\r\n`);
    // RFC 3261 §16.6: the proxy recorded its route, and sipp's BYE followed it.
    expect(sippMessage(result, 'sent', 'BYE ')).toMatch(/^Route: <sip:127\.0\.0\.1:\d+;[^>]*lr[^>]*>/m);
  }, 60_000);
});
