// "Copy citation": outlet, author, title, date and address, in the order
// a reporter's notes or a footnote use them.

import type { Article } from "./bindings/Article";
import { reporterDate } from "./format";

export function citation(a: Pick<Article, "title" | "byline" | "outlet" | "published" | "clipped" | "url">): string {
  const title = a.title.replace(/[.,\s]+$/, "");
  const date = reporterDate(a.published) ?? `undated (clipped ${reporterDate(a.clipped)})`;
  const line = `${a.byline ? `${a.byline}, ` : ""}“${title},” ${[a.outlet, date].filter(Boolean).join(", ")}`;
  return a.url ? `${line}. ${a.url}` : `${line}.`;
}
