//! Imports, exports and pending articles (see [`crate::io`]).

use std::collections::HashSet;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::Path;

use super::{
    canonical_url, extract_owned, pipeline, prepare, text_hash, Archive, ClipRequest, IndexBatch,
};
use crate::io::json::{ExportArticle, ExportLink, ExportOriginal, ExportPair, ExportThread};
use crate::io::{
    bibliography, ExportFormat, Import, ImportItem, ImportProblem, ImportReport, ItemSource,
};
use crate::model::{FetchReport, SearchOptions, Sort};
use crate::store::{articles, changes, links, tags, threads as thread_rows};
use crate::threads::dossier;
use crate::{clip, fetch, Error, Result};

/// How many imported articles one SQLite transaction holds.
const SQL_BATCH: usize = 256;

impl Archive {
    /// Stores what an import file holds: each article whole or not at all,
    /// those the archive has already counted as duplicates (so an import
    /// run again completes without duplicating), then its threads (joined
    /// by name to threads that exist) and the reporter's links.
    /// `progress(done, total)` after each item; `Break` stops there.
    pub fn import(
        &self,
        import: Import,
        progress: impl FnMut(usize, usize) -> ControlFlow<()>,
    ) -> Result<ImportReport> {
        let total = import.items.len();
        let (mut report, ids) = self.import_stream(import.items, total, progress)?;
        report.items += import.problems.len();
        report.problems.splice(0..0, import.problems);
        let id = |n: usize| ids.get(n).copied().flatten();
        let existing = self.threads()?;
        for thread in import.threads {
            let members: Vec<i64> = thread.items.iter().filter_map(|&n| id(n)).collect();
            match existing.iter().find(|t| t.name == thread.name) {
                Some(t) => self.add_to_thread(t.id, &members)?,
                None => {
                    self.create_thread(&thread.name, &members)?;
                }
            }
        }
        for (a, b, linked) in import.pairs {
            if let (Some(a), Some(b)) = (id(a), id(b)) {
                if a != b {
                    match linked {
                        true => self.link(a, b)?,
                        false => self.unlink(a, b)?,
                    }
                }
            }
        }
        Ok(report)
    }

    /// Stores items as they come (an archive's worth need not fit in
    /// memory), each whole or not at all, skipping those the archive has;
    /// `total` is for `progress`. Returns the report and each item's
    /// article id (`None` for those that failed).
    pub fn import_stream(
        &self,
        items: impl IntoIterator<Item = ImportItem>,
        total: usize,
        mut progress: impl FnMut(usize, usize) -> ControlFlow<()>,
    ) -> Result<(ImportReport, Vec<Option<i64>>)> {
        let mut report = ImportReport::default();
        let mut ids: Vec<Option<i64>> = Vec::with_capacity(total);
        let _writer = self.write_lock()?;
        let mut batch = IndexBatch::new();
        // Articles are committed to SQLite together, a few hundred at a
        // time (nothing of an import is acknowledged before its end), and
        // always before the index commits what it has of them.
        let sql = self.store.batch()?;
        let mut done = 0;
        pipeline(
            items,
            |item| {
                let prepared = match item.source {
                    ItemSource::Ready(request) => Ok(*request),
                    ItemSource::Record(record) => {
                        crate::io::json::request(*record).map_err(Error::InvalidInput)
                    }
                    ItemSource::File(path) => read_page(&path),
                }
                .and_then(prepare);
                (item.label, prepared)
            },
            |(label, prepared)| {
                report.items += 1;
                let pending = prepared.as_ref().is_ok_and(|p| p.pending);
                match prepared.and_then(|p| Ok((self.store_clip(p)?, pending))) {
                    Ok((outcome, pending)) => {
                        ids.push(Some(outcome.id));
                        if outcome.duplicate_of.is_some() {
                            report.duplicates += 1;
                        } else {
                            report.added += 1;
                            report.pending += usize::from(pending);
                            batch.pending += 1;
                        }
                    }
                    Err(e) => {
                        ids.push(None);
                        report.problems.push(ImportProblem {
                            item: label,
                            message: self.item_problem(e)?,
                        });
                    }
                }
                done += 1;
                if done % SQL_BATCH == 0 || batch.is_due() {
                    sql.commit()?;
                }
                batch.commit_if_due(self)?;
                if progress(done, total.max(done)).is_break() {
                    report.cancelled = true;
                    return Ok(ControlFlow::Break(()));
                }
                Ok(ControlFlow::Continue(()))
            },
        )?;
        drop(sql);
        self.commit_index()?;
        Ok((report, ids))
    }

