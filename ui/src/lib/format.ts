// Dates and labels as reporters write them.
import type { ClipOutcome } from "./bindings/ClipOutcome";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2025-08-12" or an RFC 3339 time -> "12 Aug 2025"; null when unreadable. */
export function reporterDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return null;
  const month = MONTHS[Number(m[2]) - 1];
  if (!month) return null;
  return `${Number(m[3])} ${month} ${m[1]}`;
}

/** Language codes as two-letter badges. */
export function langBadge(lang: string | null | undefined): string {
  return (lang ?? "").toUpperCase();
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-GB")} ${word}${n === 1 ? "" : "s"}`;
}

/** What a clip came to: "Clipped: …", or "Already archived: …" for a duplicate. */
export function clipNotice(outcome: ClipOutcome): string {
  return `${outcome.duplicate_of === null ? "Clipped" : "Already archived"}: ${outcome.title}`;
}
