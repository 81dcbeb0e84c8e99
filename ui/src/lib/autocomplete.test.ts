import { describe, expect, it } from "vitest";
import { suggestTags } from "./autocomplete";

const all = [
  { name: "mali", count: 212 },
  { name: "sahel", count: 90 },
  { name: "diplomacy", count: 40 },
  { name: "malian army", count: 5 },
  { name: "somalia", count: 3 },
];

describe("suggestTags", () => {
  it("puts prefixes before substrings and skips tags the article has", () => {
    expect(suggestTags("mal", all, [])).toEqual(["mali", "malian army", "somalia"]);
    expect(suggestTags("MAL", all, ["Mali"])).toEqual(["malian army", "somalia"]);
  });

  it("offers the most used tags before anything is typed", () => {
    expect(suggestTags(" ", all, ["sahel"], 2)).toEqual(["mali", "diplomacy"]);
  });
});
