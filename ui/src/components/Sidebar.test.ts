// @vitest-environment jsdom
import { flushSync, mount, unmount } from "svelte";
import { describe, expect, it, vi } from "vitest";
import Sidebar from "./Sidebar.svelte";

const actions = new Proxy({}, { get: () => vi.fn() }) as never;

function render(readOnly: boolean) {
  const target = document.createElement("div");
  document.body.append(target);
  const sidebar = mount(Sidebar, {
    target,
    props: { total: 3, threads: [], tags: [], current: "all", work: null, endpoint: null, pending: 0, readOnly, actions },
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
});
