//! How related two articles are, and why, in words a reporter can check.
//!
//! Three signals: two added, the third multiplying them:
//! - **wording**: cosine of the two texts' content words (stemmed, folded,
//!   stop words out), each weighted by `(1 + ln tf) * idf`; every word
//!   counts, not only the top few, because two stories of the same kind
//!   (two earthquakes, two rehab stays) share their commonest words and
//!   differ in the rest;
//! - **entities**: cosine of the people, places, organisations and names
//!   they mention, weighted the same way; this is what crosses languages
//!   ("Goïta" in French and English coverage) and what tells the
//!   earthquake in Chile from the one in Peru;
//! - **time**: articles published close together are likelier to be one
//!   story: closeness (1 the same day, decaying by `1/e` over a week)
//!   multiplies what the text shares, up to threefold, so two stories of
//!   the same kind weeks apart separate, and an unrelated article from the
//!   same day gains nothing.
//!
//! Candidates are ranked by that score less a little of how much each one
//! resembles the other candidates ([`rank`]): an article close to all of
//! them (a round-up, a backgrounder on the kind of story) is a hub that
//! resembles everything, and so says less about this article than one of
//! equal score that resembles this article alone. This is the hubness
//! correction of nearest-neighbour search (CSLS), with the neighbourhood
//! taken from the candidates rather than the whole archive.

use rustc_hash::FxHashMap as HashMap;

use super::entities::{Entity, Kind};
use crate::index::Frequencies;

/// Weight of the entity cosine against the wording cosine.
const ENTITY_WEIGHT: f32 = 0.5;
/// How much a candidate's resemblance to the other candidates (the mean
/// of its [`CROWD_NEIGHBOURS`] best scores against them) is taken off its
/// rank. Small: it breaks near ties between stories of the same kind (on
/// ECB+, P@5 0.977 -> 0.985), and at 0.5 it starts to push away the
/// article's own story, whose members resemble each other too.
const CROWD_WEIGHT: f32 = 0.1;
const CROWD_NEIGHBOURS: usize = 5;
/// How much publication on the same day multiplies the text's similarity
/// (by `1 + TIME_WEIGHT`).
const TIME_WEIGHT: f32 = 2.0;
/// Days over which closeness in time decays by `1/e`: a week, because
/// coverage of one event clusters within days of it (of ECB+'s dated
/// articles, 80% lie within 2 days of their event's median date and 90%
/// within 11), while other events of the same kind are weeks apart.
const TIME_SCALE_DAYS: f32 = 7.0;

/// An article as the ranking sees it.
pub struct Profile {
    pub id: i64,
    /// The language its words were analysed in.
    pub lang: &'static str,
    /// Content word -> (count, first written form).
    words: HashMap<String, (u32, String)>,
    entities: Vec<Entity>,
    /// Publication day (days since 1970), when the page gave one.
    day: Option<i64>,
}

impl Profile {
    pub fn new(
        id: i64,
        lang: &'static str,
        words: Vec<(String, String)>,
        entities: Vec<Entity>,
        published: Option<&str>,
    ) -> Profile {
        let mut counted: HashMap<String, (u32, String)> = HashMap::default();
        for (word, written) in words {
            counted.entry(word).or_insert((0, written)).0 += 1;
        }
        Profile {
            id,
            lang,
            words: counted,
            entities,
            day: published.and_then(day_of),
        }
    }
}

/// A profile's weighted, unit-length vectors.
pub struct Vectors {
    words: HashMap<String, f32>,
    entities: HashMap<String, f32>,
}

impl Vectors {
    pub fn of(profile: &Profile, freq: &Frequencies) -> Vectors {
        let words = unit(
            profile
                .words
                .iter()
                .map(|(w, (n, _))| (w.clone(), tf(*n) * freq.word_idf(profile.lang, w))),
        );
        let entities = unit(
            profile
                .entities
                .iter()
                .map(|e| (e.key.clone(), tf(e.count) * freq.entity_idf(&e.key))),
        );
        Vectors { words, entities }
    }

