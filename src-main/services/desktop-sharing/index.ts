// Desktop sharing (VNC over MSRP): the VNC server side and the RFB ↔ MSRP bridge. See README.md.
export { DesktopSharingError } from './desktop-sharing-error';
export type { DesktopSharingFailure } from './desktop-sharing-error';
export { connectRfbServer, DEFAULT_RFB_CONNECT_TIMEOUT_MS } from './rfb-server-endpoint';
export type { RfbServerEndpoint } from './rfb-server-endpoint';
export { DEFAULT_BRIDGE_HIGH_WATER_MARK, RFB_CONTENT_TYPE, RFB_MAX_CHUNK_BYTES, RfbMsrpBridge } from './rfb-msrp-bridge';
export type { BridgeEnd, BridgeEndReason, BridgeStats, RfbMsrpBridgeEvents, RfbMsrpBridgeOptions } from './rfb-msrp-bridge';
export { freeLoopbackPort, X11VncServer } from './x11vnc-server';
export type { X11VncExit, X11VncOptions } from './x11vnc-server';
export { generateVncPassword, VNC_PASSWORD_LENGTH, vncAuthResponse, vncKey } from './vnc-auth';
export { openRfbServerForViewer } from './open-rfb-server';
export { RfbSecurityFacade } from './rfb-security-facade';
export { loginToRfbServer, RFB_VERSION_3_8, SECURITY_NONE, SECURITY_VNC_AUTH } from './rfb-server-login';
export { DEFAULT_VIEWER_WINDOW_BYTES, DesktopViewerChannel } from './desktop-viewer-channel';
export type { DesktopViewerChannelOptions } from './desktop-viewer-channel';
export { defaultRfbServerSource, openSharedDesktop } from './rfb-server-source';
export type { RfbServerSource, SharedDesktop } from './rfb-server-source';
