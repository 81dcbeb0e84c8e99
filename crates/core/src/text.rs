//! Small text helpers shared by clipping, storage and search.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Lower-cases and strips diacritics: "Goïta" -> "goita", "Élysée" -> "elysee".
///
/// This is the comparison form used for tags, duplicate detection and
/// headline matching; the search index applies the same folding through its
/// analysers.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    // Char by char: the ASCII that makes up most of any text skips the
    // decomposition. Canonical reordering, the one thing a whole-string
    // NFKD adds, only moves combining marks, which are dropped.
    let mut folded = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            folded.push(c.to_ascii_lowercase());
        } else {
            decompose_compatible(c, |d| {
                if !is_combining_mark(d) {
                    folded.extend(d.to_lowercase());
                }
            });
        }
    }
    folded
}

/// The folded words of a text, punctuation dropped: "Goïta's junta" ->
/// ["goita", "s", "junta"].
pub fn folded_words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Collapses every run of whitespace into one space and trims the ends.
pub fn squash_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_squashed(&mut out, s);
    out
}

/// Appends `s` to `out` as [`squash_whitespace`] gives it, after a space
/// when `out` already holds text and `s` has some; whether it had some.
pub fn push_squashed(out: &mut String, s: &str) -> bool {
    let mut words = s.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(first);
    for word in words {
        out.push(' ');
        out.push_str(word);
    }
    true
}

/// `s` without any whitespace: how text is compared when elements run
/// their text nodes together ("Part 1Havenly").
pub fn without_spacing(s: &str) -> String {
    // Whole runs between spaces, not a char at a time: this is read over
    // whole articles.
    let mut out = String::with_capacity(s.len());
    for piece in s.split(char::is_whitespace) {
        out.push_str(piece);
    }
    out
}

/// Cuts `s` to at most `max_chars` characters at a word boundary, adding "…"
/// when something was cut.
pub fn truncate_words(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let cut: String = s.chars().take(max_chars).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max_chars / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches(|c: char| !c.is_alphanumeric()))
}

/// The largest character boundary of `s` at or before byte `i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Escapes text for inclusion in HTML (text, or attribute values in
/// double quotes). Apostrophes stay as they are, as the sanitiser writes
/// them, so that HTML made here and HTML read back agree byte for byte.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squashed_text_joins_words_with_one_space() {
        assert_eq!(
            squash_whitespace("  Bamako\n\t expelled  five "),
            "Bamako expelled five"
        );
        assert_eq!(squash_whitespace(" \n "), "");
        let mut out = String::from("Mali");
        assert!(!push_squashed(&mut out, "  "));
        assert_eq!(out, "Mali");
        assert!(push_squashed(&mut out, " junta\n leaders "));
        assert_eq!(out, "Mali junta leaders");
    }

    #[test]
    fn folded_words_drop_punctuation() {
        assert_eq!(
            folded_words("Goïta's junta — 2025!"),
            ["goita", "s", "junta", "2025"]
        );
    }

    #[test]
    fn fold_strips_diacritics_and_case() {
        assert_eq!(fold("Goïta"), "goita");
        assert_eq!(fold("ÉLYSÉE Députés"), "elysee deputes");
        assert_eq!(fold("Москва"), "москва");
    }

    #[test]
    fn fold_char_by_char_is_the_whole_string_decomposition() {
        use unicode_normalization::UnicodeNormalization;
        let whole = |s: &str| -> String {
            s.nfkd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .collect()
        };
        let every_char: String = (0..=0x10FFFF_u32).filter_map(char::from_u32).collect();
        assert_eq!(fold(&every_char), whole(&every_char));
        for s in [
            "Ǆemal ﬁnds ǅ",
            "e\u{301}\u{323}t\u{e9}",
            "한국어 ㈜ ½ Ⅻ",
            "İstanbul ΣΑΣ",
        ] {
            assert_eq!(fold(s), whole(s), "{s}");
        }
    }

    #[test]
    fn without_spacing_drops_every_kind_of_space_and_nothing_else() {
        for text in [
            "",
            " \t\n",
            "Part 1\nHavenly",
            " a\u{a0}b\u{3000}巴马科 é ",
            "x",
        ] {
            let by_chars: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(without_spacing(text), by_chars, "{text:?}");
        }
        assert_eq!(without_spacing(" Part 1\u{a0}Havenly "), "Part1Havenly");
    }

    #[test]
    fn truncate_words_cuts_at_a_space() {
        assert_eq!(truncate_words("short", 10), "short");
        assert_eq!(
            truncate_words("Relations between France and Mali have worsened", 30),
            "Relations between France and…"
        );
    }
}
