//! Named entities without a cloud service.
//!
//! Two sources, both offline:
//! - the gazetteer shipped in the binary (`data/gazetteer.tsv`: countries,
//!   capitals, leaders, international organisations and armed groups, with
//!   English, French and Spanish names, demonyms and transliterations), so
//!   "Goita", "Goïta" and "le colonel Goïta" are one person and "l'armée
//!   malienne" is about Mali;
//! - names as a reader spots them: runs of capitalised words inside a
//!   sentence ("Betty Ford Center", "Lindsay Lohan"), titles such as
//!   "President", an elided "L’" and a sentence's opening "Despite" or
//!   "Citing" left off, a title ending one name ("HP CEO Mark Hurd"), told
//!   apart by their last word (Center: an organisation; Beach: a place) or
//!   their first before "of" (University of Chicago), and people by a
//!   title before them, a given name first (`data/given_names.txt`) or
//!   their surname standing alone later ("Ketsoyan said"). Those that
//!   recur across the archive are the people, places and organisations the
//!   gazetteer does not know.
//!
//! Single capitalised words inside sentences ("Lohan", "Bamako") are also
//! returned, as [`Kind::Word`]: too noisy to show, but they help tell two
//! similar stories apart.

use rustc_hash::{FxHashMap as HashMap, FxHashSet};
use std::sync::OnceLock;

use crate::model::Mention;
use crate::text::fold;

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Person,
    Place,
    Org,
    /// A multi-word capitalised name the gazetteer does not know and its
    /// shape does not place (an event, a long name).
    Name,
    /// A single capitalised word inside a sentence (similarity only).
    Word,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Org => "org",
            Kind::Name => "name",
            Kind::Word => "word",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Some(match name {
            "person" => Kind::Person,
            "place" => Kind::Place,
            "org" => Kind::Org,
            "name" => Kind::Name,
            "word" => Kind::Word,
            _ => return None,
        })
    }
}

/// One entity of an article, with how often it is mentioned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub kind: Kind,
    /// The comparison form: folded canonical name ("assimi goita").
    pub key: String,
    /// As shown ("Assimi Goïta").
    pub name: String,
    pub count: u32,
    /// Mentions in the headline.
    pub in_title: u32,
}

/// The entities worth showing with an article (lone capitalised words are
/// left to the search index), most mentioned first. They are found again
/// each time an article is shown rather than stored: it takes well under a
/// millisecond, costs no disk, and follows the gazetteer of this build.
pub fn mentions(entities: &[Entity]) -> Vec<Mention> {
    let mut shown: Vec<Mention> = entities
        .iter()
        .filter(|e| e.kind != Kind::Word)
        .map(|e| Mention {
            kind: e.kind.name().to_string(),
            name: e.name.clone(),
            count: e.count,
        })
        .collect();
    shown.sort_by(|a, b| (b.count, &a.kind, &a.name).cmp(&(a.count, &b.kind, &b.name)));
    shown
}

/// The entities of an article: its title and text. Sorted by key.
pub fn find(title: &str, text: &str) -> Vec<Entity> {
    let mut found: HashMap<String, Entity> = HashMap::default();
    let mut alone = FxHashSet::default();
    let mut note = |kind: Kind, key: String, name: &str, in_title: bool| {
        let e = found.entry(key.clone()).or_insert_with(|| Entity {
            kind,
            key,
            name: name.to_string(),
            count: 0,
            in_title: 0,
        });
        if kind == Kind::Person && e.kind == Kind::Name {
            e.kind = Kind::Person;
        }
        e.count += 1;
        e.in_title += u32::from(in_title);
    };
    for (source, in_title) in [(title, true), (text, false)] {
        for line in source.lines() {
            scan_line(
                line,
                &mut |kind, key, name| note(kind, key, name, in_title),
                &mut alone,
            );
        }
    }
    // Reporters name a person in full once, then by surname: "Jack
    // Ketsoyan said…", later "Ketsoyan added". A name shaped like a
    // person's whose last word also stands alone is one.
    for e in found.values_mut() {
        let words: Vec<&str> = e.key.split(' ').collect();
        if e.kind == Kind::Name
            && (2..=3).contains(&words.len())
            && words
                .last()
                .is_some_and(|last| alone.contains(*last) && !EVENT_ENDINGS.contains(last))
        {
            e.kind = Kind::Person;
        }
    }
    let mut all: Vec<Entity> = found.into_values().collect();
    all.sort_by(|a, b| a.key.cmp(&b.key));
    all
}

