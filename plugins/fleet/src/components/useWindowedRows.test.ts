import { windowOf } from './useWindowedRows';

/** [start, end, padTop, padBottom] of the window. */
const windowAt = (
  heights: number[],
  scrollTop: number,
  viewport: number,
  overscan: number,
) => {
  const { start, end, padTop, padBottom } = windowOf(
    heights,
    scrollTop,
    viewport,
    overscan,
  );
  return [start, end, padTop, padBottom];
};

describe('windowOf', () => {
  it('takes the rows overlapping the viewport, plus the overscan either side', () => {
    const heights = Array.from({ length: 100 }, () => 10);
    expect(windowAt(heights, 0, 50, 2)).toEqual([0, 7, 0, 930]);
    expect(windowAt(heights, 205, 50, 2)).toEqual([18, 28, 180, 720]);
    // Scrolled past the end (a stale position): the last rows still render.
    expect(windowAt(heights, 5000, 50, 2)).toEqual([97, 100, 970, 0]);
  });

  it('counts each row at its own height', () => {
    // A tall row (a wrapped cell, a share line) among short ones.
    const heights = [10, 10, 100, 10, 10, 10, 10];
    expect(windowAt(heights, 25, 20, 0)).toEqual([2, 3, 20, 40]);
    expect(windowAt(heights, 120, 20, 1)).toEqual([2, 6, 20, 10]);
  });

  it('renders nothing for no rows', () => {
    expect(windowAt([], 0, 500, 6)).toEqual([0, 0, 0, 0]);
  });
});
