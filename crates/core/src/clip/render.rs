//! Sanitised article HTML to the plain text that is stored, searched and
//! exported: paragraphs, headings and block quotes a blank line apart, list
//! items on their own lines as "- item" or "1. item", table cells " | "
//! apart, preformatted text as it is.

use dom_query::{Document, NodeRef};

/// Nesting beyond this is flattened: sanitised HTML from a depth-limited
/// page is far shallower, and recursion stays bounded on any input.
const MAX_DEPTH: usize = 256;

/// The plain text of sanitised HTML.
pub fn text_of(html: &str) -> String {
    let doc = Document::from(html);
    let mut out = Writer::default();
    if let Some(body) = doc.select("body").nodes().first() {
        out.children(body, 0);
    }
    out.text
}

#[derive(Default)]
struct Writer {
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
        if node.is_text() {
            self.push_text(&node.text());
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
        self.text.push_str(&words.join(" "));
        self.space = raw.ends_with(char::is_whitespace);
        self.glued = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