struct Token<'a> {
    folded: String,
    original: &'a str,
    /// Where `original` starts in its line, in bytes.
    start: usize,
    capitalised: bool,
    /// First word of a sentence (capitalised for grammar, not as a name).
    sentence_start: bool,
    /// Joined to the next word as part of one name (only spaces, hyphens
    /// or apostrophes between them).
    joins_next: bool,
    /// A French article or pronoun elided onto the next word ("L’" of
    /// "L’Airbus A350", "Qu’" of "Qu’Emmanuel Macron"): never part of the
    /// name that follows.
    elided: bool,
}

fn tokens(line: &str) -> Vec<Token<'_>> {
    let mut out: Vec<Token> = Vec::new();
    let mut sentence_start = true;
    let mut chars = line.char_indices().peekable();
    let mut gap = String::new();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            gap.push(c);
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek() {
            if !next.is_alphanumeric() {
                break;
            }
            end = i + next.len_utf8();
            chars.next();
        }
        if let Some(prev) = out.last_mut() {
            let short = prev.original.chars().count() == 1;
            prev.elided = (gap == "'" || gap == "’") && ELISIONS.contains(&prev.folded.as_str());
            prev.joins_next = gap.chars().count() <= 2
                && gap
                    .chars()
                    .all(|g| g == ' ' || g == '-' || g == '\'' || g == '’' || (g == '.' && short));
            sentence_start = gap.contains(['.', '!', '?', ':', '"', '“', '«', '(', '—', '–', '|'])
                && !(short && gap.trim() == ".");
        }
        gap.clear();
        let original = &line[start..end];
        out.push(Token {
            folded: fold(original),
            original,
            start,
            capitalised: c.is_uppercase(),
            sentence_start,
            joins_next: false,
            elided: false,
        });
        sentence_start = false;
    }
    out
}

/// Notes the entities of one line, and into `alone` the capitalised words
/// that stand on their own (not after "the": "Ketsoyan said", not "the
/// Chiefs").
fn scan_line(line: &str, note: &mut impl FnMut(Kind, String, &str), alone: &mut FxHashSet<String>) {
    let tokens = tokens(line);
    if tokens.is_empty() {
        return;
    }
    // Title Case and ALL CAPS lines capitalise every word: only the
    // gazetteer can be trusted there.
    let capitalised = tokens.iter().filter(|t| t.capitalised).count();
    let headline_case = tokens.len() >= 4 && capitalised * 10 >= tokens.len() * 6;
    let gazetteer = gazetteer();
    // "President", "coach", "Mr" just before a name make it a person's.
    let mut titled = false;
    let mut i = 0;
    while i < tokens.len() {
        if let Some((entry, len)) = gazetteer.longest_match(&tokens[i..]) {
            note(entry.kind, fold(&entry.name), &entry.name);
            i += len;
            titled = false;
            continue;
        }
        let t = &tokens[i];
        if headline_case || !t.capitalised || is_lead_word(&tokens, i) {
            if !headline_case && t.sentence_start && may_be_surname(t) && !is_common(&t.folded) {
                alone.insert(t.folded.clone());
            }
            titled = is_title(&t.folded);
            i += 1;
            continue;
        }
        // A run of capitalised words, with lower-case particles inside
        // ("Boutros Boutros-Ghali", "Charles de Gaulle", "Bank of England").
        let mut end = i + 1;
        while end < tokens.len() && tokens[end - 1].joins_next {
            let t = &tokens[end];
            // "HP CEO Mark Hurd": a title ends one name and opens a person's.
            if is_title(&t.folded) {
                break;
            }
            if t.capitalised && gazetteer.longest_match(&tokens[end..]).is_none() {
                end += 1;
            } else if PARTICLES.contains(&t.folded.as_str())
                && end + 1 < tokens.len()
                && t.joins_next
                && tokens[end + 1].capitalised
            {
                // "Jamal Richardson of Hammond" is a person and their town,
                // where "Bank of England" is one name.
                let person = titled || given_names().contains(tokens[i].folded.as_str());
                if t.folded == "of" && end - i >= 2 && person {
                    break;
                }
                end += 2;
            } else {
                break;
            }
        }
        let run = &tokens[i..end];
        if run.len() >= 2 && run.len() <= 6 {
            // Shown as written ("Mark O'Brien", "Boutros Boutros-Ghali"),
            // compared by its words.
            let key: Vec<&str> = run.iter().map(|t| t.folded.as_str()).collect();
            let last = &run[run.len() - 1];
            let written = &line[run[0].start..last.start + last.original.len()];
            note(
                name_kind(run, titled),
                key.join(" "),
                &crate::text::squash_whitespace(written),
            );
        } else if may_be_surname(&run[0])
            && (i == 0 || !ARTICLES.contains(&tokens[i - 1].folded.as_str()))
        {
            alone.insert(run[0].folded.clone());
        }
        titled = false;
        for t in run {
            if t.capitalised && t.folded.chars().count() > 1 && !is_common(&t.folded) {
                note(Kind::Word, t.folded.clone(), t.original);
            }
        }
        i = end;
    }
}

