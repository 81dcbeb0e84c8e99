// Tag suggestions as the reporter types: tags that start with what was
// typed come first (most used first), then tags that contain it; tags the
// article already has are left out.

import type { TagCount } from "./bindings/TagCount";

export function suggestTags(typed: string, all: TagCount[], have: string[], limit = 8): string[] {
  const t = typed.trim().toLowerCase();
  const owned = new Set(have.map((h) => h.toLowerCase()));
  const candidates = all.filter((tag) => !owned.has(tag.name.toLowerCase()));
  if (!t) return candidates.slice(0, limit).map((c) => c.name);
  const starts = candidates.filter((c) => c.name.toLowerCase().startsWith(t));
  const contains = candidates.filter((c) => !c.name.toLowerCase().startsWith(t) && c.name.toLowerCase().includes(t));
  return [...starts, ...contains].slice(0, limit).map((c) => c.name);
}
