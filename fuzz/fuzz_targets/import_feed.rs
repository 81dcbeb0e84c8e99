//! Any bytes served as a feed (RSS, Atom, JSON Feed): its items, or a
//! clear error.
#![no_main]

use dispatch_core::io::feed;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = feed::parse(data, Some("https://example.org/feed"));
});