/// What a name the gazetteer does not know probably is, from its last word
/// ("Betty Ford Center" an organisation, "Newport Beach" a place, "Academy
/// Awards" and "Oscar Sunday" neither) or its first before "of"
/// ("University of Chicago"), or a person's when two or three words follow
/// a title or open with a given name ("Tara Reid"; not "Internet Explorer").
/// [`find`] makes more names people when their surname recurs alone.
fn name_kind(run: &[Token], titled: bool) -> Kind {
    let first = run.first().map_or("", |t| t.folded.as_str());
    let last = run.last().map_or("", |t| t.folded.as_str());
    // "University of Chicago", "Bank of Cyprus"; "Gulf of Guinea".
    let of_what = run.get(1).is_some_and(|t| t.folded == "of");
    if ORG_ENDINGS.contains(&last) || of_what && ORG_ENDINGS.contains(&first) {
        Kind::Org
    } else if PLACE_ENDINGS.contains(&last)
        || PLACE_STARTS.contains(&first)
        || of_what && PLACE_ENDINGS.contains(&first)
    {
        Kind::Place
    } else if EVENT_ENDINGS.contains(&last) || is_common(last) || run.len() > 3 {
        Kind::Name
    } else if titled || given_names().contains(first) {
        Kind::Person
    } else {
        Kind::Name
    }
}

/// Surnames are capitalised, not written in capitals ("IE", "RAM").
fn may_be_surname(t: &Token) -> bool {
    t.capitalised && t.original.chars().skip(1).any(char::is_lowercase)
}

/// Words before which a lone capitalised word is a thing, not a surname.
const ARTICLES: &[&str] = &[
    "the", "a", "an", "le", "la", "les", "l", "un", "une", "el", "los", "las", "der", "die", "das",
];

fn given_names() -> &'static FxHashSet<&'static str> {
    static NAMES: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        include_str!("../../data/given_names.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .collect()
    })
}

