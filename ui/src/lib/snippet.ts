// Search snippets arrive as HTML-escaped text with matches in <mark>.
// They are split into plain parts here and rendered as text, so nothing in
// a snippet is ever interpreted as markup.

export interface SnippetPart {
  text: string;
  mark: boolean;
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&#x27;": "'",
};

function unescape(s: string): string {
  return s.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (e) => ENTITIES[e] ?? e);
}

export function snippetParts(html: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const re = /<mark>(.*?)<\/mark>/gs;
  let last = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m.index > last) parts.push({ text: unescape(html.slice(last, m.index)), mark: false });
    parts.push({ text: unescape(m[1]), mark: true });
    last = re.lastIndex;
  }
  if (last < html.length) parts.push({ text: unescape(html.slice(last)), mark: false });
  return parts;
}
