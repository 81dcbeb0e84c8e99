//! Queries on `feeds` and `feed_items`.