const ORG_ENDINGS: &[&str] = &[
    "center",
    "centre",
    "party",
    "council",
    "group",
    "army",
    "ministry",
    "university",
    "college",
    "bank",
    "company",
    "corporation",
    "corp",
    "inc",
    "ltd",
    "agency",
    "front",
    "movement",
    "forces",
    "union",
    "association",
    "institute",
    "committee",
    "commission",
    "court",
    "police",
    "department",
    "office",
    "network",
    "times",
    "post",
    "news",
    "foundation",
    "hospital",
    "school",
    "church",
    "brigade",
    "battalion",
    "militia",
    "airlines",
    "airways",
    "fund",
    "organisation",
    "organization",
    "federation",
    "league",
    "club",
    "board",
    "authority",
    "service",
    "services",
    "guard",
];
const PLACE_ENDINGS: &[&str] = &[
    "county",
    "city",
    "province",
    "region",
    "valley",
    "river",
    "island",
    "islands",
    "mountains",
    "lake",
    "beach",
    "street",
    "avenue",
    "road",
    "highway",
    "airport",
    "square",
    "park",
    "bay",
    "coast",
    "district",
    "state",
    "peninsula",
    "desert",
    "sea",
    "ocean",
    "strait",
    "border",
    "camp",
    "village",
    "town",
    "port",
    "bridge",
    "stadium",
    "arena",
    "prison",
    "station",
    "hotel",
    "plaza",
    "canyon",
    "falls",
    "dam",
    "hills",
    "heights",
    "plain",
    "delta",
    "gulf",
    "theatre",
    "theater",
    "hall",
    "palace",
    "castle",
    "cathedral",
    "mosque",
    "temple",
    "mall",
    "parish",
    "borough",
    "township",
    "harbour",
    "harbor",
    "forest",
    "boulevard",
];
const PLACE_STARTS: &[&str] = &[
    "lake", "mount", "port", "fort", "cape", "gulf", "san", "santa",
];
const EVENT_ENDINGS: &[&str] = &[
    "awards",
    "award",
    "games",
    "cup",
    "festival",
    "summit",
    "conference",
    "election",
    "elections",
    "war",
    "act",
    "agreement",
    "accord",
    "treaty",
    "day",
    "week",
    "prize",
    "show",
    "series",
];

/// A title or common word ("The", "President", "Monday", "Despite"), or an
/// elided article ("L’"), is not the start of a name, nor is a lone
/// capitalised word starting a sentence.
fn is_lead_word(tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    let name_follows = t.joins_next && tokens.get(i + 1).is_some_and(|n| n.capitalised);
    t.elided || is_common(&t.folded) || (t.sentence_start && !name_follows)
}

/// French words elided before a vowel: articles, pronouns, conjunctions.
const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

fn is_common(folded: &str) -> bool {
    static COMMON: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    is_title(folded)
        || COMMON
            .get_or_init(|| COMMON_WORDS.split_whitespace().collect())
            .contains(folded)
}

fn is_title(folded: &str) -> bool {
    static TITLES: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    TITLES
        .get_or_init(|| TITLE_WORDS.split_whitespace().collect())
        .contains(folded)
}

/// Titles and roles written before a person's name.
const TITLE_WORDS: &str = "
mr mrs ms dr sir madam president prime minister ministers general gen colonel col captain lieutenant
king queen prince princess sen senator rep gov governor secretary chancellor pope saint lady lord
chief judge justice ambassador commander officer spokesman spokeswoman spokesperson
mayor sheriff deputy lawmaker congressman congresswoman premier vice former late
coach quarterback cornerback linebacker receiver striker midfielder defender goalkeeper
actor actress singer rapper director chairman chairwoman ceo founder professor prof
detective sergeant sgt archbishop bishop reverend rev prosecutor kicker
principal superintendent dean attorney commissioner inspector councillor councilman councilwoman
alderman assemblyman assemblywoman admiral brigadier corporal marshal
rabbi imam pastor cardinal sheikh emir ayatollah
";

const PARTICLES: &[&str] = &[
    "de", "du", "des", "da", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "den",
    "al", "el", "bin", "ben", "ibn", "of", "la", "le", "y", "d",
];

