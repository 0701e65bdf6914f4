import type { SessionView } from '../../../../src-shared';
import { useCommands } from '../../bridge/bridge-context';
import type { ClientResult } from '../../bridge/client-result';
import { canChangeStreams, canRemoveStream } from '../../stores/session-selectors';
import type { SessionCommand } from './session-command-errors';
import { describeStream, streamName } from './session-status';

interface SessionStreamsProps {
  readonly view: SessionView;
  readonly onRun: (command: SessionCommand, action: Promise<ClientResult<unknown>>) => void;
}

/** The streams of a session with their state; add a chat stream, or remove one while another stays. */
export function SessionStreams({ view, onRun }: SessionStreamsProps) {
  const commands = useCommands();
  const streams = view.streams;
  return (
    <section className="session-streams" aria-labelledby="streams-heading">
      <div className="sidebar-heading">
        <h2 id="streams-heading">Streams</h2>
        {canChangeStreams(view) ? (
          <button type="button" onClick={() => onRun('addStream', commands.invoke('sessions.addStream', view.id, 'chat'))} data-testid="add-chat-stream">
            Add chat
          </button>
        ) : null}
      </div>
      {streams.length === 0 ? (
        <p className="muted">
          {view.offeredStreamTypes.length > 0 ? `Offered: ${view.offeredStreamTypes.map(streamName).join(', ')}` : 'No streams yet.'}
        </p>
      ) : null}
      <ul className="stream-list" data-testid="stream-list">
        {streams.map((stream, index) => (
          <li key={stream.id} className="stream-row" data-testid="stream-row" data-stream-type={stream.type} data-stream-state={stream.state}>
            <span>
              {streamName(stream.type)} {streams.filter((other) => other.type === stream.type).length > 1 ? index + 1 : ''}
            </span>
            <span className="badge" data-state={stream.state} data-testid="stream-state">
              {describeStream(stream)}
            </span>
            {canRemoveStream(view, stream) ? (
              <button
                type="button"
                className="link"
                onClick={() => onRun('removeStream', commands.invoke('sessions.removeStream', view.id, stream.id))}
                aria-label={`Remove ${streamName(stream.type)} stream ${index + 1}`}
                data-testid="remove-stream"
              >
                Remove
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
