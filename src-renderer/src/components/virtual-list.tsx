import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useBottomFollow } from './use-bottom-follow';
import { rowAt, rowOffsets, visibleRange } from './virtual-range';

export interface VirtualListProps<T> {
  readonly items: readonly T[];
  readonly itemKey: (item: T) => string;
  /** A row's height until it has been measured. */
  readonly estimateHeight: (item: T) => number;
  readonly renderItem: (item: T) => ReactNode;
  readonly label: string;
  readonly className?: string;
  readonly role?: string;
  readonly testId?: string;
  /** Extra pixels rendered above and below the viewport. */
  readonly overscanPx?: number;
  /** The user scrolled near the top, or the rows do not fill the viewport: older rows are wanted. */
  readonly onNearTop?: () => void;
  /** Scrolls this row to the middle and focuses it, once, when it is among the items. */
  readonly scrollToKey?: string | null;
  /**
   * Shown after the list while rows arrived below and the user, reading further up, has not seen them; `jump`
   * scrolls to the newest and follows again.
   */
  readonly renderNewBelow?: (jump: () => void) => ReactNode;
}

const NEAR_TOP_PX = 240;
// Server rendering and the first paint have no measured viewport: assume a typical one.
const ASSUMED_VIEWPORT_PX = 600;
// A row's margins belong to its height: without a formatting context of its own, a row's margins collapse
// through the wrapper the list measures, and the offsets fall short of the real layout by a gap per row.
const ROW_STYLE = { display: 'flow-root' } as const;

/**
 * A bottom-anchored virtualized list (a chat log): only the rows in view plus the overscan are in the DOM, between
 * two spacers. Rows are measured as they render. While the user follows the bottom, new rows keep it there;
 * otherwise the first visible row keeps its place when rows are added above it (older pages) or change height,
 * and rows added below are offered through `renderNewBelow` instead of scrolling the user away.
 */
export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, itemKey, estimateHeight, renderItem, overscanPx = 400, onNearTop, scrollToKey, renderNewBelow } = props;
  const container = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const observer = useRef<ResizeObserver | null>(null);
  const { follow, newBelow } = useBottomFollow(container);
  const anchor = useRef<{ key: string; delta: number } | null>(null);
  const lastKey = useRef<string | undefined>(undefined);
  const handledScrollTo = useRef<string | null>(null);
  const pendingFocus = useRef<string | null>(null);
  const [measured, setMeasured] = useState(0);
  const [scrollTop, setScrollTop] = useState(Number.POSITIVE_INFINITY);
  const [viewport, setViewport] = useState(ASSUMED_VIEWPORT_PX);

  const keys = useMemo(() => items.map(itemKey), [items, itemKey]);
  const offsets = useMemo(
    () => rowOffsets(items.map((item, index) => heights.current.get(keys[index] as string) ?? estimateHeight(item))),
    // `measured` changes when a row's measured height does: the offsets must follow.
    [items, keys, estimateHeight, measured],
  );
  const total = offsets[offsets.length - 1] as number;
  const { start, end } = visibleRange(offsets, scrollTop, viewport, overscanPx);
  const latest = useRef({ keys, offsets, onNearTop });
  latest.current = { keys, offsets, onNearTop };

  const observe = useCallback((element: HTMLDivElement | null) => {
    if (element === null || typeof ResizeObserver === 'undefined') return;
    observer.current ??= new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const target = entry.target as HTMLElement;
        const key = target.dataset['rowKey'];
        const height = target.getBoundingClientRect().height;
        if (key !== undefined && height > 0 && heights.current.get(key) !== height) {
          heights.current.set(key, height);
          changed = true;
        }
      }
      if (changed) setMeasured((count) => count + 1);
    });
    const rows = observer.current;
    rows.observe(element);
    return () => rows.unobserve(element);
  }, []);

  useEffect(() => {
    const element = container.current;
    if (element === null || typeof ResizeObserver === 'undefined') return;
    const viewportObserver = new ResizeObserver(() => setViewport(element.clientHeight || ASSUMED_VIEWPORT_PX));
    viewportObserver.observe(element);
    return () => {
      viewportObserver.disconnect();
      observer.current?.disconnect();
    };
  }, []);

  // After every change of rows or heights: follow the bottom, or keep the anchor row where it was.
  useLayoutEffect(() => {
    const element = container.current;
    if (element === null) return;
    const target = scrollToKey ?? null;
    const targetIndex = target === null ? -1 : keys.indexOf(target);
    const newLast = keys.length > 0 && lastKey.current !== undefined && keys[keys.length - 1] !== lastKey.current;
    lastKey.current = keys[keys.length - 1];
    if (target !== null && targetIndex >= 0 && handledScrollTo.current !== target) {
      handledScrollTo.current = target;
      pendingFocus.current = target;
      follow.leave();
      const rowHeight = (offsets[targetIndex + 1] as number) - (offsets[targetIndex] as number);
      follow.scrollTo(element, Math.max(0, (offsets[targetIndex] as number) - element.clientHeight / 2 + rowHeight / 2));
    } else if (follow.following.current) {
      follow.scrollTo(element, 'bottom');
    } else {
      const index = anchor.current === null ? -1 : keys.indexOf(anchor.current.key);
      if (anchor.current !== null && index >= 0) follow.scrollTo(element, (offsets[index] as number) - anchor.current.delta);
      if (newLast) follow.addedBelow();
    }
    setScrollTop(element.scrollTop);
    if (total < element.clientHeight) onNearTop?.();
  }, [keys, offsets, total, scrollToKey, onNearTop, follow]);

  // The row search asked for is rendered now: give it focus, for keyboard and screen reader users.
  useLayoutEffect(() => {
    const key = pendingFocus.current;
    if (key === null) return;
    const row = container.current?.querySelector<HTMLElement>(`[data-row-key="${CSS.escape(key)}"] [tabindex]`);
    if (row !== null && row !== undefined) {
      row.focus({ preventScroll: true });
      pendingFocus.current = null;
    }
  });

  function onScroll(): void {
    const element = container.current;
    if (element === null) return;
    const current = latest.current;
    follow.scrolled(element);
    const index = rowAt(current.offsets, element.scrollTop);
    const key = current.keys[index];
    anchor.current = key === undefined ? null : { key, delta: (current.offsets[index] as number) - element.scrollTop };
    setScrollTop(element.scrollTop);
    if (element.scrollTop < NEAR_TOP_PX) current.onNearTop?.();
  }

  return (
    <>
      <div ref={container} className={props.className} role={props.role} aria-label={props.label} tabIndex={0} onScroll={onScroll} onWheel={follow.onWheel} onKeyDown={follow.onKeyDown} data-testid={props.testId}>
        <div style={{ height: offsets[start] }} aria-hidden="true" />
        {items.slice(start, end).map((item, index) => (
          <div key={keys[start + index]} ref={observe} data-row-key={keys[start + index]} style={ROW_STYLE}>
            {renderItem(item)}
          </div>
        ))}
        <div style={{ height: total - (offsets[end] as number) }} aria-hidden="true" />
      </div>
      {newBelow && renderNewBelow !== undefined ? renderNewBelow(follow.jump) : null}
    </>
  );
}