/// Words that are capitalised for grammar, in the languages of the
/// gazetteer: never a name on their own, never the start of one (nor are
/// the [`TITLE_WORDS`]).
const COMMON_WORDS: &str = "
the a an and or but if of to in on at by for with from as is are was were it its this that these
those he she they we you i his her their our my not no so than then there here who which what when
where why how all any each after before over under into about against between during while since
until because although though also just only even more most new one two three first last next
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
le la les un une des du de et ou mais dans sur pour par avec sans sous chez ce cette ces il elle
ils elles nous vous je son sa ses leur leurs selon apres avant depuis lors
el los las unos unas y o pero en por para con sin sobre tras desde segun
der die das ein eine und oder aber mit von zu im am
lundi mardi mercredi jeudi vendredi samedi dimanche
janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
lunes martes miercoles jueves viernes sabado domingo
enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
according update updated read more photo video watch listen share follow subscribe advertisement
despite unlike amid among within without toward towards across along around against versus
citing quoting speaking following including regarding responding addressing asked told accused
backed urged thanked praised blamed
malgre contre entre vers sauf durant pendant lorsque quand parmi
durante contra hacia mientras cuando
";

struct Entry {
    kind: Kind,
    name: String,
}

struct Gazetteer {
    entries: Vec<Entry>,
    /// The first folded word of every name and alias, to rule out most
    /// words with one lookup.
    first_words: FxHashSet<String>,
    /// Folded words of every name and alias, joined by spaces -> the
    /// entry, and whether the alias is written lower case (a French
    /// demonym such as "malienne", which may match lower-case text).
    by_alias: HashMap<String, (usize, bool)>,
    longest: usize,
}

impl Gazetteer {
    fn parse(tsv: &str) -> Gazetteer {
        let mut g = Gazetteer {
            entries: Vec::new(),
            first_words: FxHashSet::default(),
            by_alias: HashMap::default(),
            longest: 1,
        };
        for line in tsv.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(kind), Some(name)) = (cols.next().and_then(Kind::from_name), cols.next())
            else {
                continue;
            };
            let aliases = cols.next().unwrap_or("");
            let index = g.entries.len();
            g.entries.push(Entry {
                kind,
                name: name.trim().to_string(),
            });
            for alias in std::iter::once(name).chain(aliases.split('|')) {
                let words = crate::text::folded_words(alias);
                if words.is_empty() {
                    continue;
                }
                let lower_ok = alias.trim().starts_with(char::is_lowercase);
                g.longest = g.longest.max(words.len());
                g.first_words.insert(words[0].clone());
                g.by_alias
                    .entry(words.join(" "))
                    .or_insert((index, lower_ok));
            }
        }
        g
    }

    /// The longest name or alias starting at `tokens[0]`, with its length
    /// in words. A capitalised alias must be capitalised in the text, so
    /// that "chad" or "turkey" in lower case are not countries.
    fn longest_match(&self, tokens: &[Token]) -> Option<(&Entry, usize)> {
        if !self.first_words.contains(&tokens.first()?.folded) {
            return None;
        }
        let mut key = String::new();
        let mut best = None;
        for (n, t) in tokens.iter().take(self.longest).enumerate() {
            if n > 0 {
                if !tokens[n - 1].joins_next {
                    break;
                }
                key.push(' ');
            }
            key.push_str(&t.folded);
            if let Some(&(index, lower_ok)) = self.by_alias.get(&key) {
                if tokens[0].capitalised || lower_ok {
                    best = Some((&self.entries[index], n + 1));
                }
            }
        }
        best
    }
}

/// The gazetteer's person, place or organisation that words typed in a
/// search name, in any of its languages and spellings, written in any
/// case ("ivory coast", "Côte d'Ivoire" and "costa de marfil" are one
/// place): its kind and canonical name, as articles' mentions are indexed.
pub fn named_by(words: &[String]) -> Option<(Kind, &'static str)> {
    let key = words.join(" ");
    let &(index, _) = gazetteer().by_alias.get(&key)?;
    let entry = &gazetteer().entries[index];
    Some((entry.kind, entry.name.as_str()))
}

