import { useLayoutEffect, useRef, useState } from 'react';

/**
 * Whether a table's wide form fits the element that holds it, measured: a
 * fixed width would be wrong whenever the cells' words grow (a canary's
 * line, a long error) or the card narrows (a 1024 px window, a pinned
 * sidebar). Attach `holderRef` to the holder and `wideRef` to the table;
 * render its wide form while `fits` and a compact form otherwise (the
 * table may stay attached: in its compact form it is not measured).
 *
 * The wide form is measured before paint, so an overflowing one is never
 * seen. Once it did not fit, the compact form stays until the holder is
 * as wide as the wide form needed then. Without ResizeObserver (jsdom) the
 * wide form counts as fitting.
 */
export function useFits<
  Holder extends HTMLElement = HTMLDivElement,
  Wide extends HTMLElement = HTMLTableElement,
>() {
  const [holder, holderRef] = useState<Holder | null>(null);
  const [wide, wideRef] = useState<Wide | null>(null);
  const [fits, setFits] = useState(true);
  // The width the wide form needed when it last did not fit.
  const needed = useRef(0);
  const measured = fits ? wide : null;
  useLayoutEffect(() => {
    if (!holder || typeof ResizeObserver === 'undefined') return undefined;
    const widths = new Map<Element, number>();
    const observer = new ResizeObserver(entries => {
      for (const entry of entries) {
        widths.set(entry.target, entry.contentRect.width);
      }
      const room = widths.get(holder) ?? 0;
      if (measured) {
        const width = widths.get(measured) ?? 0;
        if (width > room + 1) {
          needed.current = width;
          setFits(false);
        }
      } else if (room >= needed.current) {
        setFits(true);
      }
    });
    observer.observe(holder);
    if (measured) observer.observe(measured);
    return () => observer.disconnect();
  }, [holder, measured]);
  return { fits, holderRef, wideRef };
}