    /// The `n` most telling words that other articles use too, strongest
    /// first, to find candidates with.
    pub fn shared_words(
        &self,
        profile: &Profile,
        freq: &Frequencies,
        n: usize,
    ) -> Vec<(String, f32)> {
        top(&self.words, |w| freq.word_df(profile.lang, w) > 1, n)
    }

    pub fn shared_entities(&self, freq: &Frequencies, n: usize) -> Vec<(String, f32)> {
        top(&self.entities, |e| freq.entity_df(e) > 1, n)
    }
}

/// A candidate as it was ranked for the article asked about.
pub struct Ranked {
    /// Where it is in the candidates given to [`rank`].
    pub index: usize,
    /// How related it is (the score shown; the rank also weighs hubs).
    pub score: f32,
}

/// Ranks `candidates` for `this`, best first (ties by id). Reasons are left
/// to [`why`], for the few candidates kept.
pub fn rank(
    this: &Profile,
    this_vectors: &Vectors,
    candidates: &[(Profile, Vectors)],
) -> Vec<Ranked> {
    let crowd = crowding(candidates);
    let mut ranked: Vec<(f32, Ranked)> = candidates
        .iter()
        .zip(crowd)
        .enumerate()
        .map(|(index, ((other, other_vectors), crowd))| {
            let score = score(this, this_vectors, other, other_vectors);
            (score - CROWD_WEIGHT * crowd, Ranked { index, score })
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(candidates[a.1.index].0.id.cmp(&candidates[b.1.index].0.id))
    });
    ranked.into_iter().map(|(_, r)| r).collect()
}

/// How related `other` is to `this`: symmetric, 0 when they share nothing.
fn score(this: &Profile, this_vectors: &Vectors, other: &Profile, other_vectors: &Vectors) -> f32 {
    let word_cosine = dot(&this_vectors.words, &other_vectors.words);
    let entity_cosine = dot(&this_vectors.entities, &other_vectors.entities);
    let closeness = days_apart(this, other).map_or(0.0, |d| (-(d as f32) / TIME_SCALE_DAYS).exp());
    (word_cosine + ENTITY_WEIGHT * entity_cosine) * (1.0 + TIME_WEIGHT * closeness)
}

/// For each candidate, the mean of its [`CROWD_NEIGHBOURS`] best scores
/// against the other candidates.
fn crowding(candidates: &[(Profile, Vectors)]) -> Vec<f32> {
    let n = candidates.len();
    let mut scores = vec![vec![0.0f32; n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (&candidates[i], &candidates[j]);
            let s = score(&a.0, &a.1, &b.0, &b.1);
            scores[i][j] = s;
            scores[j][i] = s;
        }
    }
    scores
        .into_iter()
        .enumerate()
        .map(|(i, mut row)| {
            row.swap_remove(i);
            row.sort_by(|a, b| b.total_cmp(a));
            let best = &row[..CROWD_NEIGHBOURS.min(row.len())];
            best.iter().sum::<f32>() / best.len().max(1) as f32
        })
        .collect()
}

fn days_apart(this: &Profile, other: &Profile) -> Option<i64> {
    this.day.zip(other.day).map(|(a, b)| (a - b).abs())
}

/// Why `other` is related to `this`, in words a reporter can check.
pub fn why(
    this: &Profile,
    this_vectors: &Vectors,
    other: &Profile,
    other_vectors: &Vectors,
) -> String {
    let words = shared(&this_vectors.words, &other_vectors.words);
    let entities = shared(&this_vectors.entities, &other_vectors.entities);
    reason(this, &entities, &words, days_apart(this, other))
}

