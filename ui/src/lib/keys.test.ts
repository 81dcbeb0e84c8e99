import { describe, expect, it } from "vitest";
import { actionFor } from "./keys";

const press = (key: string, mods: Partial<KeyboardEvent> = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe("shortcuts", () => {
  it("maps the single keys", () => {
    expect(actionFor(press("j"), false)).toBe("down");
    expect(actionFor(press("/"), false)).toBe("search");
    expect(actionFor(press("?"), false)).toBe("help");
    expect(actionFor(press("s"), false)).toBe("save");
    expect(actionFor(press("y"), false)).toBe("cite");
    expect(actionFor(press("q"), false)).toBeNull();
  });

  it("leaves typing and modified keys alone, except Escape", () => {
    expect(actionFor(press("j"), true)).toBeNull();
    expect(actionFor(press("Escape"), true)).toBe("back");
    expect(actionFor(press("t", { ctrlKey: true }), false)).toBeNull();
  });
});
