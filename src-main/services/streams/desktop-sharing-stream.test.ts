import { connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { DesktopViewerChunk, DesktopViewerClosedEvent, StreamId } from '../../../src-shared';
import { createNullLogger } from '../../common';
import { applyMsrpAnswer, buildMsrpAnswer, buildMsrpOffer, classifyOffer, type AcceptableOfferedStream, type AcceptedStream } from '../../sip/sdp';
import type { SharedDesktop } from '../desktop-sharing';
import { DesktopSharingStream } from './desktop-sharing-stream';
import { DesktopSharingStreams } from './desktop-sharing-streams';
import { MediaStreamState } from './media-stream-state';
import type { MsrpStreamContext } from './msrp-stream-context';

const context: MsrpStreamContext = {
  connectionModel: 'direct',
  scheme: 'msrp',
  relay: undefined,
  localHost: '127.0.0.1',
  tls: undefined,
  localIdentity: 'sip:alice@parley.test',
  remoteIdentity: 'sip:bob@parley.test',
  logger: createNullLogger(),
};
const origin = { sessionId: '1', sessionVersion: '1', address: '127.0.0.1' };
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A stand-in VNC server on loopback: `local` is what the bridge gets; `server` is the far end. */
async function fakeDesktop(): Promise<{ desktop: SharedDesktop; server: Socket; stops: number[] }> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const address = listener.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  const accepted = new Promise<Socket>((resolve) => listener.once('connection', resolve));
  const local = connect(address.port, '127.0.0.1');
  const server = await accepted;
  listener.close();
  const stops: number[] = [];
  cleanups.push(() => void server.destroy());
  return {
    server,
    stops,
    desktop: {
      local,
      pid: undefined,
      stop: async () => {
        stops.push(Date.now());
        local.destroy();
      },
      dispose: () => void local.destroy(),
    },
  };
}

function hooks() {
  const data: DesktopViewerChunk[] = [];
  const closed: DesktopViewerClosedEvent[] = [];
  return { data, closed, hooks: { viewerData: (chunk: DesktopViewerChunk) => data.push(chunk), viewerClosed: (event: DesktopViewerClosedEvent) => closed.push(event) } };
}

