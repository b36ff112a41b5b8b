import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';

/*
 * Row windowing for the fleet overview table.
 *
 * Why: a page of 300–500 products × 30 clusters is 10–15 thousand cells, each
 * with a badge and two or three lines of text; rendering them all makes the
 * page slow to open and to scroll. Only the rows in the scroll container's
 * viewport (and a few around it) are rendered; two spacer rows stand in for
 * the rest so the scrollbar keeps its length and position.
 *
 * Rows differ in height (cells wrap, some have a traffic share line), so each
 * rendered row is measured after render (and again when a ResizeObserver says
 * it changed); a row never rendered counts as `estimate` pixels.
 *
 * Written here rather than taken from a library: it is small, and the table
 * stays a plain MUI table with its sticky header and column.
 */

/** Height assumed for a row not measured yet (badge, summary, revisions). */
export const ROW_ESTIMATE = 72;

/** Rows rendered above and below the viewport, so fast scrolling shows no gap. */
export const OVERSCAN = 6;

export interface RowWindow {
  /** First row rendered. */
  start: number;
  /** One past the last row rendered. */
  end: number;
  /** Height of the rows before `start` (the top spacer). */
  padTop: number;
  /** Height of the rows from `end` on (the bottom spacer). */
  padBottom: number;
}

const sum = (heights: readonly number[], from: number, to: number) => {
  let total = 0;
  for (let index = from; index < to; index++) total += heights[index];
  return total;
};

/**
 * The rows to render for a scroll position: those overlapping
 * [scrollTop, scrollTop + viewport), plus `overscan` rows either side.
 *
 * The sticky table header sits inside the same scroll container; rows under
 * it are hidden anyway, so counting the body from the container's top only
 * renders a header's height more at the bottom.
 */
export function windowOf(
  heights: readonly number[],
  scrollTop: number,
  viewport: number,
  overscan: number = OVERSCAN,
): RowWindow {
  let index = 0;
  let top = 0;
  while (index < heights.length && top + heights[index] <= scrollTop) {
    top += heights[index];
    index++;
  }
  // Scrolled past the end (a stale position on a shorter page): the last row.
  const first = Math.min(index, Math.max(0, heights.length - 1));
  while (index < heights.length && top < scrollTop + viewport) {
    top += heights[index];
    index++;
  }
  const start = Math.max(0, first - overscan);
  const end = Math.min(heights.length, Math.max(index, first + 1) + overscan);
  return {
    start,
    end,
    padTop: sum(heights, 0, start),
    padBottom: sum(heights, end, heights.length),
  };
}

const sameWindow = (one: RowWindow, other: RowWindow) =>
  one.start === other.start &&
  one.end === other.end &&
  one.padTop === other.padTop &&
  one.padBottom === other.padBottom;

export interface WindowedRowsOptions {
  /** One stable key per row, in order (measured heights are kept by key). */
  keys: readonly string[];
  /** Up to this many rows, every row is rendered and nothing is measured. */
  renderAllUpTo: number;
  /** Height assumed for a row not measured yet. */
  estimate?: number;
  overscan?: number;
}

export interface WindowedRows extends RowWindow {
  /** False when every row is rendered (few rows). */
  windowed: boolean;
  /** Ref for the scroll container (the element with the overflow). */
  containerRef: (element: HTMLElement | null) => void;
  /** Ref for the row with this key, so its height is measured. */
  rowRef: (key: string) => (element: HTMLElement | null) => void;
}

/**
 * Which rows of `keys` to render in a scroll container; see the comment at
 * the top of this module.
 */
export function useWindowedRows({
  keys,
  renderAllUpTo,
  estimate = ROW_ESTIMATE,
  overscan = OVERSCAN,
}: WindowedRowsOptions): WindowedRows {
  const windowed = keys.length > renderAllUpTo;
  const [container, setContainer] = useState<HTMLElement | null>(null);
  const heights = useRef(new Map<string, number>());
  const rows = useRef(new Map<string, HTMLElement>());
  const rowRefs = useRef(
    new Map<string, (element: HTMLElement | null) => void>(),
  );
  const observer = useRef<ResizeObserver | undefined>(undefined);
  const keysNow = useRef(keys);
  keysNow.current = keys;
  const all: RowWindow = {
    start: 0,
    end: keys.length,
    padTop: 0,
    padBottom: 0,
  };
  const [range, setRange] = useState<RowWindow>(all);

  const update = useCallback(() => {
    if (!windowed) return;
    const current = keysNow.current;
    // Without layout (jsdom) or before the container is sized, assume the
    // container's largest height: the table's maxHeight of 70vh.
    const viewport =
      container?.clientHeight || Math.round(window.innerHeight * 0.7);
    const next = windowOf(
      current.map(key => heights.current.get(key) ?? estimate),
      container?.scrollTop ?? 0,
      viewport,
      overscan,
    );
    setRange(previous => (sameWindow(previous, next) ? previous : next));
  }, [windowed, container, estimate, overscan]);

  /** Reads the rendered rows' heights; true when one changed. */
  const measure = useCallback(() => {
    let changed = false;
    rows.current.forEach((element, key) => {
      const height = element.getBoundingClientRect().height;
      // No layout (jsdom, a hidden tab) reads 0: keep the estimate.
      if (height > 0 && heights.current.get(key) !== height) {
        heights.current.set(key, height);
        changed = true;
      }
    });
    return changed;
  }, []);

  // A new page of rows, or a container: place the window before painting.
  const signature = keys.join('\n');
  useLayoutEffect(update, [update, signature]);

  // After every render, the rows just rendered may have a height at last.
  useLayoutEffect(() => {
    if (windowed && measure()) update();
  });

  useEffect(() => {
    if (!container || !windowed) return undefined;
    container.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    return () => {
      container.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
    };
  }, [container, windowed, update]);

  // Rows wrap differently when the window is resized: measure them again.
  useEffect(() => {
    if (!windowed || typeof ResizeObserver === 'undefined') return undefined;
    const watching = new ResizeObserver(() => {
      if (measure()) update();
    });
    observer.current = watching;
    rows.current.forEach(element => watching.observe(element));
    return () => {
      watching.disconnect();
      observer.current = undefined;
    };
  }, [windowed, measure, update]);

  const rowRef = useCallback((key: string) => {
    let ref = rowRefs.current.get(key);
    if (!ref) {
      ref = (element: HTMLElement | null) => {
        const before = rows.current.get(key);
        if (before) observer.current?.unobserve(before);
        if (element) {
          rows.current.set(key, element);
          observer.current?.observe(element);
        } else {
          rows.current.delete(key);
        }
      };
      rowRefs.current.set(key, ref);
    }
    return ref;
  }, []);

  if (!windowed) {
    return { windowed, ...all, containerRef: setContainer, rowRef };
  }
  // Until the layout effect runs, a window from a longer page may overshoot.
  const end = Math.min(range.end, keys.length);
  return {
    windowed,
    start: Math.min(range.start, end),
    end,
    padTop: range.padTop,
    padBottom: range.padBottom,
    containerRef: setContainer,
    rowRef,
  };
}
