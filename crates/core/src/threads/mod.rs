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
/// of two letters or more remain: too little to name one story ("Read
/// more", "Watch", "May 2, 2013, 1:12 PM", "Updated 4:08 p.m. ET").
pub fn headline_key(headline: &str) -> Option<String> {
    let words: Vec<String> = folded_words(headline)
        .into_iter()
        .filter(|w| !HEADLINE_FILLER.contains(&w.as_str()))
        .collect();
    let lettered = words
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count();
    (lettered >= 3).then(|| words.join(" "))
}

/// The words of a headline key worth looking a near match up by: its
/// longer words (4 letters or more), distinct.
pub fn key_words(key: &str) -> Vec<&str> {
    let mut words: Vec<&str> = key.split(' ').filter(|w| w.chars().count() >= 4).collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// The few longest of `key_words`: a near match shares at least one.
pub fn probe_words(key: &str) -> Vec<&str> {
    let mut words = key_words(key);
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words.truncate(3);
    words
}

/// Whether two headline keys name one story though a word or two differ
/// ("… accused of foreign-backed plot" / "… accused of foreign-backed coup
/// plot"): at least five longer words shared, and three quarters of all,
/// so short headlines must match exactly ("Mali expels five French
/// diplomats" is not "Mali expels six French diplomats").
pub fn near_headlines(a: &str, b: &str) -> bool {
    let (a, b) = (key_words(a), key_words(b));
    let shared = a.iter().filter(|w| b.contains(w)).count();
    let all = a.len() + b.len() - shared;
    shared >= 5 && shared * 4 >= all * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_headlines_tolerate_a_word_but_not_another_story() {
        let key = |h: &str| headline_key(h).unwrap();
        let original =
            key("Mali arrests French national and generals accused of foreign-backed plot");
        assert!(near_headlines(
            &original,
            &key("Mali arrests French national and generals accused of foreign-backed coup plot")
        ));
        assert!(near_headlines(
            &original,
            &key(
                "Mali arrests a French national and two generals accused of a foreign-backed plot"
            )
        ));
        assert!(!near_headlines(
            &original,
            &key("Niger arrests French national accused of spying")
        ));
        assert!(!near_headlines(
            &key("Mali expels five French diplomats"),
            &key("Mali expels six French diplomats today")
        ));
    }

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
        assert_eq!(headline_key("Updated 4: 08 p. m. ET"), None);
    }
}
