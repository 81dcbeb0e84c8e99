//! Any string typed into the search box: a query or a clear error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let _ = dispatch_core::index::parse(input);
});
