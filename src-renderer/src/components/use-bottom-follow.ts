import { useMemo, useRef, useState, type KeyboardEvent, type RefObject, type WheelEvent } from 'react';

const AT_BOTTOM_SLACK_PX = 8;
const UPWARD_KEYS = new Set(['ArrowUp', 'PageUp', 'Home']);

/** Whether the rows overflow the list: only then can the user leave the bottom. */
function canScroll(element: HTMLElement): boolean {
  return element.scrollHeight > element.clientHeight;
}

/** The list's handle on following the bottom: one object for the list's lifetime (safe in effect dependencies). */
export interface BottomFollow {
  /** Whether the list keeps to its bottom as rows arrive. */
  readonly following: { readonly current: boolean };
  /** The list scrolls itself (to the bottom, to keep an anchor, to a row): the scroll event that follows is its own. */
  scrollTo(element: HTMLElement, top: number | 'bottom'): void;
  /** The list scrolls to a row of its choosing: it stops following. */
  leave(): void;
  /** From the list's scroll event: a scroll the list did not cause is the user's, and says whether they follow. */
  scrolled(element: HTMLElement): void;
  /** New rows were added at the end. */
  addedBelow(): void;
  /** Back to the newest row, following again. */
  jump(): void;
  readonly onWheel: (event: WheelEvent<HTMLElement>) => void;
  readonly onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
}

/**
 * Stick-to-bottom for a chat log. The list follows the bottom until the user leaves it, and only the user's own
 * scrolling decides that: a scroll event is compared with where the list last put itself, because between the
 * list scrolling itself and the event, rows may render or grow (a burst of messages), and the list would look,
 * for a moment, as if the user had left the bottom (the list then stopped following until the user scrolled).
 * A wheel turn or a key upward leaves the bottom at once, before a row arriving meanwhile pulls the list back.
 */
export function useBottomFollow(container: RefObject<HTMLElement | null>): {
  readonly follow: BottomFollow;
  /** Rows arrived below while the user reads further up, and the user has not been back to the bottom since. */
  readonly newBelow: boolean;
} {
  const following = useRef(true);
  const ownScrollTop = useRef<number | null>(null);
  const [newBelow, setNewBelow] = useState(false);

  // State setters and refs are stable, so is the handle: a change of `newBelow` does not re-run the list's effects.
  const follow = useMemo<BottomFollow>(() => {
    const scrollTo = (element: HTMLElement, top: number | 'bottom'): void => {
      element.scrollTop = top === 'bottom' ? element.scrollHeight : top;
      ownScrollTop.current = element.scrollTop;
    };
    return {
      following,
      scrollTo,
      jump: () => {
        const element = container.current;
        following.current = true;
        setNewBelow(false);
        if (element === null) return;
        scrollTo(element, 'bottom');
        // The button goes away with the click: the keyboard user lands on the list, not on the page's start.
        element.focus({ preventScroll: true });
      },
      leave: () => {
        following.current = false;
      },
      scrolled: (element) => {
        const own = ownScrollTop.current !== null && Math.abs(element.scrollTop - ownScrollTop.current) < 1;
        ownScrollTop.current = null;
        if (!own) following.current = element.scrollHeight - element.scrollTop - element.clientHeight <= AT_BOTTOM_SLACK_PX;
        if (following.current) setNewBelow(false);
      },
      addedBelow: () => {
        if (!following.current) setNewBelow(true);
      },
      onWheel: (event) => {
        if (event.deltaY < 0 && canScroll(event.currentTarget)) following.current = false;
      },
      onKeyDown: (event) => {
        if (UPWARD_KEYS.has(event.key) && canScroll(event.currentTarget)) following.current = false;
      },
    };
  }, [container]);

  return { follow, newBelow };
}
