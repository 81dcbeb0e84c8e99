//! Queries on `articles`, `originals` and `links`.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::tags;
use crate::clip::ExtractedLink;
use crate::index::IndexDoc;
use crate::model::{Article, Link, TimelineEntry};
use crate::text::{squash_whitespace, truncate_words};
use crate::threads::entities;
use crate::Result;

/// An article about to be stored.
pub struct NewArticle<'a> {
    pub url: Option<&'a str>,
    pub canonical_url: Option<&'a str>,
    pub title: &'a str,
    pub byline: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub site: Option<&'a str>,
    pub published: Option<&'a str>,
    pub updated: Option<&'a str>,
    pub image: Option<&'a str>,
    pub page_title: Option<&'a str>,
    pub clipped: &'a str,
    pub lang: Option<&'a str>,
    /// Text and HTML packed by [`super::body::pack`].
    pub body: &'a [u8],
    pub excerpt: Option<&'a str>,
    pub note: &'a str,
    pub text_hash: &'a [u8],
    pub source_format: &'a str,
    pub links: &'a [ExtractedLink],
    pub original: Option<Original<'a>>,
    /// Known by address and title only: to be fetched.
    pub pending: bool,
}

/// The clipped bytes, compressed.
pub struct Original<'a> {
    pub content_hash: &'a [u8],
    pub size: usize,
    pub compressed: &'a [u8],
}

pub fn insert(conn: &Connection, a: &NewArticle) -> Result<i64> {
    let title_key = crate::threads::headline_key(a.title);
    conn.execute(
        "INSERT INTO articles (url, canonical_url, title, byline, outlet, site, published,
             clipped, lang, body, excerpt, note, text_hash, source_format, updated, image,
             page_title, title_key, pending)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19)",
        params![
            a.url,
            a.canonical_url,
            a.title,
            a.byline,
            a.outlet,
            a.site,
            a.published,
            a.clipped,
            a.lang,
            a.body,
            a.excerpt,
            a.note,
            a.text_hash,
            a.source_format,
            a.updated,
            a.image,
            a.page_title,
            title_key,
            a.pending
        ],
    )?;
    let id = conn.last_insert_rowid();
    super::links::index_title(conn, id, title_key.as_deref())?;
    if let Some(o) = &a.original {
        conn.execute(
            "INSERT INTO originals (article_id, content_hash, size, data) VALUES (?1, ?2, ?3, ?4)",
            params![id, o.content_hash, o.size as i64, o.compressed],
        )?;
    }
    insert_links(conn, id, a.links)?;
    Ok(id)
}

