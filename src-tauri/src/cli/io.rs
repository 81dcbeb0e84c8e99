//! `dispatch import`, `export`, `fetch` and `feed`: other tools' files in
//! and out, articles waiting for their text, and subscriptions.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use dispatch_core::io::{self, markdown, ExportFormat, ImportFormat, ImportProblem};
use dispatch_core::{fetch, Archive};

use super::{Progress, UsageError};

#[derive(Clone, Copy, ValueEnum)]
pub enum ImportArg {
    /// Dispatch's own export, or any `{articles: [{title, text}]}`.
    Json,
    /// Netscape bookmark HTML, as browsers and Pocket export it.
    Bookmarks,
    /// Pocket's CSV export.
    Pocket,
    /// wallabag's JSON export.
    Wallabag,
    /// Every HTML, MHTML and text file under a folder.
    Folder,
}

impl ImportArg {
    fn format(self) -> ImportFormat {
        match self {
            ImportArg::Json => ImportFormat::Json,
            ImportArg::Bookmarks => ImportFormat::Bookmarks,
            ImportArg::Pocket => ImportFormat::Pocket,
            ImportArg::Wallabag => ImportFormat::Wallabag,
            ImportArg::Folder => ImportFormat::Folder,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportArg {
    /// Full fidelity: import it into another archive and nothing is lost.
    Json,
    /// One Markdown file per article, with front matter (needs --output FOLDER).
    Markdown,
    /// CSL-JSON, for Zotero and citation processors.
    CslJson,
    Ris,
    Bibtex,
    /// A dossier of the articles as a timeline with citations (HTML when
    /// --output ends in .html).
    Dossier,
}

#[derive(Subcommand)]
pub enum FeedAction {
    /// List subscriptions.
    List,
    /// Subscribe to an RSS or Atom feed, and take its items now.
    Add {
        url: String,
        /// A tag for every article it brings (repeatable).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
    },
    /// Unsubscribe (the articles it brought stay).
    Remove { id: i64 },
    /// Take the new items of every feed, or of one.
    Refresh { id: Option<i64> },
}

pub fn import(
    archive: &Archive,
    json: bool,
    format: ImportArg,
    path: &Path,
    fetch_now: bool,
) -> anyhow::Result<ExitCode> {
    let parsed = io::read(format.format(), path)?;
    let mut progress = Progress::new("importing", json);
    let report = archive.import(parsed, |done, total| progress.tick(done, total))?;
    drop(progress);
    let fetched = match fetch_now && report.pending > 0 {
        true => Some(
            archive.fetch_pending(fetch::Limits::default(), |_, _| ControlFlow::Continue(()))?,
        ),
        false => None,
    };
    if json {
        out!(
            "{}",
            serde_json::json!({ "import": report, "fetch": fetched })
        );
    } else {
        out!(
            "{} items: {} added ({} pending), {} already archived, {} not imported",
            report.items,
            report.added,
            report.pending,
            report.duplicates,
            report.problems.len()
        );
        print_problems(&report.problems);
        if let Some(f) = &fetched {
            out!("fetched {} of {} pending articles", f.fetched, f.tried);
            print_problems(&f.failed);
        }
    }
    Ok(if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

pub fn export(
    archive: &Archive,
    format: ExportArg,
    output: Option<PathBuf>,
    query: &str,
) -> anyhow::Result<ExitCode> {
    let ids = archive.export_ids(query)?;
    let format = match format {
        ExportArg::Markdown => {
            let folder = output.ok_or_else(|| {
                UsageError("markdown writes one file per article: give --output FOLDER".into())
            })?;
            for &id in &ids {
                let article = archive.article(id)?;
                let (mut file, path) =
                    io::create_new_file(&folder, &markdown::file_stem(&article), "md")?;
                file.write_all(markdown::render(&article).as_bytes())
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            eprintln!("wrote {} files to {}", ids.len(), folder.display());
            return Ok(ExitCode::SUCCESS);
        }
        ExportArg::Json => ExportFormat::Json,
        ExportArg::CslJson => ExportFormat::CslJson,
        ExportArg::Ris => ExportFormat::Ris,
        ExportArg::Bibtex => ExportFormat::Bibtex,
        ExportArg::Dossier
            if output
                .as_ref()
                .and_then(|p| p.extension())
                .is_some_and(|e| e.eq_ignore_ascii_case("html")) =>
        {
            ExportFormat::DossierHtml
        }
        ExportArg::Dossier => ExportFormat::DossierMarkdown,
    };
    let mut out: Box<dyn Write> = match &output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("writing {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    archive.export(format, &ids, &io::export_title(query), &mut out)?;
    if let Some(path) = output {
        eprintln!("wrote {} articles to {}", ids.len(), path.display());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn fetch_pending(archive: &Archive, json: bool) -> anyhow::Result<ExitCode> {
    let mut progress = Progress::new("fetching", json);
    let report = archive.fetch_pending(fetch::Limits::default(), |done, total| {
        progress.tick(done, total)
    })?;
    drop(progress);
    if json {
        out!("{}", serde_json::to_string(&report)?);
    } else {
        out!(
            "fetched {} of {} pending articles ({} were already archived)",
            report.fetched,
            report.tried,
            report.merged
        );
        print_problems(&report.failed);
    }
    Ok(if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn feed(archive: &Archive, json: bool, action: FeedAction) -> anyhow::Result<ExitCode> {
    let refresh = |only: Option<i64>| -> anyhow::Result<ExitCode> {
        let report = archive.refresh_feeds(only, fetch::Limits::default())?;
        if json {
            out!("{}", serde_json::to_string(&report)?);
        } else {
            out!(
                "{} feeds: {} new articles ({} pending), {} already archived",
                report.feeds,
                report.added,
                report.pending,
                report.duplicates
            );
            print_problems(&report.failed);
        }
        Ok(if report.failed.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        })
    };
    match action {
        FeedAction::List => {
            let feeds = archive.feeds()?;
            if json {
                out!("{}", serde_json::to_string(&feeds)?);
            } else {
                for f in feeds {
                    out!(
                        "{:>4}  {}  ({} articles)",
                        f.id,
                        f.title.as_deref().unwrap_or(&f.url),
                        f.articles
                    );
                    out!(
                        "      {}{}",
                        f.url,
                        f.error
                            .map(|e| format!("\n      last refresh failed: {e}"))
                            .unwrap_or_default()
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        FeedAction::Add { url, tags } => {
            let feed = archive.add_feed(&url, &tags)?;
            if !json {
                out!("subscribed to {} (feed {})", feed.url, feed.id);
            }
            refresh(Some(feed.id))
        }
        FeedAction::Remove { id } => {
            archive.remove_feed(id)?;
            if !json {
                out!("unsubscribed from feed {id}");
            }
            Ok(ExitCode::SUCCESS)
        }
        FeedAction::Refresh { id } => refresh(id),
    }
}

pub fn images(
    archive: &Archive,
    json: bool,
    ids: Vec<i64>,
    retry: bool,
) -> anyhow::Result<ExitCode> {
    let ids = if ids.is_empty() {
        archive.export_ids("")?
    } else {
        ids
    };
    let mut progress = Progress::new("fetching images", json);
    let mut reports = Vec::new();
    for (done, &id) in ids.iter().enumerate() {
        reports.push(archive.save_images(id, retry)?);
        if progress.tick(done + 1, ids.len()).is_break() {
            break;
        }
    }
    drop(progress);
    let failed = reports.iter().any(|r| !r.failed.is_empty());
    if json {
        out!("{}", serde_json::to_string(&reports)?);
    } else {
        let sum = |f: fn(&dispatch_core::model::ImagesReport) -> usize| -> usize {
            reports.iter().map(f).sum()
        };
        out!(
            "{} of {} images kept ({} fetched now) in {} articles",
            sum(|r| r.kept),
            sum(|r| r.images),
            sum(|r| r.fetched),
            reports.iter().filter(|r| r.images > 0).count()
        );
        for r in &reports {
            for f in &r.failed {
                out!("  - article {}: {}", r.id, f.message);
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_problems(problems: &[ImportProblem]) {
    for p in problems {
        out!("  - {}: {}", p.item, p.message);
    }
}
