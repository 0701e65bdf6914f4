import type { LanPeerView } from '../../../src-shared';
import type { LanPeer } from '../../sip';

/** The discovered peers as contacts, by display name then id so the list does not reorder on every change. */
export function lanPeerViews(peers: readonly LanPeer[]): LanPeerView[] {
  return peers
    .map((peer) => ({ id: peer.instanceId, displayName: peer.displayName, contact: peer.contact, addresses: [...peer.addresses] }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
}
