// The widths of the library and results panes, dragged by the reporter and
// kept between sessions. Pure functions; App.svelte stores and applies them.

export interface PaneWidths {
  sidebar: number;
  list: number;
}

export const DEFAULT_WIDTHS: PaneWidths = { sidebar: 210, list: 440 };
export const SIDEBAR_RANGE = { min: 160, max: 360 };
export const LIST_RANGE = { min: 300, max: 720 };
/** The reader never gets narrower than this, however the panes are dragged. */
export const READER_MIN = 380;

const clamp = (v: number, min: number, max: number) => Math.round(Math.min(max, Math.max(min, v)));

/**
 * Widths within their ranges that leave the reader its minimum in a window
 * `windowWidth` wide; the results pane gives way before the library.
 */
export function fitWidths(w: PaneWidths, windowWidth: number): PaneWidths {
  const sidebar = clamp(w.sidebar, SIDEBAR_RANGE.min, SIDEBAR_RANGE.max);
  const room = windowWidth - sidebar - READER_MIN;
  const list = clamp(Math.min(w.list, room), LIST_RANGE.min, LIST_RANGE.max);
  return { sidebar, list };
}

/** Widths as stored, or the defaults for anything missing or malformed. */
export function parseWidths(stored: string | null): PaneWidths {
  try {
    const v = JSON.parse(stored ?? "null");
    const ok = (n: unknown) => typeof n === "number" && Number.isFinite(n);
    return {
      sidebar: ok(v?.sidebar) ? v.sidebar : DEFAULT_WIDTHS.sidebar,
      list: ok(v?.list) ? v.list : DEFAULT_WIDTHS.list,
    };
  } catch {
    return { ...DEFAULT_WIDTHS };
  }
}
