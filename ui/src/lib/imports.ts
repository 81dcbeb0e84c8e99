/** The import formats the window offers, as the backend names them. */
export const IMPORT_FORMATS = [
  { value: "bookmarks", label: "Bookmarks (HTML, from a browser or Pocket)" },
  { value: "pocket", label: "Pocket (CSV)" },
  { value: "wallabag", label: "wallabag (JSON)" },
  { value: "json", label: "Dispatch export (JSON)" },
] as const;

/** The likely format of an import file, from its name and first bytes. */
export function guessImportFormat(name: string, head: string): string {
  const lower = name.toLowerCase();
  const start = head.trimStart();
  if (lower.endsWith(".csv")) return "pocket";
  if (lower.endsWith(".html") || lower.endsWith(".htm") || /NETSCAPE-Bookmark-file/i.test(head)) return "bookmarks";
  if (start.startsWith("[")) return "wallabag";
  return "json";
}
