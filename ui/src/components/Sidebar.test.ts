// @vitest-environment jsdom
import { flushSync, mount, unmount } from "svelte";
import { describe, expect, it, vi } from "vitest";
import type { SavedSearch } from "../lib/bindings/SavedSearch";
import Sidebar from "./Sidebar.svelte";

const actions = new Proxy({}, { get: () => vi.fn() }) as never;

function render(readOnly: boolean, saved: SavedSearch[] = [], currentSaved: string | null = null, act = actions, pending = 0, current = "") {
  const target = document.createElement("div");
  document.body.append(target);
  const sidebar = mount(Sidebar, {
    target,
    props: { total: 3, threads: [], tags: [], saved, currentSaved, current, work: null, endpoint: null, pending, readOnly, actions: act },
  });
  flushSync();
  return { target, done: () => unmount(sidebar) };
}

describe("Sidebar", () => {
  it("says when the archive can be read but not changed", () => {
    const readOnly = render(true);
    expect(readOnly.target.querySelector(".read-only-note")?.textContent).toBe("Read-only archive");
    readOnly.done();
    const writable = render(false);
    expect(writable.target.querySelector(".read-only-note")).toBeNull();
    writable.done();
  });

  it("lists saved searches with their counts, marks the one on screen and runs one when chosen", () => {
    const juntas: SavedSearch = { name: "Sahel juntas", query: "tag:sahel junta", sort: "date", count: 1204, new: 3 };
    const wagner: SavedSearch = { name: "Wagner", query: "wagner OR \"africa corps\"", sort: "relevance", count: 7, new: 0 };
    const chosen = vi.fn();
    const shown = render(false, [juntas, wagner], "Wagner", new Proxy({}, { get: (_, key) => (key === "saved" ? chosen : vi.fn()) }) as never);
    const items = [...shown.target.querySelectorAll<HTMLButtonElement>(".saved-item")];
    const text = (b: Element, part: string) => b.querySelector(part)?.textContent;
    expect(items.map((b) => [text(b, ".nav-label"), text(b, ".new-count"), text(b, ".count")])).toEqual([
      ["Sahel juntas", "3 new", "1,204"],
      ["Wagner", undefined, "7"],
    ]);
    expect(items.map((b) => b.classList.contains("current"))).toEqual([false, true]);
    expect(items[0].title).toBe("tag:sahel junta");
    items[0].click();
    expect(chosen).toHaveBeenCalledWith(juntas);
    shown.done();

    const none = render(false);
    expect(none.target.textContent).not.toContain("Saved searches");
    none.done();
  });

  it("lists the articles waiting for their text as a view of the library", () => {
    const shown = vi.fn();
    const sidebar = render(false, [], null, new Proxy({}, { get: (_, key) => (key === "pending" ? shown : vi.fn()) }) as never, 1204, "pending");
    const item = sidebar.target.querySelector<HTMLButtonElement>(".pending-item")!;
    expect(item.textContent?.trim()).toBe("1,204 waiting to be fetched");
    expect(item.classList.contains("current")).toBe(true);
    item.click();
    expect(shown).toHaveBeenCalled();
    sidebar.done();

    const none = render(false);
    expect(none.target.querySelector(".pending-item")).toBeNull();
    none.done();
  });
});
