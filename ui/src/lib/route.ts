// What the window shows, as the URL's hash, so that Back and Forward walk
// through searches, articles and threads. Pure functions; App.svelte
// pushes and reads history.

import type { Sort } from "./bindings/Sort";

export type View = "library" | "tags" | "feeds" | "thread";

export interface Route {
  view: View;
  query: string;
  sort: Sort;
  /** The article open in the reader. */
  article: number | null;
  /** The thread open in the thread view. */
  thread: number | null;
}

export const HOME: Route = { view: "library", query: "", sort: "relevance", article: null, thread: null };

const SORTS: Sort[] = ["relevance", "date", "clipped"];

export function toHash(route: Route): string {
  const p = new URLSearchParams();
  if (route.query) p.set("q", route.query);
  if (route.sort !== "relevance") p.set("sort", route.sort);
  if (route.article !== null) p.set("a", String(route.article));
  if (route.thread !== null) p.set("t", String(route.thread));
  const params = p.toString();
  return `#/${route.view === "library" ? "" : route.view}${params ? `?${params}` : ""}`;
}

function id(value: string | null): number | null {
  const n = Number(value);
  return value !== null && Number.isSafeInteger(n) && n > 0 ? n : null;
}

export function fromHash(hash: string): Route {
  const m = /^#\/([a-z]*)(?:\?(.*))?$/.exec(hash);
  if (!m) return HOME;
  const p = new URLSearchParams(m[2] ?? "");
  const sort = p.get("sort") as Sort | null;
  const thread = id(p.get("t"));
  const view: View =
    m[1] === "tags" || m[1] === "feeds" ? m[1] : m[1] === "thread" && thread !== null ? "thread" : "library";
  return {
    view,
    query: p.get("q") ?? "",
    sort: sort && SORTS.includes(sort) ? sort : "relevance",
    article: id(p.get("a")),
    thread: view === "thread" ? thread : null,
  };
}
