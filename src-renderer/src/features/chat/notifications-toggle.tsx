import { useState } from 'react';
import { useAppMirror } from '../../bridge/bridge-context';

type Permission = NotificationPermission | 'unsupported';

function currentPermission(): Permission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/**
 * Asks for permission to show notifications, only when the user presses the button (browsers ignore or penalize
 * requests made on load, and they are rude). Web mode only: the desktop app notifies from its main process.
 */
export function NotificationsToggle() {
  const adapter = useAppMirror((state) => state.info?.adapter);
  const [permission, setPermission] = useState<Permission>(currentPermission);
  if (adapter !== 'web' || permission === 'unsupported' || permission === 'granted') return null;
  if (permission === 'denied') {
    return (
      <span className="muted notifications-hint" title="Allow notifications for this page in the browser’s site settings to be told about new messages.">
        Notifications blocked
      </span>
    );
  }
  return (
    <button type="button" className="link" onClick={() => void Notification.requestPermission().then(setPermission)} data-testid="enable-notifications">
      Notify me
    </button>
  );
}
