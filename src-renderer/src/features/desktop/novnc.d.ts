/**
 * The part of noVNC 1.7's RFB class Parley uses (the package ships JavaScript only; see its docs/API.md).
 * `urlOrChannel` may be a URL, a WebSocket, an RTCDataChannel, or any object with their shape.
 */
declare module '@novnc/novnc' {
  export interface RfbOptions {
    readonly shared?: boolean;
    readonly credentials?: { readonly username?: string; readonly password?: string; readonly target?: string };
    readonly wsProtocols?: readonly string[];
  }

  export interface RfbEventMap {
    connect: CustomEvent<Record<string, never>>;
    disconnect: CustomEvent<{ clean: boolean }>;
    credentialsrequired: CustomEvent<{ types: string[] }>;
    securityfailure: CustomEvent<{ status: number; reason?: string }>;
    clipboard: CustomEvent<{ text: string }>;
    desktopname: CustomEvent<{ name: string }>;
  }

  // Its own small event-target mixin, not a DOM EventTarget.
  export default class RFB {
    constructor(target: HTMLElement, urlOrChannel: string | object, options?: RfbOptions);
    viewOnly: boolean;
    scaleViewport: boolean;
    clipViewport: boolean;
    resizeSession: boolean;
    focusOnClick: boolean;
    background: string;
    sendCtrlAltDel(): void;
    clipboardPasteFrom(text: string): void;
    disconnect(): void;
    focus(options?: FocusOptions): void;
    blur(): void;
    addEventListener<K extends keyof RfbEventMap>(type: K, listener: (event: RfbEventMap[K]) => void): void;
    removeEventListener<K extends keyof RfbEventMap>(type: K, listener: (event: RfbEventMap[K]) => void): void;
  }
}
