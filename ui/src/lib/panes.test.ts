import { describe, expect, it } from "vitest";
import { DEFAULT_WIDTHS, fitWidths, parseWidths, READER_MIN } from "./panes";

describe("pane widths", () => {
  it("keep to their ranges and leave the reader its room, the results pane giving way first", () => {
    expect(fitWidths({ sidebar: 40, list: 5000 }, 2560)).toEqual({ sidebar: 160, list: 720 });
    const narrow = fitWidths({ sidebar: 300, list: 700 }, 1280);
    expect(narrow).toEqual({ sidebar: 300, list: 1280 - 300 - READER_MIN });
    // A window too small for all three keeps the results pane usable.
    expect(fitWidths({ sidebar: 210, list: 440 }, 700).list).toBe(300);
  });

  it("are read back as stored, with defaults for anything missing or broken", () => {
    expect(parseWidths(JSON.stringify({ sidebar: 250, list: 500 }))).toEqual({ sidebar: 250, list: 500 });
    expect(parseWidths(JSON.stringify({ sidebar: "wide" }))).toEqual(DEFAULT_WIDTHS);
    expect(parseWidths("{not json")).toEqual(DEFAULT_WIDTHS);
    expect(parseWidths(null)).toEqual(DEFAULT_WIDTHS);
  });
});
