//! The facet counts of a query's matches: tags, outlets, languages, years,
//! and the people, places and organisations they mention.
//!
//! Each facet is a fast text column. There are thousands of distinct names
//! in an archive, and tantivy's facet collector turns every counted value
//! back into text; here each segment counts term ordinals in a plain array
//! and only its `PER_SEGMENT` most frequent values are turned into text and
//! merged. Counts are exact whenever a segment's matches hold no more than
//! `PER_SEGMENT` distinct values of a facet; beyond that a value outside a
//! segment's top can be under-counted, never over-counted.

use rustc_hash::FxHashMap as HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// The fast columns, in the order of [`NameCounts`]'s fruit.
pub const FIELDS: [&str; 7] = [
    "tag_name",
    "outlet_name",
    "lang_name",
    "year_name",
    "person_name",
    "place_name",
    "org_name",
];

/// Twice what a facet shows (`search::MAX_FACET_VALUES`): turning an
/// ordinal back into text reads and decompresses a dictionary block, and
/// that was a third of a search's time with a thousand per segment.
const PER_SEGMENT: usize = 200;

/// Per facet of [`FIELDS`]: value → matching articles.
pub type Counts = [HashMap<String, u64>; FIELDS.len()];

pub struct NameCounts;

pub struct SegmentNameCounts {
    columns: Vec<Option<(StrColumn, Vec<u32>)>>,
}

impl Collector for NameCounts {
    type Fruit = Counts;
    type Child = SegmentNameCounts;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentNameCounts> {
        let mut columns = Vec::with_capacity(FIELDS.len());
        for field in FIELDS {
            let column = reader.fast_fields().str(field)?;
            columns.push(column.map(|c| {
                let counts = vec![0u32; c.num_terms()];
                (c, counts)
            }));
        }
        Ok(SegmentNameCounts { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut merged = Counts::default();
        for fruit in fruits {
            for (into, from) in merged.iter_mut().zip(fruit) {
                into.reserve(from.len());
                for (name, count) in from {
                    *into.entry(name).or_default() += count;
                }
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentNameCounts {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (column, counts) in self.columns.iter_mut().flatten() {
            for ord in column.term_ords(doc) {
                counts[ord as usize] += 1;
            }
        }
    }

    fn harvest(self) -> Counts {
        let mut fruit = Counts::default();
        for (out, column) in fruit.iter_mut().zip(self.columns) {
            let Some((column, counts)) = column else {
                continue;
            };
            let mut counted: Vec<(u32, u64)> = counts
                .iter()
                .enumerate()
                .filter(|(_, &c)| c > 0)
                .map(|(ord, &c)| (c, ord as u64))
                .collect();
            if counted.len() > PER_SEGMENT {
                counted.select_nth_unstable_by(PER_SEGMENT, |a, b| b.0.cmp(&a.0));
                counted.truncate(PER_SEGMENT);
            }
            // Resolving ordinals in order reads each dictionary block once.
            counted.sort_unstable_by_key(|&(_, ord)| ord);
            let ords: Vec<u64> = counted.iter().map(|&(_, ord)| ord).collect();
            let mut next = counted.iter();
            // A dictionary block that cannot be read leaves this facet short;
            // the search itself still answers.
            let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                if let Some(&(count, _)) = next.next() {
                    out.insert(
                        String::from_utf8_lossy(bytes).into_owned(),
                        u64::from(count),
                    );
                }
            });
        }
        fruit
    }
}