/// "shares Mali, Assimi Goïta, Africa Corps; 3 days apart".
fn reason(
    this: &Profile,
    entities: &[(&str, f32)],
    words: &[(&str, f32)],
    days_apart: Option<i64>,
) -> String {
    let by_key: HashMap<&str, &Entity> =
        this.entities.iter().map(|e| (e.key.as_str(), e)).collect();
    let mut names: Vec<&Entity> = Vec::new();
    // Named people, places and organisations first, then other names, and
    // a lone capitalised word only when no listed name contains it.
    for pass in [0, 1, 2] {
        for (key, _) in entities {
            let Some(e) = by_key.get(key) else { continue };
            let wanted = match pass {
                0 => matches!(e.kind, Kind::Person | Kind::Place | Kind::Org),
                1 => e.kind == Kind::Name,
                _ => e.kind == Kind::Word,
            };
            let covered = names
                .iter()
                .any(|n| crate::text::folded_words(&n.key).contains(&e.key));
            if wanted && !covered && names.len() < 3 {
                names.push(e);
            }
        }
    }
    let mut parts = Vec::new();
    if !names.is_empty() {
        let list: Vec<&str> = names.iter().map(|e| e.name.as_str()).collect();
        parts.push(format!("shares {}", list.join(", ")));
    } else if !words.is_empty() {
        let list: Vec<&str> = words
            .iter()
            .take(3)
            .filter_map(|(w, _)| this.words.get(*w).map(|(_, written)| written.as_str()))
            .collect();
        parts.push(format!("similar wording: {}", list.join(", ")));
    }
    if let Some(days) = days_apart {
        parts.push(match days {
            0 => "same day".to_string(),
            1 => "1 day apart".to_string(),
            2..=60 => format!("{days} days apart"),
            61..=730 => format!("{} months apart", days / 30),
            _ => format!("{} years apart", days / 365),
        });
    }
    if parts.is_empty() {
        "similar wording".to_string()
    } else {
        parts.join("; ")
    }
}

/// The products of the weights two vectors share, largest first.
fn shared<'a>(a: &'a HashMap<String, f32>, b: &HashMap<String, f32>) -> Vec<(&'a str, f32)> {
    let mut out: Vec<(&'a str, f32)> = a
        .iter()
        .filter_map(|(k, w)| b.get(k).map(|v| (k.as_str(), w * v)))
        .collect();
    out.sort_by(|x, y| y.1.total_cmp(&x.1));
    out
}

fn dot(a: &HashMap<String, f32>, b: &HashMap<String, f32>) -> f32 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .filter_map(|(k, w)| large.get(k).map(|v| w * v))
        .sum()
}

fn tf(count: u32) -> f32 {
    1.0 + (count as f32).ln()
}

fn unit(weights: impl Iterator<Item = (String, f32)>) -> HashMap<String, f32> {
    let mut v: HashMap<String, f32> = weights.filter(|(_, w)| *w > 0.0).collect();
    let norm = v.values().map(|w| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.values_mut().for_each(|w| *w /= norm);
    }
    v
}

fn top(v: &HashMap<String, f32>, keep: impl Fn(&str) -> bool, n: usize) -> Vec<(String, f32)> {
    let mut all: Vec<(&String, f32)> = v.iter().map(|(k, w)| (k, *w)).collect();
    all.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    all.into_iter()
        .filter(|(k, _)| keep(k))
        .take(n)
        .map(|(k, w)| (k.clone(), w))
        .collect()
}

