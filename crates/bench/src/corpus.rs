//! The benchmark's articles: texts recombined from `../shared/eval` (ECB+
//! news and WikiRef pages), each with one text's headline and most of its
//! paragraphs and two paragraphs of another, an outlet, tags, a language,
//! a publication date between 2010 and 2025 and an address of its own, so
//! that words, names, dates and facets look like a real archive's. The
//! same seed gives the same articles.

use std::path::{Path, PathBuf};

use dispatch_core::io::json::ExportArticle;
use dispatch_core::ClipRequest;

const OUTLETS: &[(&str, &str)] = &[
    ("Le Monde", "lemonde.fr"),
    ("RFI", "rfi.fr"),
    ("France 24", "france24.com"),
    ("Reuters", "reuters.com"),
    ("Associated Press", "apnews.com"),
    ("AFP", "afp.com"),
    ("BBC News", "bbc.com"),
    ("The Guardian", "theguardian.com"),
    ("Al Jazeera", "aljazeera.com"),
    ("The New York Times", "nytimes.com"),
    ("The Washington Post", "washingtonpost.com"),
    ("Le Figaro", "lefigaro.fr"),
    ("Libération", "liberation.fr"),
    ("Jeune Afrique", "jeuneafrique.com"),
    ("El País", "elpais.com"),
    ("Der Spiegel", "spiegel.de"),
    ("Financial Times", "ft.com"),
    ("The Economist", "economist.com"),
    ("Deutsche Welle", "dw.com"),
    ("Africanews", "africanews.com"),
];

const TAGS: &[&str] = &[
    "mali",
    "niger",
    "sahel",
    "france",
    "diplomacy",
    "junta",
    "wagner",
    "elections",
    "sanctions",
    "un",
    "eu",
    "refugees",
    "security",
    "terrorism",
    "economy",
    "energy",
    "health",
    "climate",
    "courts",
    "protests",
    "ukraine",
    "russia",
    "china",
    "usa",
    "middle-east",
    "africa",
    "follow-up",
    "interview",
    "analysis",
    "to-read",
];

/// Deterministic pseudo-random numbers.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// The shared evaluation data, beside the repository.
pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval")
}

/// (headline, paragraphs) of every evaluation text.
pub fn texts() -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for set in ["ecbplus-dev", "wikiref150"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(shared().join(set))
            .expect("the evaluation texts in ../shared/eval")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for file in files {
            let bytes = std::fs::read(&file).expect("read an evaluation text");
            // WikiRef is Windows-1252: bytes above 0x7f as Latin-1 are close enough.
            let text: String = match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
            };
            let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
            let Some(title) = lines.next() else { continue };
            out.push((title.to_string(), lines.map(str::to_string).collect()));
        }
    }
    out
}

/// Article `i` of the benchmark archive, as an export record (what
/// `dispatch import json` reads).
pub fn article(i: usize, texts: &[(String, Vec<String>)], rng: &mut Rng) -> ExportArticle {
    let (title, paragraphs) = &texts[i % texts.len()];
    let (_, other) = &texts[rng.below(texts.len())];
    let keep = paragraphs.len().saturating_sub(1).max(1);
    let body: Vec<&str> = paragraphs
        .iter()
        .take(keep)
        .chain(other.iter().take(2))
        .map(String::as_str)
        .collect();
    let (outlet, site) = OUTLETS[rng.below(OUTLETS.len())];
    let year = 2010 + rng.below(16);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let tags: Vec<String> = (0..rng.below(4))
        .map(|_| TAGS[rng.below(TAGS.len())].to_string())
        .collect();
    let slug: String = title
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ')
        .take(60)
        .collect::<String>()
        .trim()
        .replace(' ', "-")
        .to_lowercase();
    ExportArticle {
        key: Some(i as i64),
        url: Some(format!("https://www.{site}/{year}/{month:02}/{slug}-{i}")),
        title: if i < texts.len() {
            title.clone()
        } else {
            format!("{title} ({})", i / texts.len())
        },
        text: body.join("\n\n"),
        tags,
        outlet: Some(outlet.to_string()),
        published: Some(format!("{year}-{month:02}-{day:02}")),
        clipped: Some(format!(
            "{}-{month:02}-{day:02}T09:00:00Z",
            (year + 1).min(2026)
        )),
        ..ExportArticle::default()
    }
}

/// The saved pages as clip requests, each with an address of its own.
pub fn page_requests() -> Vec<ClipRequest> {
    pages()
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| ClipRequest {
            bytes,
            url: Some(format!("https://example.org/saved/{i}")),
            ..ClipRequest::default()
        })
        .collect()
}

/// Saved news pages (HTML), for the clipping benchmark.
pub fn pages() -> Vec<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(shared().join("readability"))
        .expect("the readability pages")
        .filter_map(|e| e.ok().map(|e| e.path().join("source.html")))
        .filter(|p| p.exists())
        .collect();
    cases.sort();
    for page in cases {
        out.push(std::fs::read(page).expect("read a page"));
    }
    let mut gz: Vec<PathBuf> = std::fs::read_dir(shared().join("wcxb-dev/html"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    gz.sort();
    for page in gz {
        let mut bytes = Vec::new();
        let file = std::fs::File::open(&page).expect("open a page");
        if flate2::read::GzDecoder::new(file)
            .read_to_end(&mut bytes)
            .is_ok()
        {
            out.push(bytes);
        }
    }
    out
}
