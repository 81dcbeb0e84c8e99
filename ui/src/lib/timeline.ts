// What the thread view computes from a thread: its span and its source
// diversity as bars.
import type { FacetCount } from "./bindings/FacetCount";
import type { Thread } from "./bindings/Thread";
import { reporterDate } from "./format";

export interface Bar {
  label: string;
  count: number;
  /** Share of the thread's articles, 0–100, rounded. */
  percent: number;
}

/** Counts as bars, largest first, each with its share of the total. */
export function shareBars(counts: FacetCount[]): Bar[] {
  const total = counts.reduce((sum, c) => sum + Number(c.count), 0);
  return [...counts]
    .sort((a, b) => Number(b.count) - Number(a.count) || a.value.localeCompare(b.value))
    .map((c) => ({
      label: c.value,
      count: Number(c.count),
      percent: total === 0 ? 0 : Math.round((Number(c.count) * 100) / total),
    }));
}

/** "12 Aug – 3 Sep 2025", "12 Aug 2025", or "no articles yet". */
export function threadSpan(thread: Pick<Thread, "days">): string {
  const first = thread.days[0]?.day;
  const last = thread.days[thread.days.length - 1]?.day;
  if (!first || !last) return "no articles yet";
  const from = reporterDate(first);
  const to = reporterDate(last);
  if (!from || !to) return "";
  if (first === last) return to;
  // The year once when both ends share it.
  return first.slice(0, 4) === last.slice(0, 4) ? `${from.replace(/ \d{4}$/, "")} – ${to}` : `${from} – ${to}`;
}

export function articleCount(thread: Pick<Thread, "days">): number {
  return thread.days.reduce((n, d) => n + d.articles.length, 0);
}
