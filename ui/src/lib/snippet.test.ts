import { describe, expect, it } from "vitest";
import { snippetParts } from "./snippet";

describe("snippetParts", () => {
  it("splits highlighted words from the text around them", () => {
    expect(snippetParts("Colonel Assimi <mark>Goïta</mark>&#x27;s government")).toEqual([
      { text: "Colonel Assimi ", mark: false },
      { text: "Goïta", mark: true },
      { text: "'s government", mark: false },
    ]);
  });
  it("never turns escaped markup back into tags", () => {
    const parts = snippetParts("&lt;script&gt;alert(1)&lt;/script&gt; <mark>x</mark>");
    expect(parts[0]).toEqual({ text: "<script>alert(1)</script> ", mark: false });
    expect(parts.every((p) => typeof p.text === "string")).toBe(true);
  });
  it("handles text without matches", () => {
    expect(snippetParts("plain")).toEqual([{ text: "plain", mark: false }]);
    expect(snippetParts("")).toEqual([]);
  });
});
