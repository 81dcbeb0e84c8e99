import { describe, expect, it } from "vitest";
import { guessImportFormat } from "./imports";

describe("guessImportFormat", () => {
  it("reads the name first, then the content", () => {
    expect(guessImportFormat("ril_export.html", "<!DOCTYPE NETSCAPE-Bookmark-file-1>")).toBe("bookmarks");
    expect(guessImportFormat("part_000000.csv", "title,url,time_added")).toBe("pocket");
    expect(guessImportFormat("wallabag-export.json", '  [{"id": 1, "title": "x"}]')).toBe("wallabag");
    expect(guessImportFormat("dispatch.json", '{"format":"dispatch","articles":[]}')).toBe("json");
    expect(guessImportFormat("export", "<!DOCTYPE NETSCAPE-Bookmark-file-1>")).toBe("bookmarks");
  });
});
