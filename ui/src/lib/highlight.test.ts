// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { highlightWords } from "./highlight";

describe("highlightWords", () => {
  it("marks whole words in text, across elements, leaving markup alone", () => {
    const root = document.createElement("div");
    root.innerHTML = '<p>Colonel <a href="#x">Goïta</a> expelled diplomats; <b>Goïtaville</b> and diplomatic staff.</p>';
    expect(highlightWords(root, ["Goïta", "diplomats"])).toBe(2);
    expect([...root.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["Goïta", "diplomats"]);
    expect(root.querySelector("a")?.getAttribute("href")).toBe("#x");
  });

  it("treats the words as text, not patterns", () => {
    const root = document.createElement("div");
    root.textContent = "a+b <script> (x)";
    expect(highlightWords(root, ["a+b", "(x)", ".*"])).toBe(2);
    expect(root.innerHTML).toBe("<mark>a+b</mark> &lt;script&gt; <mark>(x)</mark>");
  });
});