/** Offer/answer over the real SDP rules, then both streams connect directly on loopback (RFC 6135). */
async function negotiate(offerer: DesktopSharingStream, answerFor: (offered: AcceptableOfferedStream) => DesktopSharingStream) {
  await offerer.initialize(context, { kind: 'offer' });
  const offer = buildMsrpOffer({ origin, streams: [offerer.localSpec()], setup: offerer.setup });
  const offered = classifyOffer(offer)[0];
  if (offered === undefined || !offered.usable) throw new Error('offer not usable');
  const answerer = answerFor(offered);
  await answerer.initialize(context, { kind: 'answer', offeredSetup: offered.remote.setup });
  const spec = answerer.localSpec();
  const { answer, streams } = buildMsrpAnswer({
    offer,
    origin,
    decide: () => ({ endpoint: spec.endpoint, connectionModel: 'direct', ...(spec.acceptTypes !== undefined ? { acceptTypes: spec.acceptTypes } : {}) }),
  });
  const answered = streams[0] as AcceptedStream;
  const applied = applyMsrpAnswer(offer, answer)[0] as AcceptedStream;
  expect(applied.accepted && answered.accepted).toBe(true);
  await Promise.all([offerer.start(applied), answerer.start(answered)]);
  return { offer, answerer, offered };
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('DesktopSharingStreams: the registry entry and its checks', () => {
  it('offers viewing by default, refuses to share without a VNC server, and waits for confirmation on proposals', () => {
    const none = new DesktopSharingStreams({ server: undefined }, hooks().hooks);
    expect(none.canShare).toBe(false);
    expect(() => none.checkRequest(['chat', 'desktop-sharing'], { desktopRole: 'server' })).toThrow(expect.objectContaining({ reason: 'no-rfb-server', code: 'unavailable' }));
    expect(() => none.checkRequest(['desktop-sharing'], { desktopRole: 'viewer' })).not.toThrow();
    expect(() => none.checkRequest(['chat'], undefined)).not.toThrow();
    const viewer = none.factory.createForOffer() as DesktopSharingStream;
    expect(viewer.role).toBe('desktop-viewer');
    expect(viewer.view().desktop).toEqual({ role: 'viewer', phase: 'starting', sharing: false, viewOnly: false });
    // A peer asking to view our screen is only taken by a core that can share.
    const asksToView = { role: 'desktop-server' } as AcceptableOfferedStream;
    expect(none.factory.handlesOffered(asksToView)).toBe(false);
    expect(none.factory.handlesOffered({ role: 'desktop-viewer' } as AcceptableOfferedStream)).toBe(true);
    expect(none.factory.handlesOffered({ role: 'chat' } as AcceptableOfferedStream)).toBe(false);

    const sharing = new DesktopSharingStreams({ server: { kind: 'x11vnc', display: ':99', viewOnly: true } }, hooks().hooks);
    expect(sharing.factory.handlesOffered(asksToView)).toBe(true);
    const proposed = sharing.factory.createForAnswer(asksToView, { userAccepted: false }) as DesktopSharingStream;
    expect(proposed.role).toBe('desktop-server');
    expect(proposed.view().desktop).toEqual({ role: 'server', phase: 'awaiting-confirmation', sharing: false, viewOnly: true });
    const accepted = sharing.factory.createForAnswer(asksToView, { userAccepted: true }) as DesktopSharingStream;
    expect(accepted.view().desktop?.phase).toBe('starting');
    expect(() => sharing.allowSharing(viewer.id)).toThrow(expect.objectContaining({ code: 'not-found' }));
    for (const stream of [viewer, proposed, accepted]) stream.dispose();
  });

  it('forgets a stream once it stops and tells the viewer why', () => {
    const { closed, hooks: h } = hooks();
    const streams = new DesktopSharingStreams({ server: undefined }, h);
    const viewer = streams.factory.createForOffer({ desktopRole: 'viewer' }) as DesktopSharingStream;
    expect(streams.get(viewer.id)).toBe(viewer);
    expect(() => streams.allowSharing(viewer.id)).toThrow(expect.objectContaining({ code: 'conflict' }));
    viewer.refuse('the peer declined the stream');
    expect(viewer.state).toBe(MediaStreamState.Failed);
    expect(viewer.view().desktop?.phase).toBe('stopped');
    expect(closed).toEqual([{ streamId: viewer.id, reason: 'failed' }]);
    expect(() => streams.viewerOpen(viewer.id)).toThrow(expect.objectContaining({ code: 'not-found' }));
    viewer.dispose();
    expect(closed).toHaveLength(1);
  });
});

describe('DesktopSharingStream over a loopback MSRP connection', () => {
  it('shares nothing before the user allows it, then carries RFB both ways; ending stops the VNC server', async () => {
    const viewing = hooks();
    const viewers = new DesktopSharingStreams({ server: undefined }, viewing.hooks);
    const fake = await fakeDesktop();
    let opened = 0;
    const sharers = new DesktopSharingStreams(
      {
        server: { kind: 'endpoint', host: '127.0.0.1', port: 1 },
        openServer: async () => {
          opened += 1;
          return fake.desktop;
        },
      },
      hooks().hooks,
    );
    const viewer = viewers.factory.createForOffer({ desktopRole: 'viewer' }) as DesktopSharingStream;
    let server: DesktopSharingStream | undefined;
    const { offer } = await negotiate(viewer, (offered) => (server = sharers.factory.createForAnswer(offered, { userAccepted: false }) as DesktopSharingStream));
    cleanups.push(() => viewer.dispose(), () => server?.dispose());
    // RFC 4975 §8 + the SIP SIMPLE client convention: m=application, x-rfb, the viewer is rfbsetup:active.
    expect(offer.media[0]?.media).toBe('application');
    expect(offer.media[0]?.attributes).toEqual(expect.arrayContaining([{ name: 'rfbsetup', value: 'active' }, { name: 'accept-types', value: 'application/x-rfb' }]));
    expect(viewer.state).toBe(MediaStreamState.Started);
    expect(server?.state).toBe(MediaStreamState.Started);
    const sharer = server as DesktopSharingStream;
    expect(sharer.view().desktop).toMatchObject({ role: 'server', phase: 'awaiting-confirmation', sharing: false });
    expect(viewer.view().desktop).toMatchObject({ role: 'viewer', phase: 'active' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(opened).toBe(0);

    // The user allows it: the (fake) VNC server greets, and the greeting waits for the viewer to open.
    sharers.allowSharing(sharer.id);
    await until(() => sharer.sharing);
    expect(opened).toBe(1);
    fake.server.write('RFB 003.008\n');
    await until(() => (viewer.viewer?.queuedBytes ?? 0) === 12);
    expect(viewing.data).toEqual([]);
    viewers.viewerOpen(viewer.id);
    await until(() => viewing.data.length > 0);
    expect(Buffer.from(viewing.data[0]!.bytes).toString('latin1')).toBe('RFB 003.008\n');
    expect(viewing.data[0]!.streamId).toBe(viewer.id as StreamId);
    viewers.viewerAck(viewer.id, 12);

    // The viewer's bytes reach the VNC server.
    const received: Buffer[] = [];
    fake.server.on('data', (data: Buffer) => received.push(data));
    viewers.viewerSend({ streamId: viewer.id, bytes: Buffer.from('RFB 003.008\n') });
    await until(() => Buffer.concat(received).length >= 12);
    expect(Buffer.concat(received).toString('latin1')).toBe('RFB 003.008\n');

    // The viewing side ends the stream: the sharing side's bridge ends and its VNC server is stopped.
    await viewer.end();
    expect(viewer.state).toBe(MediaStreamState.Ended);
    await until(() => sharer.isFinal);
    expect(sharer.state).toBe(MediaStreamState.Ended);
    expect(sharer.view().desktop).toMatchObject({ phase: 'stopped', sharing: false });
    await until(() => fake.stops.length > 0);
    expect(fake.stops).toHaveLength(1);
    expect(viewing.closed).toEqual([{ streamId: viewer.id, reason: 'ended' }]);
  });

  it('fails the sharing stream when the VNC server cannot be started, which ends the viewer’s too', async () => {
    const viewing = hooks();
    const viewers = new DesktopSharingStreams({ server: undefined }, viewing.hooks);
    const sharers = new DesktopSharingStreams(
      { server: { kind: 'x11vnc', display: ':99', executable: 'parley-no-such-x11vnc' } },
      hooks().hooks,
    );
    const viewer = viewers.factory.createForOffer() as DesktopSharingStream;
    let server: DesktopSharingStream | undefined;
    await negotiate(viewer, (offered) => (server = sharers.factory.createForAnswer(offered, { userAccepted: true }) as DesktopSharingStream));
    cleanups.push(() => viewer.dispose(), () => server?.dispose());
    await until(() => server?.isFinal === true);
    expect(server?.state).toBe(MediaStreamState.Failed);
    expect(server?.failure).toMatch(/x11vnc is not installed/);
    await until(() => viewer.isFinal);
    expect(viewing.closed).toHaveLength(1);
  });
});
