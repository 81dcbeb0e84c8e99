//! Any bytes given to the HTML clipper: an article or a clear error, never
//! a panic, a hang or unsanitised output.
#![no_main]

use dispatch_core::clip::{extract, Format};
use dom_query::Document;
use libfuzzer_sys::fuzz_target;

// Images stay, each with one web address (checked below with the links).
const FORBIDDEN: &str = "script, style, iframe, frame, object, embed, svg, math, link, meta, base, form, input, template";

fuzz_target!(|data: &[u8]| {
    let Ok(article) = extract(data, Some("https://example.org/news/story"), Format::Html) else {
        return;
    };
    assert!(!article.title.is_empty(), "every article has a title");
    let doc = Document::from(article.html.as_str());
    assert!(doc.select(FORBIDDEN).is_empty(), "a forbidden element survived");
    for node in doc.select("*").nodes() {
        for attr in node.attrs().iter() {
            let name = attr.name.local.to_ascii_lowercase().to_string();
            assert!(!name.starts_with("on"), "an event handler survived: {name}");
            if name == "href" || name == "src" {
                let value = attr.value.trim().to_ascii_lowercase();
                assert!(
                    value.starts_with("http://")
                        || value.starts_with("https://")
                        || value.starts_with("mailto:"),
                    "a link to {value:.40} survived"
                );
            }
        }
    }
});
