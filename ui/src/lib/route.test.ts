import { describe, expect, it } from "vitest";
import { fromHash, HOME, toHash, type Route } from "./route";

describe("routes", () => {
  it("round-trips a search with an open article", () => {
    const r: Route = { ...HOME, query: 'goita tag:"civil war"', sort: "date", article: 12 };
    expect(fromHash(toHash(r))).toEqual(r);
  });

  it("reads the empty hash and junk as the library's home", () => {
    expect(toHash(HOME)).toBe("#/");
    expect(fromHash("")).toEqual(HOME);
    expect(fromHash("#/nowhere?a=-3&sort=sideways")).toEqual(HOME);
  });

  it("opens a thread only with a thread id", () => {
    expect(fromHash("#/thread?t=4").view).toBe("thread");
    expect(fromHash("#/thread").view).toBe("library");
    expect(fromHash(toHash({ ...HOME, view: "tags" })).view).toBe("tags");
    expect(fromHash(toHash({ ...HOME, view: "feeds" })).view).toBe("feeds");
  });
});