/// The longest run of `words`, from the first, that names a gazetteer
/// entry (see [`named_by`]), with its length.
pub fn named_from(words: &[String]) -> Option<(Kind, &'static str, usize)> {
    let g = gazetteer();
    if !g.first_words.contains(words.first()?) {
        return None;
    }
    (1..=words.len().min(g.longest))
        .rev()
        .find_map(|n| named_by(&words[..n]).map(|(kind, name)| (kind, name, n)))
}

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::parse(include_str!("../../data/gazetteer.tsv")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(title: &str, text: &str, kind: Kind) -> Vec<String> {
        find(title, text)
            .into_iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.name)
            .collect()
    }

    #[test]
    fn the_longest_run_that_names_an_entry_is_taken() {
        let words = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(
            named_from(&words("assimi goita said")),
            Some((Kind::Person, "Assimi Goïta", 2))
        );
        assert_eq!(
            named_from(&words("goita said")),
            Some((Kind::Person, "Assimi Goïta", 1))
        );
        assert_eq!(named_from(&words("said goita")), None);
    }

    #[test]
    fn gazetteer_names_match_across_spelling_and_language() {
        let text = "Colonel Assimi Goïta's government accused Paris. Le colonel Goita a parlé \
                    à Bamako, et l'armée malienne a répondu.";
        let people = keys("", text, Kind::Person);
        assert_eq!(people, ["Assimi Goïta"]);
        let e = find("", text);
        let goita = e.iter().find(|e| e.name == "Assimi Goïta").unwrap();
        assert_eq!(goita.count, 2);
        let places = keys("", text, Kind::Place);
        assert!(places.contains(&"Mali".to_string()), "{places:?}");
        assert!(places.contains(&"Bamako".to_string()), "{places:?}");
        assert!(places.contains(&"Paris".to_string()), "{places:?}");
    }

    #[test]
    fn capitalised_runs_inside_sentences_are_names() {
        let text = "After skipping rehab, Lindsay Lohan has checked into the Betty Ford Center \
                    to begin a stay. Lohan was there before.";
        assert_eq!(keys("", text, Kind::Org), ["Betty Ford Center"]);
        assert_eq!(keys("", text, Kind::Person), ["Lindsay Lohan"]);
        assert!(keys("", text, Kind::Word).contains(&"Lohan".to_string()));
        let text = "Voters in the coastal town of Newport Beach watched the Academy Awards on \
                    television.";
        assert_eq!(keys("", text, Kind::Place), ["Newport Beach"]);
        assert_eq!(keys("", text, Kind::Name), ["Academy Awards"]);
        let text = "On a call with analysts, HP CEO Mark Hurd spoke about the deal, and so did \
                    the Academy President Boone Isaacs at the show.";
        assert_eq!(keys("", text, Kind::Person), ["Boone Isaacs", "Mark Hurd"]);
        let text = "She studied at the University of Chicago, then moved to Chicago; later \
                    Principal Kim Sims and Rabbi Capers Funnye spoke.";
        assert_eq!(keys("", text, Kind::Org), ["University of Chicago"]);
        assert_eq!(keys("", text, Kind::Person), ["Capers Funnye", "Kim Sims"]);
        let text = "In the afternoon the minister, Mark O'Brien, met with the visiting envoy \
                    Jean-Paul Dupont-Moretti to talk about the harvest and the roads.";
        let shown: Vec<String> = find("", text).into_iter().map(|e| e.name).collect();
        for name in ["Mark O'Brien", "Jean-Paul Dupont-Moretti"] {
            assert!(shown.contains(&name.to_string()), "{name} not in {shown:?}");
        }
        let text = "Deputies found Jamal Richardson of Hammond near the Bank of England branch.";
        assert_eq!(keys("", text, Kind::Person), ["Jamal Richardson"]);
        assert!(keys("", text, Kind::Word).contains(&"Hammond".to_string()));
        assert_eq!(keys("", text, Kind::Org), ["Bank of England"]);
    }

    #[test]
    fn titles_and_sentence_starts_are_not_names() {
        let text = "The ministry said President Emmanuel Macron would travel. Yesterday \
                    officials met.";
        assert!(
            keys("", text, Kind::Name).is_empty(),
            "{:?}",
            find("", text)
        );
        assert!(
            keys("", text, Kind::Word).is_empty(),
            "{:?}",
            find("", text)
        );
        assert_eq!(keys("", text, Kind::Person), ["Emmanuel Macron"]);
        let text = "A pass to Cornerback Vontae Davis sealed it at Lucas Oil Stadium, and Mayor \
                    Greg Ballard spoke.";
        assert_eq!(
            keys("", text, Kind::Person),
            ["Greg Ballard", "Vontae Davis"]
        );
        assert_eq!(keys("", text, Kind::Place), ["Lucas Oil Stadium"]);
        // A preposition or participle opening a sentence is not a name's
        // first word.
        let text = "Citing John Xandu, aides said so. Despite Maria Ratliff's pleas, they \
                    left. Unlike Peter Davis, she did nothing.";
        assert_eq!(keys("", text, Kind::Name), Vec::<String>::new());
        assert_eq!(
            keys("", text, Kind::Person),
            ["John Xandu", "Maria Ratliff", "Peter Davis"]
        );
    }

    #[test]
    fn french_elided_articles_are_not_part_of_names() {
        let text = "L’Airbus A350 de la compagnie a atterri. Qu’Emmanuel Macron parte, dit \
                    l’entourage de Valéry Giscard d’Estaing, selon L'Express.";
        let shown: Vec<String> = find("", text)
            .into_iter()
            .filter(|e| e.kind != Kind::Word)
            .map(|e| e.name)
            .collect();
        assert_eq!(
            shown,
            ["Airbus A350", "Emmanuel Macron", "Valéry Giscard d’Estaing"]
        );
        let words = keys("", text, Kind::Word);
        assert!(words.contains(&"Express".to_string()), "{words:?}");
        assert!(!words.iter().any(|w| w == "L" || w == "Qu"), "{words:?}");
    }

    #[test]
    fn people_are_told_from_other_names_by_given_name_title_or_surname() {
        let text = "The flaw in Internet Explorer worried users of Vanity Fair online, said \
                    Keiwan Ratliff of the Kansas City Chiefs. Ratliff added that the Chiefs \
                    agreed, and analyst Wole Xandu too.";
        assert_eq!(
            keys("", text, Kind::Person),
            ["Keiwan Ratliff", "Wole Xandu"]
        );
        let names = keys("", text, Kind::Name);
        for name in ["Internet Explorer", "Vanity Fair", "Kansas City Chiefs"] {
            assert!(names.contains(&name.to_string()), "{name} not in {names:?}");
        }
        // Given names of world news: former leaders are not in the gazetteer.
        let text = "The summit was opened by Barack Obama and closed by Mikheil Saakashvili.";
        assert_eq!(
            keys("", text, Kind::Person),
            ["Barack Obama", "Mikheil Saakashvili"]
        );
        // Nor is a name that ends in a day, nor a word after "a" or "an".
        let text = "Millions will watch on Oscar Sunday at the Dolby Theatre, hosted by a \
                    Primetime Emmy nominee who won an Emmy last year.";
        assert!(
            keys("", text, Kind::Person).is_empty(),
            "{:?}",
            find("", text)
        );
        assert_eq!(keys("", text, Kind::Place), ["Dolby Theatre"]);
        // A word in capitals alone is an acronym, not a surname.
        let text = "Users of the browser Critical IE should update. IE is patched.";
        assert!(
            keys("", text, Kind::Person).is_empty(),
            "{:?}",
            find("", text)
        );
    }

    #[test]
    fn lower_case_country_names_are_not_countries() {
        assert!(keys("", "We ate turkey and talked about chad.", Kind::Place).is_empty());
    }

    #[test]
    fn headline_case_lines_only_trust_the_gazetteer() {
        let e = find(
            "Mali Arrests French National And Generals Accused Of Plot",
            "",
        );
        assert!(e.iter().all(|e| e.kind != Kind::Name), "{e:?}");
        assert!(e.iter().any(|e| e.name == "Mali" && e.in_title == 1));
    }
}
