import type { ViewerState } from './desktop-viewer-session';

interface ViewerToolbarProps {
  readonly state: ViewerState;
  /** The viewer is loading, connecting or connected (not ended or failed). */
  readonly live: boolean;
  readonly fullScreen: boolean;
  /** The sharing side offered view-only: input would be ignored there, so the toggle stays on. */
  readonly offeredViewOnly: boolean;
  readonly onScaled: (scaled: boolean) => void;
  readonly onFullScreen: () => void;
  readonly onViewOnly: (viewOnly: boolean) => void;
  readonly onCtrlAltDel: () => void;
  readonly onStop: () => void;
}

/** The viewer's controls: toggles are buttons with aria-pressed, so keyboards and screen readers get their state. */
export function ViewerToolbar(props: ViewerToolbarProps) {
  const { state, live } = props;
  const connected = state.phase === 'connected';
  return (
    <div className="desktop-viewer-toolbar" role="toolbar" aria-label="Remote screen controls">
      <button type="button" aria-pressed={state.scaled} disabled={!live} onClick={() => props.onScaled(!state.scaled)} data-testid="desktop-scale">
        Scale to window
      </button>
      <button type="button" aria-pressed={props.fullScreen} disabled={!live} onClick={props.onFullScreen} data-testid="desktop-fullscreen">
        {props.fullScreen ? 'Leave full screen' : 'Full screen'}
      </button>
      <button
        type="button"
        aria-pressed={state.viewOnly}
        disabled={!live || props.offeredViewOnly}
        onClick={() => props.onViewOnly(!state.viewOnly)}
        data-testid="desktop-view-only"
        title={props.offeredViewOnly ? 'They share their screen for viewing only.' : 'Your mouse and keyboard stay here while this is on.'}
      >
        View only
      </button>
      <button type="button" disabled={!connected || state.viewOnly} onClick={props.onCtrlAltDel} data-testid="desktop-ctrl-alt-del">
        Send Ctrl+Alt+Del
      </button>
      <button type="button" className="danger" disabled={!live} onClick={props.onStop} data-testid="desktop-stop-viewing">
        Stop viewing
      </button>
    </div>
  );
}
