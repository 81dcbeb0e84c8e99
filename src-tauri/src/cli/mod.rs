//! The command line. Without a command, `dispatch` opens the desktop app;
//! with one, it works headless on the same archive.
//!
//! The archive is `--archive DIR`, else `$DISPATCH_ARCHIVE`, else the
//! platform data folder. `--json` prints machine-readable output (shapes in
//! DESIGN.md). Exit status: 0 success, 1 operational failure (archive busy,
//! I/O), 2 bad input or usage, each with a one-line message on stderr.

/// `println!` (and, with `@raw`, `print!`) for a command's results: when
/// whoever reads them has gone (`dispatch search mali | head -1`), the
/// command ends quietly, as Unix tools do, instead of panicking.
macro_rules! out {
    (@raw $($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout().lock(), $($arg)*) {
            $crate::cli::output_failed(e)
        }
    }};
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            $crate::cli::output_failed(e)
        }
    }};
}

mod endpoint;
mod io;

use std::io::{IsTerminal, Read, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use dispatch_core::clip::Format;
use dispatch_core::threads::dossier;
use dispatch_core::{Archive, ClipRequest, SearchOptions, SearchResults, Sort};

#[derive(Parser)]
#[command(
    name = "dispatch",
    version,
    about = "An offline archive for foreign-affairs reporters"
)]
struct Cli {
    /// The archive folder.
    #[arg(long, global = true, env = "DISPATCH_ARCHIVE", value_name = "DIR")]
    archive: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Clip HTML or text files (or standard input with `-`) into the archive.
    Add {
        /// Where the page came from.
        #[arg(long)]
        url: Option<String>,
        /// A tag for every clip (repeatable).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// A note for every clip.
        #[arg(long, default_value = "")]
        note: String,
        /// Read the input as this format instead of guessing.
        #[arg(long, value_enum)]
        format: Option<InputFormat>,
        /// Saved pages or text files, `-` for standard input, or web
        /// addresses (http, https) to fetch.
        #[arg(required = true, value_name = "FILE|URL")]
        files: Vec<PathBuf>,
    },
    /// Print the article extracted from a file as JSON, without storing it.
    Extract {
        #[arg(long)]
        url: Option<String>,
        #[arg(long, value_enum)]
        format: Option<InputFormat>,
        file: PathBuf,
    },
    /// Search the archive (see README for the query language).
    Search {
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long, default_value_t = 0)]
        offset: usize,
        #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
        sort: SortArg,
        /// The query; several words are joined by spaces.
        #[arg(allow_hyphen_values = true, trailing_var_arg = true)]
        query: Vec<String>,
    },
    /// Show one article.
    Show { id: i64 },
    /// Add (+TAG or TAG) and remove (-TAG) tags on an article.
    Tag {
        id: i64,
        #[arg(allow_hyphen_values = true, required = true, value_name = "+TAG|-TAG")]
        changes: Vec<String>,
    },
    /// List tags with counts, or rename or merge them.
    Tags {
        #[command(subcommand)]
        action: Option<TagsAction>,
    },
    /// List saved searches with how many articles each finds, or save,
    /// rename or delete one.
    Saved {
        #[command(subcommand)]
        action: Option<SavedAction>,
    },
    /// Articles related to one: links first, then suggestions with reasons.
    Related {
        #[arg(long, default_value_t = 10)]
        limit: usize,
        id: i64,
    },
    /// Link two articles as coverage of one story.
    Link { a: i64, b: i64 },
    /// Unlink two articles, or dismiss a suggestion; it stays dismissed.
    Unlink { a: i64, b: i64 },
    /// Threads: named stories, read as timelines (`dispatch thread` lists them).
    Thread {
        #[command(subcommand)]
        action: Option<ThreadAction>,
    },
    /// Rebuild the search index from the database.
    Reindex,
    /// Run the current extractor again over every clipped original
    /// (tags, notes, links and edited titles stay).
    Reextract,
    /// Check the database and the search index.
    Doctor,
    /// Write the whole archive to one file, even while Dispatch runs.
    Backup {
        /// The backup file to write (never replaced).
        file: PathBuf,
    },
    /// Restore a backup into the archive folder, which must be new or empty.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// Import articles from another tool's export or a folder of pages.
    Import {
        #[arg(value_enum)]
        format: io::ImportArg,
        /// The file (or folder, for `folder`).
        path: PathBuf,
        /// Then fetch the pages of items that came without text.
        #[arg(long)]
        fetch: bool,
    },
    /// Export the articles a query finds (every article without one).
    Export {
        #[arg(value_enum)]
        format: io::ExportArg,
        /// A file (a folder for markdown); standard output without it.
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[arg(allow_hyphen_values = true, trailing_var_arg = true)]
        query: Vec<String>,
    },
    /// Fetch the pages of articles imported without their text.
    Fetch,
    /// Fetch and keep the images of articles (every article without ids),
    /// so that they read whole offline. Images fetched before are kept.
    Images {
        /// Try again the images that could not be fetched before.
        #[arg(long)]
        retry: bool,
        ids: Vec<i64>,
    },
    /// RSS and Atom subscriptions (`dispatch feed` lists them).
    Feed {
        #[command(subcommand)]
        action: Option<io::FeedAction>,
    },
    /// Serve the clip endpoint for the browser extension, without a window.
    Serve {
        /// 0 picks a free port (printed on the first line).
        #[arg(long, default_value_t = crate::clip_server::DEFAULT_PORT)]
        port: u16,
    },
    /// Tokens that let a client (the browser extension) clip.
    Token {
        #[command(subcommand)]
        action: endpoint::TokenAction,
    },
}

