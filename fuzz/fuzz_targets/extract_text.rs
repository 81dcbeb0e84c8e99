//! Any bytes given to the plain-text clipper (pasted text, .txt files).
#![no_main]

use dispatch_core::clip::{extract, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(article) = extract(data, None, Format::Text) {
        assert!(!article.title.is_empty(), "every article has a title");
        assert!(!article.html.to_ascii_lowercase().contains("<script"));
    }
});
