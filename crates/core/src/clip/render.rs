//! Sanitised article HTML to the plain text that is stored, searched and
//! exported: paragraphs, headings and block quotes a blank line apart, list
//! items on their own lines as "- item" or "1. item", table cells " | "
//! apart, preformatted text as it is. [`markdown_of`] writes the same
//! shape as Markdown (headings, emphasis, links, quotes, code).

use dom_query::{Document, NodeRef};

/// Nesting beyond this is flattened: sanitised HTML from a depth-limited
/// page is far shallower, and recursion stays bounded on any input.
const MAX_DEPTH: usize = 256;

/// The plain text of a parsed sanitised document.
pub fn text_of_document(doc: &Document) -> String {
    let mut out = Writer::default();
    if let Some(body) = doc.select("body").nodes().first() {
        out.children(body, 0);
    }
    out.text
}

/// Sanitised HTML as Markdown.
pub fn markdown_of(html: &str) -> String {
    let doc = Document::from(html);
    let mut out = Writer {
        markdown: true,
        ..Writer::default()
    };
    if let Some(body) = doc.select("body").nodes().first() {
        out.children(body, 0);
    }
    out.text
}

#[derive(Default)]
struct Writer {
    /// Writing Markdown rather than plain text.
    markdown: bool,
    text: String,
    /// Line breaks owed before the next text: 1 newline, 2 blank line.
    breaks: u8,
    /// Whether whitespace separates the next text from what came before.
    space: bool,
    /// Inside `<pre>`: whitespace is kept.
    pre: usize,
    /// Right after a list marker: breaks before the item's text are dropped.
    glued: bool,
}

impl Writer {
    fn children(&mut self, node: &NodeRef, depth: usize) {
        for child in node.children() {
            self.node(&child, depth + 1);
        }
    }

    fn node(&mut self, node: &NodeRef, depth: usize) {
        if super::html::text_node(node, |t| self.push_text(t)).is_some() {
            return;
        }
        if !node.is_element() {
            return;
        }
        if depth > MAX_DEPTH {
            self.push_text(&node.text());
            return;
        }
        let name = node.node_name().unwrap_or_default();
        if self.markdown && self.markdown_node(node, name.as_ref(), depth) {
            return;
        }
        match name.as_ref() {
            "br" => self.brk(1),
            "hr" => self.brk(2),
            "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "figure" | "table"
            | "ul" | "ol" | "dl" => {
                self.brk(2);
                self.list_or_children(node, name.as_ref(), depth);
                self.brk(2);
            }
            "pre" => {
                self.brk(2);
                self.pre += 1;
                self.children(node, depth);
                self.pre -= 1;
                self.brk(2);
            }
            "tr" | "div" | "section" | "article" | "header" | "footer" | "main" | "aside"
            | "figcaption" | "dt" | "dd" | "li" | "caption" => {
                self.brk(1);
                self.children(node, depth);
                self.brk(1);
            }
            "td" | "th" => {
                let first = node.prev_element_sibling().is_none();
                if !first {
                    self.push_raw(" | ");
                }
                self.children(node, depth);
            }
            _ => self.children(node, depth),
        }
    }

