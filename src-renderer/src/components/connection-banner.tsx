import { useAppMirror } from '../bridge/bridge-context';

/** Says so when the channel to the core is down; commands fail until it is back. */
export function ConnectionBanner() {
  const connection = useAppMirror((state) => state.connection);
  if (connection !== 'disconnected') return null;
  return (
    <div className="banner banner-warning" role="status" data-testid="connection-banner">
      Lost the connection to Parley's core. Reconnecting… Changes cannot be saved until it is back.
    </div>
  );
}
