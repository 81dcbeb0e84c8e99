//! Any bytes given as a saved MHTML page: the article inside, or a clear
//! error.
#![no_main]

use dispatch_core::clip::{extract, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(article) = extract(data, None, Format::Mhtml) {
        assert!(!article.html.to_ascii_lowercase().contains("<script"));
    }
});