fn insert_links(conn: &Connection, id: i64, links: &[ExtractedLink]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO links (article_id, position, href, text, related, url_key, title_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (position, link) in links.iter().enumerate() {
        let (url_key, title_key) = super::links::keys(link);
        stmt.execute(params![
            id,
            position as i64,
            link.href,
            link.text,
            link.related,
            url_key,
            title_key
        ])?;
        if let Some(key) = &title_key {
            super::links::index_link(conn, id, position as i64, key)?;
        }
    }
    Ok(())
}

/// An archived article's original, to extract again.
pub struct Source {
    pub id: i64,
    pub url: Option<String>,
    pub source_format: String,
    pub title_edited: bool,
}

/// Every article that kept its original bytes, in id order.
pub fn sources(conn: &Connection) -> Result<Vec<Source>> {
    let mut stmt = conn.prepare(
        "SELECT a.id, a.url, a.source_format, a.title_edited
         FROM articles a JOIN originals o ON o.article_id = a.id ORDER BY a.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Source {
            id: r.get(0)?,
            url: r.get(1)?,
            source_format: r.get(2)?,
            title_edited: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What a new extraction replaces in a stored article.
pub struct Reextracted<'a> {
    /// `None` keeps a title the reporter edited.
    pub title: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub published: Option<&'a str>,
    pub updated: Option<&'a str>,
    pub image: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub text: &'a str,
    pub html: &'a str,
    pub excerpt: Option<&'a str>,
    pub page_title: Option<&'a str>,
    pub text_hash: &'a [u8],
    pub links: &'a [ExtractedLink],
}

impl<'a> Reextracted<'a> {
    /// What extraction `x` read; `title` as the caller decides (`None`
    /// keeps the stored one).
    pub fn of(x: &'a crate::clip::Extracted, title: Option<&'a str>, text_hash: &'a [u8]) -> Self {
        Reextracted {
            title,
            byline: x.byline.as_deref(),
            outlet: x.site_name.as_deref(),
            published: x.published.as_deref(),
            updated: x.updated.as_deref(),
            image: x.image.as_deref(),
            lang: x.lang.as_deref(),
            text: &x.text,
            html: &x.html,
            excerpt: x.excerpt.as_deref(),
            page_title: x.page_title.as_deref(),
            text_hash,
            links: &x.links,
        }
    }
}

/// Replaces the extracted fields of an article; tags, note and clip time
/// stay, and links that were already resolved keep their target. Returns
/// whether anything changed.
pub fn update_extraction(conn: &Connection, id: i64, x: &Reextracted) -> Result<bool> {
    if let Some(title) = x.title {
        super::links::index_title(conn, id, crate::threads::headline_key(title).as_deref())?;
    }
    let changed = conn.execute(
        "UPDATE articles SET title = coalesce(?2, title), byline = ?3, outlet = coalesce(?4, outlet),
             published = ?5, updated = ?6, image = ?7, lang = ?8, body = ?9,
             excerpt = ?10, text_hash = ?11, page_title = ?12,
             title_key = CASE WHEN ?2 IS NULL THEN title_key ELSE ?13 END
         WHERE id = ?1 AND NOT (title IS coalesce(?2, title) AND byline IS ?3
             AND outlet IS coalesce(?4, outlet) AND published IS ?5 AND updated IS ?6
             AND image IS ?7 AND lang IS ?8 AND body IS ?9 AND excerpt IS ?10
             AND page_title IS ?12)",
        params![
            id,
            x.title,
            x.byline,
            x.outlet,
            x.published,
            x.updated,
            x.image,
            x.lang,
            super::body::pack(x.text, x.html),
            x.excerpt,
            x.text_hash,
            x.page_title,
            x.title.and_then(crate::threads::headline_key)
        ],
    )? > 0;
    let old = links_of(conn, id)?;
    let same_links = old.len() == x.links.len()
        && old
            .iter()
            .zip(x.links)
            .all(|(o, n)| o.href == n.href && o.text == n.text && o.related == n.related);
    if same_links {
        return Ok(changed);
    }
    let targets: HashMap<(Option<String>, String), i64> = old
        .into_iter()
        .filter_map(|l| Some(((l.href, l.text), l.target?)))
        .collect();
    conn.execute("DELETE FROM links WHERE article_id = ?1", [id])?;
    insert_links(conn, id, x.links)?;
    let mut keep = conn.prepare_cached(
        "UPDATE links SET target_id = ?4 WHERE article_id = ?1 AND href IS ?2 AND text = ?3",
    )?;
    for ((href, text), target) in targets {
        keep.execute(params![id, href, text, target])?;
    }
    Ok(true)
}

/// The article that a new clip would duplicate: the same text, or the same
/// canonical URL with the same title (a URL that now serves another story,
/// as reused or test URLs do, is a new clip).
pub fn find_duplicate(
    conn: &Connection,
    canonical_url: Option<&str>,
    text_hash: &[u8],
    folded_title: &str,
) -> Result<Option<(i64, String)>> {
    let same_text = conn
        .query_row(
            "SELECT id, title FROM articles WHERE text_hash = ?1 ORDER BY id LIMIT 1",
            [text_hash],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if same_text.is_some() {
        return Ok(same_text);
    }
    let Some(url) = canonical_url else {
        return Ok(None);
    };
    let mut stmt =
        conn.prepare_cached("SELECT id, title FROM articles WHERE canonical_url = ?1 ORDER BY id")?;
    let rows = stmt.query_map([url], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, title) = row?;
        if crate::text::fold(&title) == folded_title {
            return Ok(Some((id, title)));
        }
    }
    Ok(None)
}

pub fn exists(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM articles WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some())
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<Article>> {
    let article = conn
        .query_row(
            "SELECT id, url, title, byline, outlet, published, clipped, lang, note, body_text(body), body_html(body),
                 updated, image, pending
             FROM articles WHERE id = ?1",
            [id],
            |r| {
                Ok(Article {
                    id: r.get(0)?,
                    url: r.get(1)?,
                    title: r.get(2)?,
                    byline: r.get(3)?,
                    outlet: r.get(4)?,
                    published: r.get(5)?,
                    clipped: r.get(6)?,
                    lang: r.get(7)?,
                    note: r.get(8)?,
                    text: r.get(9)?,
                    html: r.get(10)?,
                    updated: r.get(11)?,
                    image: r.get(12)?,
                    pending: r.get(13)?,
                    tags: Vec::new(),
                    links: Vec::new(),
                    entities: Vec::new(),
                })
            },
        )
        .optional()?;
    let Some(mut article) = article else {
        return Ok(None);
    };
    article.tags = tags::of_article(conn, id)?;
    article.links = links_of(conn, id)?;
    article.entities = entities::mentions(&entities::find(&article.title, &article.text));
    Ok(Some(article))
}

fn links_of(conn: &Connection, id: i64) -> Result<Vec<Link>> {
    let mut stmt = conn.prepare_cached(
        "SELECT href, text, related, target_id FROM links WHERE article_id = ?1 ORDER BY position",
    )?;
    let links = stmt.query_map([id], |r| {
        Ok(Link {
            href: r.get(0)?,
            text: r.get(1)?,
            related: r.get(2)?,
            target: r.get(3)?,
        })
    })?;
    Ok(links.collect::<rusqlite::Result<_>>()?)
}

/// Pending articles (not fetched yet), oldest first.
pub fn pending(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare("SELECT id FROM articles WHERE pending = 1 ORDER BY id")?;
    let ids = stmt.query_map([], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// Marks a pending article fetched, with the page it was read from.
pub fn complete_pending(
    conn: &Connection,
    id: i64,
    canonical_url: Option<&str>,
    source_format: &str,
    original: &Original,
) -> Result<()> {
    conn.execute(
        "UPDATE articles SET pending = 0, canonical_url = coalesce(?2, canonical_url),
             source_format = ?3
         WHERE id = ?1",
        params![id, canonical_url, source_format],
    )?;
    conn.execute(
        "INSERT OR REPLACE INTO originals (article_id, content_hash, size, data) VALUES (?1, ?2, ?3, ?4)",
        params![id, original.content_hash, original.size as i64, original.compressed],
    )?;
    Ok(())
}

/// The format an article's original was clipped in (`html`, `mhtml`, `text`).
pub fn source_format(conn: &Connection, id: i64) -> Result<String> {
    Ok(conn.query_row(
        "SELECT source_format FROM articles WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?)
}

pub fn ids(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare("SELECT id FROM articles ORDER BY id")?;
    let ids = stmt.query_map([], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

pub fn count(conn: &Connection) -> Result<usize> {
    Ok(conn.query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))? as usize)
}

/// Whether the archive holds any article (without counting them all).
pub fn any(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM articles)", [], |r| r.get(0))?)
}

/// Deletes an article with its original, links and tags.
pub fn delete(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn.execute("DELETE FROM articles WHERE id = ?1", [id])? > 0)
}

const INDEX_COLUMNS: &str =
    "id, title, body_text(body), byline, outlet, site, canonical_url, lang, published, clipped, page_title, note, pending";

fn index_doc(r: &Row) -> rusqlite::Result<IndexDoc> {
    Ok(IndexDoc {
        id: r.get(0)?,
        title: r.get(1)?,
        text: r.get(2)?,
        byline: r.get(3)?,
        outlet: r.get(4)?,
        site: r.get(5)?,
        canonical_url: r.get(6)?,
        lang: r.get(7)?,
        published: r.get(8)?,
        clipped: r.get(9)?,
        page_title: r.get(10)?,
        note: r.get(11)?,
        pending: r.get(12)?,
        tags: Vec::new(),
        entities: Vec::new(),
    })
}

/// What the search index needs of one article, or `None` if it is gone.
pub fn for_index(conn: &Connection, id: i64) -> Result<Option<IndexDoc>> {
    let sql = format!("SELECT {INDEX_COLUMNS} FROM articles WHERE id = ?1");
    let doc = conn.query_row(&sql, [id], index_doc).optional()?;
    let Some(mut doc) = doc else { return Ok(None) };
    doc.tags = tags::of_article(conn, id)?;
    Ok(Some(doc))
}

/// Every article for the index, in id order, without holding them all.
pub fn for_index_all(
    conn: &Connection,
    mut each: impl FnMut(IndexDoc) -> Result<()>,
) -> Result<()> {
    let all_tags = tags::all_assignments(conn)?;
    let sql = format!("SELECT {INDEX_COLUMNS} FROM articles ORDER BY id");
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let mut doc = index_doc(row)?;
        doc.tags = all_tags.get(&doc.id).cloned().unwrap_or_default();
        each(doc)?;
    }
    Ok(())
}

/// The columns a search hit shows, with the text for its snippet.
pub struct Summary {
    pub title: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub clipped: String,
    pub lang: Option<String>,
    pub text: String,
    pub note: String,
    pub tags: Vec<String>,
}

pub fn summaries(conn: &Connection, ids: &[i64]) -> Result<HashMap<i64, Summary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT title, outlet, published, clipped, lang, body, note FROM articles WHERE id = ?1",
    )?;
    let mut out = HashMap::with_capacity(ids.len());
    for &id in ids {
        let summary = stmt
            .query_row([id], |r| {
                Ok(Summary {
                    title: r.get(0)?,
                    outlet: r.get(1)?,
                    published: r.get(2)?,
                    clipped: r.get(3)?,
                    lang: r.get(4)?,
                    text: super::body::text_of(&r.get::<_, Vec<u8>>(5)?),
                    note: r.get(6)?,
                    tags: Vec::new(),
                })
            })
            .optional()?;
        if let Some(mut s) = summary {
            s.tags = tags::of_article(conn, id)?;
            out.insert(id, s);
        }
    }
    Ok(out)
}

/// The stored original bytes, decompressed.
pub fn original(conn: &Connection, id: i64) -> Result<Option<Vec<u8>>> {
    let data: Option<Vec<u8>> = conn
        .query_row(
            "SELECT data FROM originals WHERE article_id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    data.map(|d| {
        zstd::decode_all(d.as_slice())
            .map_err(|e| crate::Error::io(format!("decompressing the original of article {id}"), e))
    })
    .transpose()
}

/// What related coverage compares of an article.
pub struct ForSimilarity {
    pub id: i64,
    pub title: String,
    pub text: String,
    pub lang: Option<String>,
    pub published: Option<String>,
}

pub fn for_similarity(conn: &Connection, ids: &[i64]) -> Result<Vec<ForSimilarity>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, body_text(body), lang, published FROM articles WHERE id = ?1",
    )?;
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let row = stmt
            .query_row([id], |r| {
                Ok(ForSimilarity {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    text: r.get(2)?,
                    lang: r.get(3)?,
                    published: r.get(4)?,
                })
            })
            .optional()?;
        out.extend(row);
    }
    Ok(out)
}

/// Articles as a timeline or a list of related coverage shows them, in
/// the order of `ids` (missing ones left out).
pub fn entries(conn: &Connection, ids: &[i64]) -> Result<Vec<TimelineEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, outlet, byline, url, published, clipped, lang,
             coalesce(excerpt, substr(body_text(body), 1, 400))
         FROM articles WHERE id = ?1",
    )?;
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let row = stmt
            .query_row([id], |r| {
                let summary: String = r.get(8)?;
                Ok(TimelineEntry {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    outlet: r.get(2)?,
                    byline: r.get(3)?,
                    url: r.get(4)?,
                    published: r.get(5)?,
                    clipped: r.get(6)?,
                    lang: r.get(7)?,
                    summary: truncate_words(&squash_whitespace(&summary), 200),
                })
            })
            .optional()?;
        out.extend(row);
    }
    Ok(out)
}
