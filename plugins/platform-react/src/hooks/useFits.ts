import { useLayoutEffect, useRef, useState } from 'react';

/**
 * Whether a table's wide form fits the element that holds it, measured: a
 * fixed width would be wrong whenever the cells' words grow (a canary's
 * line, a long error) or the card narrows (a 1024 px window, a pinned
 * sidebar). Render the wide form while this is true and a compact form
 * otherwise; pass both elements through callback refs (`wide` is null
 * while the compact form shows).
 *
 * The wide form is measured before paint, so an overflowing one is never
 * seen. Once it did not fit, the compact form stays until the holder is
 * as wide as the wide form needed then. Without ResizeObserver (jsdom) the
 * wide form counts as fitting.
 */
export function useFits(
  holder: HTMLElement | null,
  wide: HTMLElement | null,
): boolean {
  const [fits, setFits] = useState(true);
  // The width the wide form needed when it last did not fit.
  const needed = useRef(0);
  useLayoutEffect(() => {
    if (!holder || typeof ResizeObserver === 'undefined') return undefined;
    const widths = new Map<Element, number>();
    const observer = new ResizeObserver(entries => {
      for (const entry of entries) {
        widths.set(entry.target, entry.contentRect.width);
      }
      const room = widths.get(holder) ?? 0;
      if (wide) {
        const width = widths.get(wide) ?? 0;
        if (width > room + 1) {
          needed.current = width;
          setFits(false);
        }
      } else if (room >= needed.current) {
        setFits(true);
      }
    });
    observer.observe(holder);
    if (wide) observer.observe(wide);
    return () => observer.disconnect();
  }, [holder, wide]);
  return fits;
}
