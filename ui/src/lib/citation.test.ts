import { describe, expect, it } from "vitest";
import { citation } from "./citation";

const base = {
  title: "Mali expels five French diplomats",
  byline: "Jane Doe",
  outlet: "RFI",
  published: "2025-08-12T09:30:00Z",
  clipped: "2025-08-13T10:00:00Z",
  url: "https://www.rfi.fr/en/mali-expels",
};

describe("citation", () => {
  it("names author, title, outlet, date and address", () => {
    expect(citation(base)).toBe(
      "Jane Doe, “Mali expels five French diplomats,” RFI, 12 Aug 2025. https://www.rfi.fr/en/mali-expels",
    );
  });

  it("says when an article has no date and leaves out what is unknown", () => {
    expect(citation({ ...base, byline: null, published: null, url: null })).toBe(
      "“Mali expels five French diplomats,” RFI, undated (clipped 13 Aug 2025).",
    );
  });
});
