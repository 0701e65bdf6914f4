import { connectRfbServer, DEFAULT_RFB_CONNECT_TIMEOUT_MS, type RfbServerEndpoint } from './rfb-server-endpoint';
import { RfbSecurityFacade } from './rfb-security-facade';
import { loginToRfbServer } from './rfb-server-login';

/**
 * The sharing side's local end for `RfbMsrpBridge`: connects to the VNC server, authenticates with the
 * endpoint's password here (RFC 6143 §7.2.2), and offers the remote viewer a handshake with security None.
 * Rejects with a `DesktopSharingError` (`rfb-server-unreachable`, `rfb-protocol`).
 */
export async function openRfbServerForViewer(endpoint: RfbServerEndpoint, timeoutMs = DEFAULT_RFB_CONNECT_TIMEOUT_MS): Promise<RfbSecurityFacade> {
  const socket = await connectRfbServer(endpoint, timeoutMs);
  try {
    await loginToRfbServer(socket, endpoint.password, timeoutMs);
  } catch (error) {
    socket.destroy();
    throw error;
  }
  return new RfbSecurityFacade(socket);
}
