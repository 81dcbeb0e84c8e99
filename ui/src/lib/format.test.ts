import { describe, expect, it } from "vitest";
import { langBadge, plural, reporterDate, clipNotice } from "./format";

describe("reporterDate", () => {
  it("writes dates the way reporters do", () => {
    expect(reporterDate("2025-08-12")).toBe("12 Aug 2025");
    expect(reporterDate("2025-08-01T10:30:00+02:00")).toBe("1 Aug 2025");
  });
  it("gives null for missing or unreadable dates", () => {
    expect(reporterDate(null)).toBeNull();
    expect(reporterDate("yesterday")).toBeNull();
    expect(reporterDate("2025-13-01")).toBeNull();
  });
});

describe("labels", () => {
  it("badges languages and counts results", () => {
    expect(langBadge("fr")).toBe("FR");
    expect(plural(1, "result")).toBe("1 result");
    expect(plural(1204, "result")).toBe("1,204 results");
  });
});

describe("clipNotice", () => {
  it("says whether a clip is new or was already archived", () => {
    expect(clipNotice({ id: 4, title: "Mali expels diplomats", duplicate_of: null })).toBe("Clipped: Mali expels diplomats");
    expect(clipNotice({ id: 2, title: "Mali expels diplomats", duplicate_of: 2 })).toBe(
      "Already archived: Mali expels diplomats",
    );
  });
});
