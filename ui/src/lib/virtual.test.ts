import { describe, expect, it } from "vitest";
import { pagesFor, scrollToRow, visibleRows } from "./virtual";

describe("virtual list", () => {
  it("renders only the rows in view and a few either side", () => {
    expect(visibleRows(0, 500, 100, 100_000)).toEqual({ first: 0, last: 11 });
    expect(visibleRows(1_000_000, 500, 100, 100_000)).toEqual({ first: 9_994, last: 10_011 });
    expect(visibleRows(0, 500, 100, 3)).toEqual({ first: 0, last: 3 });
    expect(visibleRows(0, 500, 100, 0)).toEqual({ first: 0, last: 0 });
  });

  it("asks for the pages that cover the window", () => {
    expect(pagesFor({ first: 95, last: 130 }, 50)).toEqual([1, 2]);
    expect(pagesFor({ first: 0, last: 0 }, 50)).toEqual([]);
  });

  it("scrolls the cursor row into view only when it is out of view", () => {
    expect(scrollToRow(3, 0, 500, 100)).toBeNull();
    expect(scrollToRow(7, 0, 500, 100)).toBe(300);
    expect(scrollToRow(1, 400, 500, 100)).toBe(100);
  });
});