    /// The articles `query` finds (all for an empty query), oldest first:
    /// what an export writes.
    pub fn export_ids(&self, query: &str) -> Result<Vec<i64>> {
        let stored = articles::ids(&self.store.read())?;
        // The index alone: a search's rows and snippets for every article
        // of the archive are not wanted here.
        let (matches, _) = self.index.search(
            &crate::index::parse(query)?,
            &SearchOptions {
                limit: stored.len().max(1),
                offset: 0,
                sort: Sort::Date,
            },
        )?;
        Ok(matches
            .hits
            .iter()
            .rev()
            .map(|&(id, _)| id)
            .filter(|id| stored.binary_search(id).is_ok())
            .collect())
    }

    /// Writes articles `ids` in Dispatch's JSON format, with their originals,
    /// the threads among them and the reporter's links between them, one
    /// article at a time (an archive need not fit in memory).
    pub fn export_json(&self, ids: &[i64], out: &mut impl Write) -> Result<()> {
        let io = |e: std::io::Error| Error::io("writing the export", e);
        let json = |e: serde_json::Error| Error::io("writing the export", e.into());
        write!(
            out,
            "{{\"format\":\"dispatch\",\"version\":1,\"exported\":{},\"articles\":[",
            serde_json::to_string(&super::now()).map_err(json)?
        )
        .map_err(io)?;
        for (n, &id) in ids.iter().enumerate() {
            let a = self.article(id)?;
            let conn = self.store.read();
            let original = articles::original(&conn, id)?
                .map(|bytes| {
                    Ok::<_, Error>(ExportOriginal::new(
                        &articles::source_format(&conn, id)?,
                        &bytes,
                    ))
                })
                .transpose()?;
            drop(conn);
            let record = ExportArticle {
                key: Some(a.id),
                url: a.url,
                title: a.title,
                text: a.text,
                html: Some(a.html),
                tags: a.tags,
                note: a.note,
                byline: a.byline,
                outlet: a.outlet,
                published: a.published,
                updated: a.updated,
                clipped: Some(a.clipped),
                lang: a.lang,
                image: a.image,
                links: Some(
                    a.links
                        .into_iter()
                        .map(|l| ExportLink {
                            href: l.href,
                            text: l.text,
                            related: l.related,
                        })
                        .collect(),
                ),
                pending: a.pending,
                original,
            };
            if n > 0 {
                out.write_all(b",").map_err(io)?;
            }
            out.write_all(b"\n").map_err(io)?;
            serde_json::to_writer(&mut *out, &record).map_err(json)?;
        }
        let chosen: HashSet<i64> = ids.iter().copied().collect();
        let conn = self.store.read();
        let mut threads = Vec::new();
        for t in thread_rows::list(&conn)? {
            let members: Vec<i64> = thread_rows::members(&conn, t.id)?
                .into_iter()
                .filter(|m| chosen.contains(m))
                .collect();
            if !members.is_empty() {
                threads.push(ExportThread {
                    name: t.name,
                    articles: members,
                });
            }
        }
        let pairs: Vec<ExportPair> = links::pairs(&conn)?
            .into_iter()
            .filter(|(a, b, _)| chosen.contains(a) && chosen.contains(b))
            .map(|(a, b, linked)| ExportPair { a, b, linked })
            .collect();
        drop(conn);
        write!(
            out,
            "\n],\"threads\":{},\"pairs\":{}}}\n",
            serde_json::to_string(&threads).map_err(json)?,
            serde_json::to_string(&pairs).map_err(json)?
        )
        .map_err(io)?;
        out.flush().map_err(io)
    }

    /// Writes articles `ids` in a one-file format; `title` names a dossier.
    pub fn export(
        &self,
        format: ExportFormat,
        ids: &[i64],
        title: &str,
        out: &mut impl Write,
    ) -> Result<()> {
        let articles = || {
            ids.iter()
                .map(|&id| self.article(id))
                .collect::<Result<Vec<_>>>()
        };
        let text = match format {
            ExportFormat::Json => return self.export_json(ids, out),
            ExportFormat::CslJson => bibliography::csl_json(&articles()?),
            ExportFormat::Ris => bibliography::ris(&articles()?),
            ExportFormat::Bibtex => bibliography::bibtex(&articles()?),
            ExportFormat::DossierMarkdown => self.dossier(title, ids, dossier::Format::Markdown)?,
            ExportFormat::DossierHtml => self.dossier(title, ids, dossier::Format::Html)?,
        };
        out.write_all(text.as_bytes())
            .and_then(|_| out.flush())
            .map_err(|e| Error::io("writing the export", e))
    }

