// @vitest-environment jsdom
import { flushSync, mount, unmount } from "svelte";
import { describe, expect, it, vi } from "vitest";
import type { Link } from "../lib/bindings/Link";
import RelatedCoverage from "./RelatedCoverage.svelte";

describe("RelatedCoverage", () => {
  it("offers the linked stories not in the archive and clips the one asked for", async () => {
    const links: Link[] = [
      { href: "https://news.example/arrests", text: "Mali arrests French national", related: true, target: null },
      { href: "https://news.example/wagner", text: "Wagner leaves Mali", related: true, target: 3 },
    ];
    let finish = () => {};
    const onClip = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const target = document.createElement("div");
    document.body.append(target);
    const view = mount(RelatedCoverage, {
      target,
      props: { items: [], links, onOpen: vi.fn(), onAccept: vi.fn(), onDismiss: vi.fn(), onOpenUrl: vi.fn(), onClip },
    });
    flushSync();
    const titles = [...target.querySelectorAll(".unarchived .link-title")].map((a) => a.textContent);
    expect(titles).toEqual(["Mali arrests French national"]);
    const button = target.querySelector<HTMLButtonElement>(".clip-link")!;
    button.click();
    flushSync();
    expect(onClip).toHaveBeenCalledWith("https://news.example/arrests");
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe("Clipping…");
    finish();
    await Promise.resolve();
    await Promise.resolve();
    flushSync();
    expect(button.disabled).toBe(false);
    unmount(view);
  });
});
