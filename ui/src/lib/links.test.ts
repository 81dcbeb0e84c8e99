import { describe, expect, it } from "vitest";
import type { Link } from "./bindings/Link";
import { unarchivedStories } from "./links";

const link = (href: string | null, text: string, related: boolean, target: number | null): Link => ({
  href,
  text,
  related,
  target,
});

describe("unarchivedStories", () => {
  it("offers only related web links that no archived article answers, once each", () => {
    const links = [
      link("https://news.example/arrests", "Mali arrests French national and generals", true, null),
      link("https://news.example/wagner", "Wagner leaves Mali as Africa Corps takes over", true, 7),
      link("https://news.example/about", "About us", false, null),
      link("mailto:desk@news.example", "Write to the desk about this story today", true, null),
      link(null, "A headline from a pasted clip with no address", true, null),
      link("https://news.example/arrests", "Mali arrests French national", true, null),
    ];
    expect(unarchivedStories(links)).toEqual([
      { href: "https://news.example/arrests", text: "Mali arrests French national and generals" },
    ]);
  });
});
