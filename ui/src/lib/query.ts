// The search box's query as filters the facet menus can add and remove.
// A query is split into terms the way the query language reads it
// (quoted phrases and `field:"quoted value"` stay whole), so a filter the
// reporter typed by hand and one added from a menu are the same thing.

/** Splits a query into its terms, keeping quoted parts whole. */
export function terms(query: string): string[] {
  return query.match(/(?:[^\s"]+:)?"[^"]*"?|[^\s]+/g) ?? [];
}

/** `field:value`, quoting values that contain spaces. */
export function filterTerm(field: string, value: string): string {
  return /[\s"():]/.test(value) ? `${field}:"${value.replace(/"/g, "")}"` : `${field}:${value}`;
}

function sameTerm(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** True when the query already holds this filter. */
export function hasFilter(query: string, field: string, value: string): boolean {
  const wanted = filterTerm(field, value);
  return terms(query).some((t) => sameTerm(t, wanted));
}

/** The query with the filter added, or removed when it is there already. */
export function toggleFilter(query: string, field: string, value: string): string {
  const wanted = filterTerm(field, value);
  const current = terms(query);
  const kept = current.filter((t) => !sameTerm(t, wanted));
  return (kept.length < current.length ? kept : [...current, wanted]).join(" ");
}

/** The query with every `field:` term replaced by `value` (none when null). */
export function setFilter(query: string, field: string, value: string | null): string {
  const kept = terms(query).filter((t) => !t.toLowerCase().startsWith(`${field}:`));
  return (value === null ? kept : [...kept, filterTerm(field, value)]).join(" ");
}

/** The filters in a query, for the chips under the search box. */
export function filters(query: string): { field: string; value: string; term: string }[] {
  return terms(query).flatMap((term) => {
    const m = /^(tag|site|lang|author|person|place|org|after|before|title):"?([^"]*)"?$/i.exec(term);
    return m ? [{ field: m[1].toLowerCase(), value: m[2], term }] : [];
  });
}

/** The query without one of its terms. */
export function withoutTerm(query: string, term: string): string {
  return terms(query)
    .filter((t) => t !== term)
    .join(" ");
}
