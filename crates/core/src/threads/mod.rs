//! Related coverage: what links articles into a story.
//!
//! Three sources, in the order a reporter trusts them:
//! 1. **links in the articles**: the links a page makes to other stories,
//!    and the related headlines interleaved in pasted text, matched to
//!    archived articles by canonical URL or by headline ([`headline_key`]:
//!    case, accents, punctuation and small words aside), in both
//!    directions and whichever article was clipped first;
//! 2. **the reporter's own links**, and the pairs she unlinked or
//!    dismissed, which stay dismissed;
//! 3. **suggestions** ([`similar`]): wording, shared people, places and
//!    organisations ([`entities`]), and closeness in time, each with a
//!    reason she can read.
//!
//! A thread is a named set of articles read as a timeline by publication
//! date; [`dossier`] writes one out with a citation for every article.

pub mod dossier;
pub mod entities;
pub mod similar;

use crate::text::folded_words;

/// Words a headline can gain or lose without becoming another headline.
const HEADLINE_FILLER: &[&str] = &[
    "a", "an", "the", "and", "of", "in", "on", "to", "for", "at", "by", "with", "as", "is", "s",
    "le", "la", "les", "l", "un", "une", "des", "de", "du", "d", "et", "a", "au", "aux", "en",
    "el", "los", "las", "y", "del", "al", "por", "para", "con",
];

/// The comparison form of a headline: folded words without small words,
/// so "Mali arrests French national, generals accused of 'foreign-backed'
/// plot" and "Mali Arrests a French National and Generals Accused of
/// Foreign-Backed Plot" are one key. `None` when fewer than three words
/// of letters remain: too little to name one story ("Read more", "Watch",
/// "May 2, 2013, 1:12 PM").
pub fn headline_key(headline: &str) -> Option<String> {
    let words: Vec<String> = folded_words(headline)
        .into_iter()
        .filter(|w| !HEADLINE_FILLER.contains(&w.as_str()))
        .collect();
    let lettered = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    (lettered >= 3).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_keys_ignore_case_accents_punctuation_and_small_words() {
        let a = headline_key(
            "Mali arrests French national and generals accused of foreign-backed plot",
        );
        let b = headline_key(
            "MALI ARRESTS A FRENCH NATIONAL, GENERALS ACCUSED OF ‘FOREIGN BACKED’ PLOT",
        );
        assert!(a.is_some());
        assert_eq!(a, b);
        assert_eq!(
            headline_key("Le Mali expulse cinq diplomates français"),
            headline_key("le mali expulse cinq diplomates francais")
        );
        assert_ne!(
            headline_key("Mali expels five French diplomats"),
            headline_key("Mali expels six French diplomats")
        );
        assert_eq!(headline_key("Read more"), None);
        assert_eq!(headline_key("May 2, 2013, 1: 12 PM"), None);
    }
}
