import { useMemo } from 'react';
import { linkify } from './linkify';

/**
 * Message text with its http(s) links clickable. Links open outside the app: a new browsing context in web mode,
 * the system browser in the desktop app (its window-open handler hands http(s) URLs to the OS). `noopener
 * noreferrer`: the opened page gets no handle on this window and no referrer.
 */
export function LinkedText({ text }: { text: string }) {
  const segments = useMemo(() => linkify(text), [text]);
  return (
    <>
      {segments.map((segment, index) =>
        segment.kind === 'link' ? (
          <a key={index} href={segment.href} target="_blank" rel="noopener noreferrer" data-testid="message-link">
            {segment.text}
          </a>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </>
  );
}
