// Keyboard shortcuts: one table, used by the handler and by the sheet `?`
// shows, so the two never disagree.

export type Action = "search" | "down" | "up" | "open" | "tag" | "select" | "save" | "cite" | "back" | "help" | "clip";

export const SHORTCUTS: { key: string; label: string; action: Action }[] = [
  { key: "/", label: "Search", action: "search" },
  { key: "j", label: "Next article", action: "down" },
  { key: "k", label: "Previous article", action: "up" },
  { key: "Enter", label: "Open the article", action: "open" },
  { key: "t", label: "Tag the article (or the selected ones)", action: "tag" },
  { key: "x", label: "Select for bulk actions", action: "select" },
  { key: "s", label: "Save the search (or rename it)", action: "save" },
  { key: "y", label: "Copy the citation (with the selected passage quoted)", action: "cite" },
  { key: "c", label: "Clip something new", action: "clip" },
  { key: "Escape", label: "Back: close, clear, return", action: "back" },
  { key: "?", label: "This sheet", action: "help" },
];

/** The action for a key press, or null (typing in a field only knows Escape). */
export function actionFor(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">, typing: boolean): Action | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (typing) return e.key === "Escape" ? "back" : null;
  return SHORTCUTS.find((s) => s.key === e.key)?.action ?? null;
}
