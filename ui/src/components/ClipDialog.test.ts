// @vitest-environment jsdom
import { flushSync, mount, tick, unmount } from "svelte";
import { describe, expect, it, vi } from "vitest";
import type { ClipOutcome } from "../lib/bindings/ClipOutcome";
import { AppError } from "../lib/ipc";
import ClipDialog from "./ClipDialog.svelte";

const settle = async () => {
  for (let i = 0; i < 5; i++) await tick();
  flushSync();
};

describe("ClipDialog", () => {
  it("clips dropped files one by one, with a line per file and the reason for each failure", async () => {
    const files = [
      new File(["<h1>Mali</h1>"], "mali.html", { type: "text/html" }),
      new File([new Uint8Array([0, 159, 146, 150])], "junk.bin"),
      new File(["Niger\n\nThe junta closed the border."], "niger.txt", { type: "text/plain" }),
    ];
    const clipFile = vi.fn(async (file: File): Promise<ClipOutcome> => {
      if (file.name === "junk.bin") throw new AppError("invalid_input", "invalid input: junk.bin is not text or HTML");
      return { id: file.name.length, title: file.name.replace(/\..*/, ""), duplicate_of: null };
    });
    const onOpen = vi.fn();
    const target = document.createElement("div");
    document.body.append(target);
    const dialog = mount(ClipDialog, {
      target,
      props: { files, clipText: vi.fn(), clipUrl: vi.fn(), clipFile, onOpen, onClose: vi.fn() },
    });
    await vi.waitFor(() => expect(target.querySelectorAll(".file-results li")).toHaveLength(3));
    await settle();

    expect(clipFile.mock.calls.map(([f]) => f.name)).toEqual(["mali.html", "junk.bin", "niger.txt"]);
    const lines = [...target.querySelectorAll(".file-results li")].map((li) => li.textContent?.replace(/\s+/g, " ").trim());
    expect(lines[0]).toContain("✓ mali");
    expect(lines[1]).toContain("✗ invalid input: junk.bin is not text or HTML");
    expect(lines[2]).toContain("✓ niger");
    expect(target.querySelector(".progress-block p")?.textContent).toContain("Clipped 2 of 3, 1 failed");
    expect(target.querySelector("progress")?.getAttribute("value")).toBe("3");
    expect(onOpen).not.toHaveBeenCalled(); // several files: the reporter chooses what to open
    unmount(dialog);
  });

  it("fetches a pasted address instead of clipping it as text", async () => {
    const clipUrl = vi.fn(async () => ({ id: 7, title: "Mali", duplicate_of: null }));
    const clipText = vi.fn();
    const onOpen = vi.fn();
    const target = document.createElement("div");
    document.body.append(target);
    const dialog = mount(ClipDialog, {
      target,
      props: { clipText, clipUrl, clipFile: vi.fn(), onOpen, onClose: vi.fn() },
    });
    const box = target.querySelector<HTMLTextAreaElement>(".clip-content")!;
    box.value = "  https://www.rfi.fr/en/africa/mali  ";
    box.dispatchEvent(new Event("input", { bubbles: true }));
    await settle();
    target.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await vi.waitFor(() => expect(onOpen).toHaveBeenCalledWith(7));
    expect(clipUrl).toHaveBeenCalledWith("https://www.rfi.fr/en/africa/mali", []);
    expect(clipText).not.toHaveBeenCalled();
    unmount(dialog);
  });
});