/// Days since 1970 of a stored date ("2025-08-15" or RFC 3339).
pub fn day_of(date: &str) -> Option<i64> {
    let day = chrono::NaiveDate::parse_from_str(date.get(..10)?, "%Y-%m-%d").ok()?;
    Some(
        day.signed_duration_since(chrono::NaiveDate::default())
            .num_days(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(kind: Kind, name: &str) -> Entity {
        Entity {
            kind,
            key: crate::text::fold(name),
            name: name.to_string(),
            count: 1,
            in_title: 0,
        }
    }

    #[test]
    fn reasons_name_people_and_places_before_words_and_give_the_time() {
        let this = Profile::new(
            1,
            "en",
            Vec::new(),
            vec![
                entity(Kind::Place, "Mali"),
                entity(Kind::Person, "Assimi Goïta"),
                entity(Kind::Word, "Goïta"),
                entity(Kind::Org, "Africa Corps"),
            ],
            Some("2025-08-15"),
        );
        let shared = [
            ("goita", 0.5),
            ("mali", 0.4),
            ("assimi goita", 0.3),
            ("africa corps", 0.2),
        ];
        assert_eq!(
            reason(&this, &shared, &[], Some(3)),
            "shares Mali, Assimi Goïta, Africa Corps; 3 days apart"
        );
    }

    #[test]
    fn without_shared_names_the_reason_quotes_the_words() {
        let this = Profile::new(
            1,
            "en",
            vec![("expel".into(), "expelled".into())],
            Vec::new(),
            None,
        );
        assert_eq!(
            reason(&this, &[], &[("expel", 0.3)], None),
            "similar wording: expelled"
        );
    }

    #[test]
    fn closeness_in_time_multiplies_shared_text_and_adds_nothing_alone() {
        let vectors = |word: &str| Vectors {
            words: [(word.to_string(), 1.0)].into_iter().collect(),
            entities: HashMap::default(),
        };
        let on = |id, day| Profile::new(id, "en", Vec::new(), Vec::new(), Some(day));
        let this = on(1, "2025-08-15");
        let score =
            |other: &Profile, word| super::score(&this, &vectors("coup"), other, &vectors(word));
        assert_eq!(score(&on(2, "2025-08-15"), "football"), 0.0);
        let years_apart = score(&on(3, "2021-05-24"), "coup");
        let a_day_apart = score(&on(4, "2025-08-16"), "coup");
        let weeks_apart = score(&on(5, "2025-09-05"), "coup");
        assert!(years_apart > 0.99 && years_apart < 1.01, "{years_apart}");
        assert!(a_day_apart > 2.5 && a_day_apart <= 3.0, "{a_day_apart}");
        // Another event of the same kind three weeks later gains little.
        assert!(weeks_apart > 1.0 && weeks_apart < 1.2, "{weeks_apart}");
    }

    #[test]
    fn of_two_equally_close_candidates_the_one_like_all_the_others_ranks_lower() {
        let vectors = |words: &[(&str, f32)]| Vectors {
            words: unit(words.iter().map(|(w, x)| (w.to_string(), *x))),
            entities: HashMap::default(),
        };
        let undated = |id| Profile::new(id, "en", Vec::new(), Vec::new(), None);
        let this = undated(1);
        let this_vectors = vectors(&[("coup", 1.0), ("niamey", 1.0)]);
        // A backgrounder on coups, like every candidate, and a report from
        // Niamey like no other: both share one word with the article.
        let mut candidates = vec![
            (undated(2), vectors(&[("coup", 1.0), ("sahel", 1.0)])),
            (undated(3), vectors(&[("niamey", 1.0), ("tiani", 1.0)])),
        ];
        for id in 4..9 {
            candidates.push((
                undated(id),
                vectors(&[("coup", 1.0), ("sahel", 1.0), ("junta", 1.0)]),
            ));
        }
        let ranked: Vec<(i64, f32)> = rank(&this, &this_vectors, &candidates)
            .into_iter()
            .map(|r| (candidates[r.index].0.id, r.score))
            .collect();
        let position = |id| ranked.iter().position(|r| r.0 == id).unwrap();
        assert!((ranked[position(2)].1 - ranked[position(3)].1).abs() < 1e-6);
        assert!(position(3) < position(2), "{ranked:?}");
    }

    #[test]
    fn days_are_counted_from_dates_and_timestamps() {
        assert_eq!(
            day_of("2025-08-18T10:00:00Z").unwrap() - day_of("2025-08-15").unwrap(),
            3
        );
        assert_eq!(day_of("August"), None);
    }
}
