// "Copy citation": outlet, author, title, date and address, in the order
// a reporter's notes or a footnote use them; with a passage selected, the
// passage quoted before it.

import type { Article } from "./bindings/Article";
import { reporterDate } from "./format";

export function citation(a: Pick<Article, "title" | "byline" | "outlet" | "published" | "clipped" | "url">): string {
  const title = a.title.replace(/[.,\s]+$/, "");
  const date = reporterDate(a.published) ?? `undated (clipped ${reporterDate(a.clipped)})`;
  const line = `${a.byline ? `${a.byline}, ` : ""}“${title},” ${[a.outlet, date].filter(Boolean).join(", ")}`;
  return a.url ? `${line}. ${a.url}` : `${line}.`;
}

/** A passage of the article, quoted, then its citation. */
export function quotation(passage: string, a: Parameters<typeof citation>[0]): string {
  const quoted = passage
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^["“‘'«]\s*|\s*["”’'»]$/g, "");
  return `“${quoted}” ${citation(a)}`;
}

/** The text selected inside `root`, or "" when the selection is elsewhere. */
export function passageIn(root: Element | null | undefined, selection = document.getSelection()): string {
  if (!root || !selection || selection.isCollapsed) return "";
  const inside = root.contains(selection.anchorNode) && root.contains(selection.focusNode);
  return inside ? selection.toString().trim() : "";
}
