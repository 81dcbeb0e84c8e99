import { describe, expect, it } from "vitest";
import { articleCount, shareBars, threadSpan } from "./timeline";

const day = (d: string, n: number) => ({
  day: d,
  articles: Array.from({ length: n }, (_, i) => ({
    id: i,
    title: "t",
    outlet: null,
    byline: null,
    url: null,
    published: d,
    clipped: d,
    lang: "en",
    summary: "",
  })),
});

describe("shareBars", () => {
  it("orders by count and gives each its share", () => {
    const bars = shareBars([
      { value: "RFI", count: 1 },
      { value: "Le Monde", count: 3 },
    ]);
    expect(bars).toEqual([
      { label: "Le Monde", count: 3, percent: 75 },
      { label: "RFI", count: 1, percent: 25 },
    ]);
  });

  it("copes with nothing", () => {
    expect(shareBars([])).toEqual([]);
  });
});

describe("threadSpan", () => {
  it("names the year once when both ends share it", () => {
    expect(threadSpan({ days: [day("2025-08-12", 1), day("2025-09-03", 2)] })).toBe("12 Aug – 3 Sep 2025");
  });

  it("keeps both years across a new year", () => {
    expect(threadSpan({ days: [day("2024-12-30", 1), day("2025-01-02", 1)] })).toBe(
      "30 Dec 2024 – 2 Jan 2025",
    );
  });

  it("gives one day, or says the thread is empty", () => {
    expect(threadSpan({ days: [day("2025-08-15", 2)] })).toBe("15 Aug 2025");
    expect(threadSpan({ days: [] })).toBe("no articles yet");
    expect(articleCount({ days: [day("2025-08-15", 2), day("2025-08-16", 1)] })).toBe(3);
  });
});
