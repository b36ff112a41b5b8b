/**
 * For tests of components that lay out by the width they are given
 * (useNarrow): jsdom has no layout and no ResizeObserver, so every observed
 * element reports `width` px. Returns the function that puts things back.
 */
export function fakeElementWidth(width: number): () => void {
  const original = globalThis.ResizeObserver;
  globalThis.ResizeObserver = class {
    constructor(
      private readonly callback: (
        entries: Array<{ contentRect: { width: number } }>,
      ) => void,
    ) {}
    observe() {
      this.callback([{ contentRect: { width } }]);
    }
    disconnect() {}
    unobserve() {}
  } as unknown as typeof ResizeObserver;
  return () => {
    globalThis.ResizeObserver = original;
  };
}
