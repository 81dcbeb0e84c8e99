//! Language of an article, as a two-letter ISO 639-1 code.

use whatlang::Lang;

/// Detects the language of article text. Short or ambiguous text gives
/// `None` rather than a guess.
pub fn detect(text: &str) -> Option<String> {
    // The first few thousand characters decide; the rest costs time only.
    let sample_end = text
        .char_indices()
        .nth(2000)
        .map_or(text.len(), |(at, _)| at);
    let info = whatlang::detect(&text[..sample_end])?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    Some(code_of(info.lang()).to_string())
}

/// Reads a language tag such as `en-GB` or `fr_FR` into its primary subtag.
pub fn from_tag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 && primary.chars().all(|c| c.is_ascii_lowercase())).then_some(primary)
}

fn code_of(lang: Lang) -> &'static str {
    match lang {
        Lang::Eng => "en",
        Lang::Fra => "fr",
        Lang::Spa => "es",
        Lang::Deu => "de",
        Lang::Ita => "it",
        Lang::Por => "pt",
        Lang::Rus => "ru",
        Lang::Ara => "ar",
        Lang::Nld => "nl",
        Lang::Swe => "sv",
        Lang::Dan => "da",
        Lang::Nob => "no",
        Lang::Fin => "fi",
        Lang::Ron => "ro",
        Lang::Hun => "hu",
        Lang::Tur => "tr",
        Lang::Ell => "el",
        Lang::Tam => "ta",
        Lang::Pol => "pl",
        Lang::Ukr => "uk",
        Lang::Ces => "cs",
        Lang::Cmn => "zh",
        Lang::Jpn => "ja",
        Lang::Kor => "ko",
        Lang::Heb => "he",
        Lang::Pes => "fa",
        Lang::Hin => "hi",
        Lang::Urd => "ur",
        Lang::Ind => "id",
        Lang::Vie => "vi",
        Lang::Tha => "th",
        Lang::Bul => "bg",
        Lang::Srp => "sr",
        Lang::Hrv => "hr",
        Lang::Slk => "sk",
        Lang::Slv => "sl",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Cat => "ca",
        Lang::Amh => "am",
        Lang::Ben => "bn",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_french_and_english() {
        assert_eq!(
            detect("Le gouvernement malien a annoncé l'expulsion de cinq diplomates français, accusés d'ingérence.").as_deref(),
            Some("fr")
        );
        assert_eq!(
            detect("France suspended counter-terrorism cooperation and ordered two Malian diplomats to leave Paris.").as_deref(),
            Some("en")
        );
    }

    #[test]
    fn reads_tags() {
        assert_eq!(from_tag("en-GB").as_deref(), Some("en"));
        assert_eq!(from_tag("FR_fr").as_deref(), Some("fr"));
        assert_eq!(from_tag("x"), None);
    }
}
