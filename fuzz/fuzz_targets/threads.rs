//! Any text given to the rules of related coverage: names found in a
//! headline and its text, headline keys and their comparison, dates.
#![no_main]

use dispatch_core::threads::{entities, headline_key, near_headlines, similar};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (title, body) = text.split_once('\n').unwrap_or((&text, ""));
    for e in entities::find(title, body) {
        assert!(!e.key.is_empty() && e.count > 0, "{e:?}");
    }
    entities::mentions(&entities::find(body, title));
    if let (Some(a), Some(b)) = (headline_key(title), headline_key(body)) {
        assert_eq!(near_headlines(&a, &b), near_headlines(&b, &a), "{a:?} {b:?}");
    }
    similar::day_of(title);
});
