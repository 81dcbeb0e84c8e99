// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { citation, passageIn, quotation } from "./citation";

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

  it("quotes a selected passage, whitespace squashed, before the citation", () => {
    expect(quotation("  “The diplomats have\n\t72 hours to leave,”  ", base)).toBe(
      "“The diplomats have 72 hours to leave,” Jane Doe, “Mali expels five French diplomats,” RFI, 12 Aug 2025. https://www.rfi.fr/en/mali-expels",
    );
  });

  it("takes a passage only from inside the article", () => {
    document.body.innerHTML = '<div class="body"><p id="a">Bamako expelled five diplomats.</p></div><p id="b">Elsewhere</p>';
    const body = document.querySelector(".body");
    const select = (id: string) => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById(id)!);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
    };
    select("a");
    expect(passageIn(body)).toBe("Bamako expelled five diplomats.");
    select("b");
    expect(passageIn(body)).toBe("");
    document.getSelection()!.removeAllRanges();
    expect(passageIn(body)).toBe("");
  });
});
