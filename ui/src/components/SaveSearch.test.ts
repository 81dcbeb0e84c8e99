// @vitest-environment jsdom
import { flushSync, mount, unmount } from "svelte";
import { describe, expect, it, vi } from "vitest";
import type { SavedSearch } from "../lib/bindings/SavedSearch";
import SaveSearch from "./SaveSearch.svelte";

function render(saved: SavedSearch | null) {
  const calls = { onSave: vi.fn(), onRename: vi.fn(), onDelete: vi.fn(), onClose: vi.fn() };
  const target = document.createElement("div");
  document.body.append(target);
  const form = mount(SaveSearch, { target, props: { query: "goita -wagner", saved, ...calls } });
  flushSync();
  const field = target.querySelector("input")!;
  const type = (value: string) => {
    field.value = value;
    field.dispatchEvent(new Event("input"));
    flushSync();
  };
  const submit = target.querySelector<HTMLButtonElement>("button[type=submit]")!;
  return { target, field, type, submit, calls, done: () => unmount(form) };
}

describe("SaveSearch", () => {
  it("offers the query as the name and saves under the name typed", () => {
    const form = render(null);
    expect(form.field.value).toBe("goita -wagner");
    form.type("  ");
    expect(form.submit.disabled).toBe(true);
    form.type(" Goïta, not Wagner ");
    form.submit.click();
    expect(form.calls.onSave).toHaveBeenCalledWith("Goïta, not Wagner");
    expect(form.calls.onClose).toHaveBeenCalled();
    expect(form.target.querySelector(".delete-saved")).toBeNull();
    form.done();
  });

  it("renames or deletes the saved search the query already is", () => {
    const saved: SavedSearch = { name: "Goïta", query: "goita -wagner", sort: "relevance", count: 3, new: 0 };
    const form = render(saved);
    expect(form.field.value).toBe("Goïta");
    expect(form.submit.textContent).toBe("Rename");
    expect(form.submit.disabled).toBe(true);
    form.type("Mali junta");
    form.submit.click();
    expect(form.calls.onRename).toHaveBeenCalledWith("Goïta", "Mali junta");
    expect(form.calls.onSave).not.toHaveBeenCalled();
    form.target.querySelector<HTMLButtonElement>(".delete-saved")!.click();
    expect(form.calls.onDelete).toHaveBeenCalledWith("Goïta");
    form.done();
  });
});
