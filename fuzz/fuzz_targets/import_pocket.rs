//! Any bytes given as a Pocket CSV export: an import, or a clear
//! error, and every record it reads becomes a clip request or says why not.
#![no_main]

use dispatch_core::io::{self, ImportFormat, ItemSource};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(import) = io::parse(ImportFormat::Pocket, data) {
        for item in import.items {
            if let ItemSource::Record(record) = item.source {
                let _ = io::json::request(*record);
            }
        }
    }
});
