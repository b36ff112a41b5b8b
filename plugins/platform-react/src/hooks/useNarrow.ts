import { useLayoutEffect, useState } from 'react';

/**
 * Whether the element is narrower than `minWidth` px, followed as it
 * resizes (the window, or the sidebar pinned or not): the width the page
 * gives a card, not the window's, decides whether a wide table fits. Takes
 * the element itself (a callback ref's), which may appear after the first
 * render. Without ResizeObserver (jsdom) it counts as wide enough.
 */
export function useNarrow(
  element: HTMLElement | null,
  minWidth: number,
): boolean {
  const [narrow, setNarrow] = useState(false);
  // Before paint: the first frame is already laid out for the width.
  useLayoutEffect(() => {
    if (!element || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(([entry]) =>
      setNarrow(entry.contentRect.width < minWidth),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [element, minWidth]);
  return narrow;
}
