// The stories an article links to, as the reader offers them for clipping.
import type { Link } from "./bindings/Link";

export type StoryLink = { href: string; text: string };

/**
 * The article's links to other stories (`related`, with a web address)
 * that no archived article answers yet, each address once, in the
 * article's order.
 */
export function unarchivedStories(links: Link[]): StoryLink[] {
  const seen = new Set<string>();
  const out: StoryLink[] = [];
  for (const l of links) {
    if (!l.related || l.target !== null || !l.href || !/^https?:\/\//i.test(l.href)) continue;
    if (seen.has(l.href)) continue;
    seen.add(l.href);
    out.push({ href: l.href, text: l.text });
  }
  return out;
}