#[derive(Subcommand)]
enum TagsAction {
    /// Rename a tag everywhere (onto an existing tag: merge).
    Rename { from: String, to: String },
    /// Merge tag FROM into the existing tag INTO.
    Merge { from: String, into: String },
    /// Remove a tag from every article.
    Delete { name: String },
}

#[derive(Subcommand)]
enum SavedAction {
    /// Save a query under a name (replacing a search saved under it).
    Add {
        name: String,
        #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
        sort: SortArg,
        /// The query; several words are joined by spaces.
        #[arg(allow_hyphen_values = true, trailing_var_arg = true, required = true)]
        query: Vec<String>,
    },
    /// Search with a saved search (what it finds is then no longer new).
    Run {
        name: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    Rename {
        from: String,
        to: String,
    },
    Delete {
        name: String,
    },
}

#[derive(Subcommand)]
enum ThreadAction {
    /// List threads.
    List,
    /// Start a thread, optionally with articles.
    New {
        name: String,
        articles: Vec<i64>,
    },
    /// Show a thread as a timeline, with its sources and suggestions.
    Show {
        id: i64,
    },
    /// Add articles to a thread.
    Add {
        id: i64,
        #[arg(required = true)]
        articles: Vec<i64>,
    },
    /// Take articles out of a thread (they stay in the archive).
    Remove {
        id: i64,
        #[arg(required = true)]
        articles: Vec<i64>,
    },
    Rename {
        id: i64,
        name: String,
    },
    /// Move every article of thread FROM into thread INTO, and delete FROM.
    Merge {
        into: i64,
        from: i64,
    },
    /// Move some articles of a thread into a new thread.
    Split {
        id: i64,
        #[arg(long)]
        name: String,
        #[arg(required = true)]
        articles: Vec<i64>,
    },
    /// Delete a thread (its articles stay in the archive).
    Delete {
        id: i64,
    },
    /// Turn down a suggested addition to a thread.
    Dismiss {
        id: i64,
        article: i64,
    },
    /// The thread an article most probably belongs to.
    Suggest {
        article: i64,
    },
    /// Write a thread as a dossier, with a citation for every article.
    Export {
        id: i64,
        #[arg(long, value_enum, default_value_t = DossierFormat::Markdown)]
        format: DossierFormat,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum DossierFormat {
    Markdown,
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum InputFormat {
    Html,
    Text,
}

impl InputFormat {
    fn format(self) -> Format {
        match self {
            InputFormat::Html => Format::Html,
            InputFormat::Text => Format::Text,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum SortArg {
    Relevance,
    /// Newest published first.
    Date,
    /// Most recently clipped first.
    Clipped,
}

impl From<SortArg> for Sort {
    fn from(sort: SortArg) -> Sort {
        match sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
            SortArg::Clipped => Sort::Clipped,
        }
    }
}

/// Runs the command line and maps every failure to an exit status; with
/// no command, `open_window` opens the desktop app on the archive.
pub fn main(open_window: fn(PathBuf) -> anyhow::Result<()>) -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli, open_window) {
        Ok(code) => code,
        Err(e) if broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let user_error = e
                .downcast_ref::<dispatch_core::Error>()
                .is_some_and(dispatch_core::Error::is_user_error)
                || e.downcast_ref::<UsageError>().is_some();
            eprintln!("dispatch: {}", one_line(&e));
            ExitCode::from(if user_error { 2 } else { 1 })
        }
    }
}

/// The reader of standard output has gone: what `out!` does then, and
/// what an export to standard output does on the same failure.
fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        let io_error = cause
            .downcast_ref::<std::io::Error>()
            .or_else(|| match cause.downcast_ref::<dispatch_core::Error>() {
                Some(dispatch_core::Error::Io { source, .. }) => Some(source),
                _ => None,
            });
        io_error.is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Ends the process when printing a result failed (see `out!`).
pub(crate) fn output_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("dispatch: writing the output: {e}");
    std::process::exit(1)
}

fn thread_command(archive: &Archive, json: bool, action: ThreadAction) -> anyhow::Result<ExitCode> {
    let done = |what: String| report(json, 1, &what);
    match action {
        ThreadAction::List => {
            let threads = archive.threads()?;
            if json {
                out!("{}", serde_json::to_string(&threads)?);
            }
            for t in threads.iter().filter(|_| !json) {
                let span = match (&t.first, &t.last) {
                    (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
                    (Some(a), _) => a.clone(),
                    _ => "empty".into(),
                };
                out!("{:>6}  {}  ({} articles, {span})", t.id, t.name, t.articles);
            }
        }
        ThreadAction::New { name, articles } => {
            let id = archive.create_thread(&name, &articles)?;
            if json {
                out!("{}", serde_json::json!({ "id": id, "name": name }));
            } else {
                out!("{id}");
            }
        }
        ThreadAction::Show { id } => {
            let thread = archive.thread(id)?;
            if json {
                out!("{}", serde_json::to_string(&thread)?);
            } else {
                out!(@raw "{}", archive.thread_dossier(id, dossier::Format::Markdown)?);
                if !thread.suggestions.is_empty() {
                    out!("\n## Suggested additions\n");
                    for s in &thread.suggestions {
                        out!("{:>6}  {}\n        {}", s.id, s.title, s.why);
                    }
                }
            }
        }
        ThreadAction::Add { id, articles } => {
            archive.add_to_thread(id, &articles)?;
            done(format!("added {} articles to thread {id}", articles.len()));
        }
        ThreadAction::Remove { id, articles } => {
            archive.remove_from_thread(id, &articles)?;
            done(format!(
                "removed {} articles from thread {id}",
                articles.len()
            ));
        }
        ThreadAction::Rename { id, name } => {
            archive.rename_thread(id, &name)?;
            done(format!("renamed thread {id} to '{name}'"));
        }
        ThreadAction::Merge { into, from } => {
            archive.merge_threads(into, from)?;
            done(format!("merged thread {from} into thread {into}"));
        }
        ThreadAction::Split { id, name, articles } => {
            let new = archive.split_thread(id, &articles, &name)?;
            if json {
                out!("{}", serde_json::json!({ "id": new, "name": name }));
            } else {
                out!("{new}");
            }
        }
        ThreadAction::Delete { id } => {
            archive.delete_thread(id)?;
            done(format!("deleted thread {id}"));
        }
        ThreadAction::Dismiss { id, article } => {
            archive.dismiss_for_thread(id, article)?;
            done(format!(
                "article {article} will not be suggested for thread {id} again"
            ));
        }
        ThreadAction::Suggest { article } => {
            let suggestion = archive.suggest_thread(article)?;
            if json {
                out!("{}", serde_json::to_string(&suggestion)?);
            } else if let Some(s) = suggestion {
                out!("{:>6}  {}\n        {}", s.thread.id, s.thread.name, s.why);
            }
        }
        ThreadAction::Export { id, format, output } => {
            let format = match format {
                DossierFormat::Markdown => dossier::Format::Markdown,
                DossierFormat::Html => dossier::Format::Html,
            };
            let text = archive.thread_dossier(id, format)?;
            match output {
                Some(path) => {
                    std::fs::write(&path, text)
                        .with_context(|| format!("writing {}", path.display()))?;
                    if json {
                        out!("{}", serde_json::json!({ "output": path }));
                    } else {
                        out!("wrote {}", path.display());
                    }
                }
                None => out!(@raw "{text}"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A mistake in how the command was called.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct UsageError(String);

fn one_line(e: &anyhow::Error) -> String {
    format!("{e:#}").replace('\n', " ")
}

fn archive_dir(cli: &Cli) -> anyhow::Result<PathBuf> {
    match &cli.archive {
        Some(dir) => Ok(dir.clone()),
        None => dirs::data_dir()
            .map(|d| d.join("dispatch"))
            .context("no --archive given and no data folder known for this platform"),
    }
}

/// Opens the window by running `dispatch-app`, installed beside this
/// binary, in this process's place. The command line lives in a binary of
/// its own so that it starts without loading the windowing libraries (the
/// dynamic loader alone takes ~50 ms for WebKitGTK and its dependencies).
pub fn exec_window_binary(archive_dir: PathBuf) -> anyhow::Result<()> {
    let exe = std::env::current_exe().context("finding the dispatch binary")?;
    let window = exe.with_file_name(format!("dispatch-app{}", std::env::consts::EXE_SUFFIX));
    if !window.exists() {
        anyhow::bail!(
            "the window program {} is missing; reinstall Dispatch",
            window.display()
        );
    }
    let mut command = std::process::Command::new(&window);
    command.arg("--archive").arg(archive_dir);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // GTK names the window's class after argv[0]; as "dispatch" it
        // matches the desktop entry, so the dock shows the app's icon.
        let error = command.arg0("dispatch").exec();
        Err(error).with_context(|| format!("starting {}", window.display()))
    }
    #[cfg(not(unix))]
    {
        let status = command
            .status()
            .with_context(|| format!("starting {}", window.display()))?;
        std::process::exit(status.code().unwrap_or(1));
    }
}

fn run(cli: Cli, open_window: fn(PathBuf) -> anyhow::Result<()>) -> anyhow::Result<ExitCode> {
    let dir = archive_dir(&cli)?;
    let json = cli.json;
    let Some(command) = cli.command else {
        open_window(dir)?;
        return Ok(ExitCode::SUCCESS);
    };
    match command {
        Command::Extract { url, format, file } => {
            let request = read_request(&file, url, format)?;
            let article = Archive::extract(&request)?;
            out!("{}", serde_json::to_string(&article)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Add {
            url,
            tags,
            note,
            format,
            files,
        } => add(&dir, json, url, tags, note, format, files),
        Command::Search {
            limit,
            offset,
            sort,
            query,
        } => {
            let archive = Archive::open(&dir)?;
            let options = SearchOptions {
                limit,
                offset,
                sort: sort.into(),
            };
            let results = archive.search(&query.join(" "), &options)?;
            if json {
                out!("{}", serde_json::to_string(&results)?);
            } else {
                print_results(&results);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { id } => {
            let article = Archive::open(&dir)?.article(id)?;
            if json {
                out!("{}", serde_json::to_string(&article)?);
            } else {
                let meta: Vec<&str> = [
                    article.outlet.as_deref(),
                    article.byline.as_deref(),
                    article.published.as_deref(),
                    article.lang.as_deref(),
                ]
                .into_iter()
                .flatten()
                .collect();
                out!("{}\n{}\n", article.title, meta.join(" · "));
                if let Some(url) = &article.url {
                    out!("{url}\n");
                }
                if !article.tags.is_empty() {
                    out!("tags: {}\n", article.tags.join(", "));
                }
                out!("{}", article.text);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Tag { id, changes } => {
            let (mut add, mut remove) = (Vec::new(), Vec::new());
            for change in changes {
                match change.strip_prefix('-') {
                    Some(tag) => remove.push(tag.to_string()),
                    None => add.push(change.strip_prefix('+').unwrap_or(&change).to_string()),
                }
            }
            let tags = Archive::open(&dir)?.tag(id, &add, &remove)?;
            if json {
                out!("{}", serde_json::json!({ "id": id, "tags": tags }));
            } else {
                out!("{}", tags.join(", "));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Tags { action } => {
            let archive = Archive::open(&dir)?;
            match action {
                None => {
                    let tags = archive.tags()?;
                    if json {
                        out!("{}", serde_json::to_string(&tags)?);
                    } else {
                        for t in tags {
                            out!("{:>6}  {}", t.count, t.name);
                        }
                    }
                }
                Some(TagsAction::Rename { from, to }) => {
                    let n = archive.rename_tag(&from, &to)?;
                    report(
                        json,
                        n,
                        &format!("renamed '{from}' to '{to}' on {n} articles"),
                    );
                }
                Some(TagsAction::Delete { name }) => {
                    let n = archive.delete_tag(&name)?;
                    report(json, n, &format!("removed '{name}' from {n} articles"));
                }
                Some(TagsAction::Merge { from, into }) => {
                    let n = archive.merge_tags(&from, &into)?;
                    report(
                        json,
                        n,
                        &format!("merged '{from}' into '{into}' on {n} articles"),
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Related { limit, id } => {
            let related = Archive::open(&dir)?.related(id, limit)?;
            if json {
                out!("{}", serde_json::to_string(&related)?);
            } else {
                for r in related {
                    out!("{:>6}  {}\n        {}", r.id, r.title, r.why);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Saved { action } => {
            let archive = Archive::open(&dir)?;
            match action {
                None => {
                    let saved = archive.saved_searches()?;
                    if json {
                        out!("{}", serde_json::to_string(&saved)?);
                    } else {
                        for s in saved {
                            let new = if s.new > 0 {
                                format!(" ({} new)", s.new)
                            } else {
                                String::new()
                            };
                            out!("{:>6}  {}{new}: {}", s.count, s.name, s.query);
                        }
                    }
                }
                Some(SavedAction::Add { name, sort, query }) => {
                    let saved = archive.save_search(&name, &query.join(" "), sort.into())?;
                    if json {
                        out!("{}", serde_json::to_string(&saved)?);
                    } else {
                        out!("saved '{}': {} articles", saved.name, saved.count);
                    }
                }
                Some(SavedAction::Run { name, limit }) => {
                    let results = archive.run_saved_search(&name, limit)?;
                    if json {
                        out!("{}", serde_json::to_string(&results)?);
                    } else {
                        print_results(&results);
                    }
                }
                Some(SavedAction::Rename { from, to }) => {
                    archive.rename_saved_search(&from, &to)?;
                    report(json, 1, &format!("renamed '{from}' to '{to}'"));
                }
                Some(SavedAction::Delete { name }) => {
                    archive.delete_saved_search(&name)?;
                    report(json, 1, &format!("deleted '{name}'"));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Link { a, b } => {
            Archive::open(&dir)?.link(a, b)?;
            report(json, 1, &format!("linked {a} and {b}"));
            Ok(ExitCode::SUCCESS)
        }
        Command::Unlink { a, b } => {
            Archive::open(&dir)?.unlink(a, b)?;
            report(json, 1, &format!("unlinked {a} and {b}"));
            Ok(ExitCode::SUCCESS)
        }
        Command::Thread { action } => thread_command(
            &Archive::open(&dir)?,
            json,
            action.unwrap_or(ThreadAction::List),
        ),
        Command::Reindex => {
            let n = Archive::open(&dir)?.reindex(|_, _| ControlFlow::Continue(()))?;
            report(json, n as usize, &format!("indexed {n} articles"));
            Ok(ExitCode::SUCCESS)
        }
        Command::Reextract => {
            let mut progress = Progress::new("re-extracting", json);
            let report =
                Archive::open(&dir)?.reextract(|done, total| progress.tick(done, total))?;
            drop(progress);
            if json {
                out!("{}", serde_json::to_string(&report)?);
            } else {
                out!(
                    "re-extracted {} articles: {} changed, {} failed",
                    report.articles,
                    report.changed,
                    report.failed.len()
                );
                for f in &report.failed {
                    out!("  - article {}: {}", f.id, f.message);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Import {
            format,
            path,
            fetch,
        } => io::import(&Archive::open(&dir)?, json, format, &path, fetch),
        Command::Export {
            format,
            output,
            query,
        } => io::export(&Archive::open(&dir)?, format, output, &query.join(" ")),
        Command::Fetch => io::fetch_pending(&Archive::open(&dir)?, json),
        Command::Images { retry, ids } => io::images(&Archive::open(&dir)?, json, ids, retry),
        Command::Feed { action } => io::feed(
            &Archive::open(&dir)?,
            json,
            action.unwrap_or(io::FeedAction::List),
        ),
        Command::Serve { port } => endpoint::serve(Archive::open(&dir)?, port),
        Command::Token { action } => endpoint::token(&Archive::open(&dir)?, json, action),
        Command::Backup { file } => {
            let made = Archive::open(&dir)?.backup(&file)?;
            backed_up(json, &made, "backed up");
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { file } => {
            let (_, restored) = Archive::restore(&file, &dir)?;
            backed_up(json, &restored, "restored");
            Ok(ExitCode::SUCCESS)
        }
        Command::Doctor => {
            let report = Archive::open(&dir)?.doctor()?;
            if json {
                out!("{}", serde_json::to_string(&report)?);
            } else {
                out!(
                    "{}: {} articles, {} indexed",
                    if report.ok { "ok" } else { "problems found" },
                    report.articles,
                    report.indexed
                );
                for p in &report.problems {
                    out!("  - {p}");
                }
            }
            Ok(if report.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

/// `LABEL done/total` on one line of stderr while long work runs, when a
/// person is watching (not with --json, not into a pipe).
pub(crate) struct Progress {
    label: &'static str,
    shown: bool,
}

impl Progress {
    pub(crate) fn new(label: &'static str, json: bool) -> Progress {
        Progress {
            label,
            shown: !json && std::io::stderr().is_terminal(),
        }
    }

    pub(crate) fn tick(&mut self, done: usize, total: usize) -> ControlFlow<()> {
        if self.shown && (done.is_multiple_of(50) || done == total) {
            eprint!("\r{} {done}/{total}", self.label);
        }
        ControlFlow::Continue(())
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if self.shown {
            eprintln!();
        }
    }
}

fn report(json: bool, count: usize, message: &str) {
    if json {
        out!("{}", serde_json::json!({ "count": count }));
    } else {
        out!("{message}");
    }
}

/// `{file, articles, bytes}`, or a line saying what was done.
fn backed_up(json: bool, report: &dispatch_core::BackupReport, done: &str) {
    if json {
        out!("{}", serde_json::to_string(report).unwrap_or_default());
    } else {
        out!(
            "{done} {} articles ({:.1} MB): {}",
            report.articles,
            report.bytes as f64 / 1e6,
            report.file
        );
    }
}

fn add(
    dir: &Path,
    json: bool,
    url: Option<String>,
    tags: Vec<String>,
    note: String,
    format: Option<InputFormat>,
    files: Vec<PathBuf>,
) -> anyhow::Result<ExitCode> {
    if url.is_some() && files.len() > 1 {
        return Err(UsageError("--url names one page; give one file with it".into()).into());
    }
    let archive = Archive::open(dir)?;
    let mut failures = 0usize;
    let mut read_errors = Vec::new();
    let requests: Vec<ClipRequest> = files
        .iter()
        .filter_map(|file| match read_request(file, url.clone(), format) {
            Ok(mut r) => {
                r.tags = tags.clone();
                r.note = note.clone();
                Some(r)
            }
            Err(e) => {
                read_errors.push(format!("{}: {}", file.display(), one_line(&e)));
                None
            }
        })
        .collect();
    for e in &read_errors {
        eprintln!("dispatch: {e}");
    }
    failures += read_errors.len();
    let stdout = std::io::stdout();
    archive.clip_all(requests, |request, outcome| match outcome {
        Ok(o) => {
            let mut out = stdout.lock();
            let _ = if json {
                writeln!(out, "{}", serde_json::json!({ "id": o.id, "title": o.title, "duplicate_of": o.duplicate_of }))
            } else if o.duplicate_of.is_some() {
                writeln!(out, "{}\talready archived: {}", o.id, o.title)
            } else {
                writeln!(out, "{}\t{}", o.id, o.title)
            };
            let _ = out.flush();
        }
        Err(e) => {
            failures += 1;
            let name = request.file_name.as_deref().unwrap_or("-");
            eprintln!("dispatch: {name}: {e}");
        }
    })?;
    Ok(if failures > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn read_request(
    file: &Path,
    url: Option<String>,
    format: Option<InputFormat>,
) -> anyhow::Result<ClipRequest> {
    if let Some(address) = file
        .to_str()
        .filter(|f| f.starts_with("http://") || f.starts_with("https://"))
    {
        let page = dispatch_core::fetch::fetch(address, dispatch_core::fetch::Limits::default())?;
        let mut request = ClipRequest::fetched(page);
        request.url = url.or(request.url);
        request.format = format.map(InputFormat::format).or(request.format);
        return Ok(request);
    }
    let bytes = if file == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("reading standard input")?;
        buf
    } else {
        if file.is_dir() {
            return Err(UsageError(format!("{} is a folder, not a file", file.display())).into());
        }
        std::fs::read(file).with_context(|| format!("reading {}", file.display()))?
    };
    Ok(ClipRequest {
        bytes,
        url,
        format: format.map(InputFormat::format),
        file_name: Some(file.display().to_string()),
        ..ClipRequest::default()
    })
}

fn print_results(results: &SearchResults) {
    for hit in &results.hits {
        let meta: Vec<String> = [
            hit.outlet.clone(),
            hit.published
                .as_deref()
                .map(|p| p.get(..10).unwrap_or(p).to_string()),
            hit.lang.clone(),
        ]
        .into_iter()
        .flatten()
        .collect();
        out!("{:>6}  {}", hit.id, hit.title);
        out!(
            "        {}{}",
            meta.join(" · "),
            if hit.tags.is_empty() {
                String::new()
            } else {
                format!("  [{}]", hit.tags.join("] ["))
            }
        );
        let snippet = hit
            .snippet
            .replace("<mark>", "\x1b[1m")
            .replace("</mark>", "\x1b[0m");
        out!("        {}\n", unescape(&snippet));
    }
    out!(
        "{} result{}",
        results.total,
        if results.total == 1 { "" } else { "s" }
    );
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}
