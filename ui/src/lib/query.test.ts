import { describe, expect, it } from "vitest";
import { filters, hasFilter, setFilter, terms, toggleFilter, withoutTerm } from "./query";

describe("query terms", () => {
  it("keeps phrases and quoted filter values whole", () => {
    expect(terms('goita "counter terrorism" tag:"civil war" -wagner')).toEqual([
      "goita",
      '"counter terrorism"',
      'tag:"civil war"',
      "-wagner",
    ]);
  });

  it("toggles a facet filter on and off, quoting values with spaces", () => {
    const on = toggleFilter("goita", "tag", "civil war");
    expect(on).toBe('goita tag:"civil war"');
    expect(hasFilter(on, "tag", "Civil War")).toBe(true);
    expect(toggleFilter(on, "tag", "civil war")).toBe("goita");
  });

  it("replaces a single-valued filter such as a date bound", () => {
    expect(setFilter("mali after:2024", "after", "2025-08")).toBe("mali after:2025-08");
    expect(setFilter("mali after:2024", "after", null)).toBe("mali");
  });

  it("lists the filters for chips and removes one", () => {
    const q = 'sahel tag:mali lang:fr site:"le monde"';
    expect(filters(q).map((f) => [f.field, f.value])).toEqual([
      ["tag", "mali"],
      ["lang", "fr"],
      ["site", "le monde"],
    ]);
    expect(withoutTerm(q, "lang:fr")).toBe('sahel tag:mali site:"le monde"');
  });
});