    /// Articles imported without their text (offline bookmarks), oldest first.
    pub fn pending(&self) -> Result<Vec<i64>> {
        articles::pending(&self.store.read())
    }

    /// Fetches pending articles' pages and stores what they read, keeping
    /// tags, notes and clip times (an article deleted meanwhile is skipped). An article whose page turns out to be
    /// one the archive has is merged into it (its tags move there).
    /// Failures are reported and the article stays pending for next time.
    pub fn fetch_pending(
        &self,
        limits: fetch::Limits,
        mut progress: impl FnMut(usize, usize) -> ControlFlow<()>,
    ) -> Result<FetchReport> {
        let pending = self.pending()?;
        let total = pending.len();
        let mut report = FetchReport::default();
        // Fail early when another process writes to the archive.
        drop(self.write_lock()?);
        let mut batch = IndexBatch::new();
        for (done, id) in pending.into_iter().enumerate() {
            let Ok(article) = self.article(id) else {
                continue;
            };
            report.tried += 1;
            // The network is waited for without holding the archive's writes.
            let page = article
                .url
                .as_deref()
                .ok_or_else(|| Error::InvalidInput("it has no address".into()))
                .and_then(|url| fetch::fetch(url, limits));
            let _writer = self.write_lock()?;
            match page.and_then(|page| self.complete_pending(id, ClipRequest::fetched(page))) {
                Ok(merged) => {
                    report.fetched += 1;
                    report.merged += usize::from(merged);
                    batch.pending += 1;
                }
                Err(e) => report.failed.push(ImportProblem {
                    item: article.title,
                    message: self.item_problem(e)?,
                }),
            }
            batch.commit_if_due(self)?;
            if progress(done + 1, total).is_break() {
                report.cancelled = true;
                break;
            }
        }
        let _writer = self.write_lock()?;
        self.commit_index()?;
        Ok(report)
    }

    /// Fills pending article `id` from its fetched page; true when the page
    /// was already archived and `id` was merged into that article.
    fn complete_pending(&self, id: i64, mut request: ClipRequest) -> Result<bool> {
        let x = extract_owned(&mut request)?;
        let canonical = canonical_url(&x, request.url.as_deref());
        let hash = text_hash(&x, canonical.as_deref());
        let compressed = zstd::encode_all(request.bytes.as_slice(), 3)
            .map_err(|e| Error::io("compressing the original", e))?;
        let content_hash = blake3::hash(&request.bytes);
        let folded = crate::text::fold(&x.title);
        let merged_into = self.store.write(|tx| {
            let twin = articles::find_duplicate(tx, canonical.as_deref(), &hash, &folded)?
                .filter(|(other, _)| *other != id);
            if let Some((other, _)) = twin {
                for tag in tags::of_article(tx, id)? {
                    tags::add(tx, other, &tag)?;
                }
                articles::delete(tx, id)?;
                changes::record(tx, id)?;
                changes::record(tx, other)?;
                return Ok(Some(other));
            }
            articles::update_extraction(
                tx,
                id,
                &articles::Reextracted::of(&x, Some(&x.title), &hash),
            )?;
            articles::complete_pending(
                tx,
                id,
                canonical.as_deref(),
                request.format.unwrap_or(clip::Format::Html).name(),
                &articles::Original {
                    content_hash: content_hash.as_bytes(),
                    size: request.bytes.len(),
                    compressed: &compressed,
                },
            )?;
            links::resolve(tx, id)?;
            changes::record(tx, id)?;
            Ok(None)
        })?;
        self.index_article(id)?;
        if let Some(other) = merged_into {
            self.index_article(other)?;
        }
        Ok(merged_into.is_some())
    }
}

/// A file of a folder import, as a clip request.
fn read_page(path: &Path) -> Result<ClipRequest> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(format!("reading {}", path.display()), e))?
        .len();
    if size > clip::MAX_INPUT_BYTES as u64 {
        return Err(Error::InvalidInput(format!(
            "the file is {} MB; clips are limited to {} MB",
            size / 1_000_000,
            clip::MAX_INPUT_BYTES / 1_000_000
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
    Ok(ClipRequest {
        bytes,
        file_name: Some(path.display().to_string()),
        ..ClipRequest::default()
    })
}
