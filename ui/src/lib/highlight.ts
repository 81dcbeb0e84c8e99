// Marks the words a query matched (as the backend found them in the
// article, so stemming and accents are already accounted for) inside the
// rendered article. Works on text nodes only: it never parses HTML.

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Wraps whole-word occurrences of `words` under `root` in `<mark>`; returns how many. */
export function highlightWords(root: HTMLElement, words: string[]): number {
  const wanted = words.filter((w) => w.trim().length > 0);
  if (wanted.length === 0) return 0;
  wanted.sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${wanted.map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}])`, "gu");
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!(n.parentElement?.closest("mark"))) nodes.push(n as Text);
  }
  let count = 0;
  for (const node of nodes) {
    const text = node.data;
    pattern.lastIndex = 0;
    let last = 0;
    const pieces: Node[] = [];
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      if (m.index > last) pieces.push(document.createTextNode(text.slice(last, m.index)));
      const mark = root.ownerDocument.createElement("mark");
      mark.textContent = m[0];
      pieces.push(mark);
      last = m.index + m[0].length;
      count++;
    }
    if (pieces.length === 0) continue;
    if (last < text.length) pieces.push(document.createTextNode(text.slice(last)));
    node.replaceWith(...pieces);
  }
  return count;
}