    /// Markdown's own forms; false for elements written as in plain text.
    fn markdown_node(&mut self, node: &NodeRef, name: &str, depth: usize) -> bool {
        let wrap = |w: &mut Writer, mark: &str| {
            w.push_glued(mark);
            w.children(node, depth);
            w.push_glued(mark);
        };
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.brk(2);
                let level = usize::from(name.as_bytes()[1] - b'0');
                self.push_raw(&format!("{} ", "#".repeat(level)));
                self.space = false;
                self.glued = true;
                self.children(node, depth);
                self.glued = false;
                self.brk(2);
            }
            "strong" | "b" => wrap(self, "**"),
            "em" | "i" => wrap(self, "*"),
            "code" if self.pre == 0 => wrap(self, "`"),
            "a" => match node.attr("href") {
                Some(href) => {
                    self.push_glued("[");
                    self.children(node, depth);
                    self.push_glued(&format!(
                        "]({})",
                        href.replace(' ', "%20").replace(')', "%29")
                    ));
                }
                None => self.children(node, depth),
            },
            "img" => {
                if let Some(src) = node.attr("src") {
                    let alt = node.attr("alt").unwrap_or_default();
                    let alt = crate::text::squash_whitespace(&alt).replace(['[', ']'], "");
                    self.brk(2);
                    self.push_raw(&format!(
                        "![{alt}]({})",
                        src.replace(' ', "%20").replace(')', "%29")
                    ));
                    self.brk(2);
                }
            }
            "blockquote" => {
                let mut inner = Writer {
                    markdown: true,
                    ..Writer::default()
                };
                inner.children(node, depth);
                self.brk(2);
                let quoted: Vec<String> = inner
                    .text
                    .lines()
                    .map(|l| {
                        if l.is_empty() {
                            ">".into()
                        } else {
                            format!("> {l}")
                        }
                    })
                    .collect();
                self.push_raw(&quoted.join("\n"));
                self.brk(2);
            }
            "pre" => {
                self.brk(2);
                self.push_raw("```\n");
                self.pre += 1;
                self.children(node, depth);
                self.pre -= 1;
                self.text.push_str("\n```");
                self.brk(2);
            }
            _ => return false,
        }
        true
    }

    /// Markup that sits against the text it marks (`**bold**`).
    fn push_glued(&mut self, mark: &str) {
        self.flush_breaks();
        if self.space && !self.text.is_empty() && !self.text.ends_with(['\n', ' ', '[', '*', '`']) {
            self.text.push(' ');
        }
        self.space = false;
        self.text.push_str(mark);
    }

    /// Lists number or mark their items; other blocks just hold children.
    fn list_or_children(&mut self, node: &NodeRef, name: &str, depth: usize) {
        if !matches!(name, "ul" | "ol") {
            self.children(node, depth);
            return;
        }
        let mut number = 0;
        for child in node.children() {
            if child.node_name().as_deref() == Some("li") {
                number += 1;
                self.brk(1);
                let marker = if name == "ol" {
                    format!("{number}. ")
                } else {
                    "- ".to_string()
                };
                self.push_raw(&marker);
                self.space = false;
                // "1. " stays on the line of the item's first paragraph.
                self.glued = true;
                self.children(&child, depth + 1);
                self.glued = false;
                self.brk(1);
            } else {
                self.node(&child, depth + 1);
            }
        }
    }

    fn brk(&mut self, n: u8) {
        if !self.glued {
            self.breaks = self.breaks.max(n);
        }
    }

    fn flush_breaks(&mut self) {
        if self.text.is_empty() {
            self.breaks = 0;
            return;
        }
        if self.breaks > 0 {
            while self.text.ends_with(' ') {
                self.text.pop();
            }
            self.text
                .push_str(if self.breaks >= 2 { "\n\n" } else { "\n" });
            self.breaks = 0;
            self.space = false;
        }
    }

    fn push_raw(&mut self, s: &str) {
        self.flush_breaks();
        self.text.push_str(s);
        self.glued = false;
    }

    fn push_text(&mut self, raw: &str) {
        if self.pre > 0 {
            if !raw.is_empty() {
                self.flush_breaks();
                self.text.push_str(raw);
            }
            return;
        }
        let starts_with_space = raw.starts_with(char::is_whitespace);
        let words: Vec<&str> = raw.split_whitespace().collect();
        if words.is_empty() {
            self.space |= !raw.is_empty();
            return;
        }
        self.flush_breaks();
        if (self.space || starts_with_space)
            && !self.text.is_empty()
            && !self.text.ends_with(['\n', ' '])
        {
            self.text.push(' ');
        }
        let words = words.join(" ");
        if self.markdown {
            self.text.push_str(&escape_markdown(&words));
        } else {
            self.text.push_str(&words);
        }
        self.space = raw.ends_with(char::is_whitespace);
        self.glued = false;
    }
}

/// Text that Markdown would otherwise read as markup.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(html: &str) -> String {
        text_of_document(&Document::from(html))
    }

    #[test]
    fn markdown_keeps_headings_emphasis_links_and_quotes() {
        let html = "<h2>Sub head</h2><p>One <b>bold</b> and <em>soft</em> word with a \
            <a href=\"https://www.rfi.fr/a\">link</a>, 5*3_x.</p><blockquote><p>Quoted</p><p>twice</p></blockquote>\
            <ul><li>dot</li></ul><pre>let x = 1;</pre>";
        assert_eq!(
            markdown_of(html),
            "## Sub head\n\nOne **bold** and *soft* word with a [link](https://www.rfi.fr/a), 5\\*3\\_x.\n\n\
             > Quoted\n>\n> twice\n\n- dot\n\n```\nlet x = 1;\n```"
        );
    }

    #[test]
    fn images_are_markdown_images_and_no_text() {
        let html = "<p>Before</p><figure><img src=\"https://cdn.example/palace (1).jpg\" \
            alt=\"The [old] palace\"><figcaption>Koulouba</figcaption></figure><p>After</p>";
        assert_eq!(
            markdown_of(html),
            "Before\n\n![The old palace](https://cdn.example/palace%20(1%29.jpg)\n\nKoulouba\n\nAfter"
        );
        assert_eq!(text_of(html), "Before\n\nKoulouba\n\nAfter");
    }

    #[test]
    fn blocks_lists_and_tables_keep_their_shape() {
        let html = "<h2>Sub head</h2><p>One <b>bold</b> word,\n   spread</p>\
            <ol><li>first</li><li><p>second <i>item</i></p></li></ol><ul><li>dot</li></ul>\
            <table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>\
            <pre>let x = 1;\n  indented</pre><p>line<br>break</p>";
        assert_eq!(
            text_of(html),
            "Sub head\n\nOne bold word, spread\n\n1. first\n2. second item\n\n- dot\n\n\
             a | b\n1 | 2\n\nlet x = 1;\n  indented\n\nline\nbreak"
        );
    }

    #[test]
    fn empty_and_deep_inputs_are_fine() {
        assert_eq!(text_of(""), "");
        let deep = format!("{}deep{}", "<span>".repeat(5000), "</span>".repeat(5000));
        assert_eq!(text_of(&deep), "deep");
    }
}
