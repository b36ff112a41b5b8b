/**
 * For tests of components that lay out by the width they are given
 * (useFits): jsdom has no layout and no ResizeObserver, so every observed
 * element reports a width, `widthOf(element)` or the same for all. Returns
 * the function that puts things back.
 */
export function fakeElementWidth(
  widthOf: number | ((element: Element) => number),
): () => void {
  const original = globalThis.ResizeObserver;
  const width = (element: Element) =>
    typeof widthOf === 'number' ? widthOf : widthOf(element);
  globalThis.ResizeObserver = class {
    constructor(
      private readonly callback: (
        entries: Array<{ target: Element; contentRect: { width: number } }>,
      ) => void,
    ) {}
    observe(element: Element) {
      this.callback([
        { target: element, contentRect: { width: width(element) } },
      ]);
    }
    disconnect() {}
    unobserve() {}
  } as unknown as typeof ResizeObserver;
  return () => {
    globalThis.ResizeObserver = original;
  };
}
