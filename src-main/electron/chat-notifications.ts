import type { NotificationConstructorOptions } from 'electron';
import type { ChatMessageView, EventEnvelope, OpenConversationRequest } from '../../src-shared';
import type { Logger } from '../common';
import type { IpcCore } from '../services';

/** How much of a message the notification shows. */
export const NOTIFICATION_BODY_CHARS = 120;
/** Message ids remembered so one message never notifies twice (a later change of it emits again). */
const REMEMBERED_IDS = 500;

/** The parts of Electron's `Notification` the shell uses (the check passes a stand-in). */
export interface NotificationLike {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
}
export interface NotificationClass {
  new (options: NotificationConstructorOptions): NotificationLike;
  isSupported(): boolean;
}

export interface ChatNotificationsOptions {
  readonly Notification: NotificationClass;
  readonly subscribe: IpcCore['subscribe'];
  /** The user's preference (Settings → Notifications), read when a message arrives. */
  readonly enabled: () => boolean;
  /** True while the main window exists and has the focus: the user already sees the message then. */
  readonly windowFocused: () => boolean;
  /** Brings the main window to the front (restored, shown, focused), opening it if it was closed. */
  readonly showWindow: () => void;
  /** Tells the renderer to show the conversation (an `app.openConversation` event). */
  readonly openConversation: (request: OpenConversationRequest) => void;
  readonly logger: Logger;
}

export interface ChatNotifications {
  dispose(): void;
}

/** A stored message that deserves a notice: incoming, unread, and new (not a later change of one). */
export function isNewIncoming(message: ChatMessageView): boolean {
  return message.direction === 'in' && message.state === 'received' && !message.read;
}

/** The sender as people know them: the display name, else the address without `sip:` and parameters. */
export function notificationTitle(message: ChatMessageView): string {
  const name = plainLine(message.remoteDisplayName ?? '');
  if (name !== '') return name;
  return message.conversation.replace(/^sips?:/i, '').replace(/[;?].*$/, '') || message.remoteUri;
}

/**
 * The first NOTIFICATION_BODY_CHARS characters of the text on one line, as plain text: Electron passes it
 * to the OS as text (on Linux it escapes it for servers that read markup), nothing here is HTML.
 */
export function notificationBody(message: ChatMessageView): string {
  if (message.text === null) return `Sent something Parley cannot show as text (${plainLine(message.contentType)}).`;
  const text = plainLine(message.text);
  const chars = [...text];
  return chars.length <= NOTIFICATION_BODY_CHARS ? text : `${chars.slice(0, NOTIFICATION_BODY_CHARS - 1).join('').trimEnd()}…`;
}

/** Control and bidirectional-override characters removed, every run of white space one space. */
function plainLine(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * OS notifications for chat in the desktop app: a new incoming message while the main window is not
 * focused shows one; clicking it brings the window forward at that conversation.
 */
export function attachChatNotifications(options: ChatNotificationsOptions): ChatNotifications {
  const { logger } = options;
  const supported = options.Notification.isSupported();
  if (!supported) logger.info('This system shows no notifications; new messages are shown in the window only');
  const notified = new Set<string>();
  // Held until clicked or closed: a notification object that is collected loses its click handler.
  const live = new Set<NotificationLike>();

  const notify = (message: ChatMessageView): void => {
    const notification = new options.Notification({
      title: notificationTitle(message),
      body: notificationBody(message),
      silent: false,
    });
    live.add(notification);
    notification.on('close', () => live.delete(notification));
    notification.on('click', () => {
      live.delete(notification);
      options.showWindow();
      options.openConversation({ accountId: message.accountId, conversation: message.conversation });
    });
    notification.show();
  };

  const unsubscribe = options.subscribe((envelope: EventEnvelope) => {
    if (!supported || envelope.name !== 'chat.messageChanged') return;
    const message = envelope.payload as ChatMessageView;
    if (!isNewIncoming(message) || notified.has(message.id)) return;
    notified.add(message.id);
    if (notified.size > REMEMBERED_IDS) notified.delete(notified.values().next().value as string);
    if (!options.enabled() || options.windowFocused()) return;
    try {
      notify(message);
    } catch (error) {
      logger.warn('A chat notification could not be shown', { error });
    }
  });

  return {
    dispose() {
      unsubscribe();
      live.clear();
    },
  };
}
