// A list of fixed-height rows of which only the visible ones (and a few
// either side) are in the DOM, so 100,000 results scroll like 20.

export interface Window {
  first: number;
  last: number; // exclusive
}

export function visibleRows(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 6): Window {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}

/** The pages of `pageSize` rows that a window needs. */
export function pagesFor(w: Window, pageSize: number): number[] {
  if (w.last <= w.first) return [];
  const pages: number[] = [];
  for (let p = Math.floor(w.first / pageSize); p <= Math.floor((w.last - 1) / pageSize); p++) pages.push(p);
  return pages;
}

/** The scrollTop that brings row `index` into view, or null when it is. */
export function scrollToRow(index: number, scrollTop: number, viewport: number, rowHeight: number): number | null {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewport) return top + rowHeight - viewport;
  return null;
}
