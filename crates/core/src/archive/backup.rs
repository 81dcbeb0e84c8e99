//! Backups: the whole archive in one file, made while it is in use, and
//! restored into a new folder.
//!
//! The database holds everything that cannot be derived: articles, tags,
//! notes, threads, links, tokens, feeds, and each clip's original page
//! bytes. A backup is a copy of it made with SQLite's online backup in a
//! single step, so it is one consistent snapshot even while another
//! process writes; the search index is left out and rebuilt on restore.
//!
//! Neither side is ever half-written: the backup is written beside its
//! destination, checked (`PRAGMA integrity_check`), then given its name,
//! which never replaces a file; a restore checks the backup before
//! touching the folder, which must be new or empty.

use std::path::{Path, PathBuf};

use super::Archive;
use crate::model::BackupReport;
use crate::store;
use crate::{Error, Result};

impl Archive {
    /// Writes a backup of this archive to `dest`, a file that must not exist.
    pub fn backup(&self, dest: &Path) -> Result<BackupReport> {
        if dest.exists() {
            return Err(Error::InvalidInput(format!(
                "{} already exists (a backup never replaces a file)",
                dest.display()
            )));
        }
        let folder = dest.parent().filter(|p| !p.as_os_str().is_empty());
        if folder.is_some_and(|f| !f.is_dir()) {
            return Err(Error::InvalidInput(format!(
                "{} is not a folder to write the backup in",
                folder.unwrap_or(dest).display()
            )));
        }
        let partial = partial_path(dest);
        let made = store::copy_database(&self.dir.join("archive.db"), &partial)
            .and_then(|()| store::check_copy(&partial))
            .and_then(|articles| {
                give_name(&partial, dest)?;
                Ok(articles)
            });
        let articles = match made {
            Ok(articles) => articles,
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                return Err(e);
            }
        };
        let bytes = std::fs::metadata(dest)
            .map_err(|e| Error::io(format!("reading {}", dest.display()), e))?
            .len();
        Ok(BackupReport {
            file: dest.display().to_string(),
            articles,
            bytes,
        })
    }

    /// Restores the backup `file` into `dir`, a folder that must be new or
    /// empty, and opens the restored archive (its index rebuilt).
    pub fn restore(file: &Path, dir: &Path) -> Result<(Archive, BackupReport)> {
        let holds_files = std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some());
        if holds_files {
            return Err(Error::InvalidInput(format!(
                "{} is not empty: a backup is restored into a new or empty folder",
                dir.display()
            )));
        }
        let articles = store::check_copy(file).map_err(|e| match e {
            Error::TooNew { .. } => e,
            e => Error::InvalidInput(format!(
                "{} is not a Dispatch backup, or it is damaged: {e}",
                file.display()
            )),
        })?;
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        let db = dir.join("archive.db");
        let partial = partial_path(&db);
        if let Err(e) = store::copy_database(file, &partial).and_then(|()| give_name(&partial, &db))
        {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
        let archive = Archive::open(dir)?;
        let report = BackupReport {
            file: file.display().to_string(),
            articles,
            bytes: std::fs::metadata(file).map_or(0, |m| m.len()),
        };
        Ok((archive, report))
    }
}

/// Where a file is written before it gets its name: beside it, hidden.
fn partial_path(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map_or_else(|| "backup".into(), |n| n.to_string_lossy().into_owned());
    dest.with_file_name(format!(".{name}.partial"))
}

/// Gives the finished `partial` its name without ever replacing a file
/// that appeared there meanwhile (a hard link fails on an existing name;
/// file systems without links, such as a FAT memory stick, are renamed to).
fn give_name(partial: &Path, dest: &Path) -> Result<()> {
    let named = match std::fs::hard_link(partial, dest) {
        Ok(()) => std::fs::remove_file(partial),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if dest.exists() => Err(std::io::ErrorKind::AlreadyExists.into()),
        Err(_) => std::fs::rename(partial, dest),
    };
    named.map_err(|e| Error::io(format!("writing {}", dest.display()), e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ClipRequest;

    fn clip(archive: &Archive, title: &str, tag: &str) -> i64 {
        let text = format!(
            "{title}\n\nBamako expelled five French diplomats on Tuesday, the transitional \
             government of Colonel Assimi Goïta said in a statement read on state television."
        );
        archive
            .clip(ClipRequest {
                bytes: text.into_bytes(),
                format: Some(crate::clip::Format::Text),
                tags: vec![tag.into()],
                ..ClipRequest::default()
            })
            .unwrap()
            .id
    }

    #[test]
    fn a_backup_restores_the_same_archive_into_an_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path().join("archive")).unwrap();
        let a = clip(&archive, "Mali expels French diplomats", "mali");
        let b = clip(&archive, "Niger junta closes border", "niger");
        archive.link(a, b).unwrap();
        let file = dir.path().join("dispatch.backup");
        let report = archive.backup(&file).unwrap();
        assert_eq!(report.articles, 2);
        assert!(report.bytes > 0);
        assert!(!partial_path(&file).exists());

        let (restored, _) = Archive::restore(&file, &dir.path().join("restored")).unwrap();
        for id in [a, b] {
            assert_eq!(restored.article(id).unwrap(), archive.article(id).unwrap());
        }
        let hits = restored
            .search("goita tag:mali", &Default::default())
            .unwrap();
        assert_eq!(hits.hits.iter().map(|h| h.id).collect::<Vec<_>>(), [a]);
        assert!(restored.doctor().unwrap().ok);
        assert_eq!(
            restored.related(a, 5).unwrap()[0].id,
            b,
            "the reporter's link"
        );
    }

    #[test]
    fn a_backup_never_replaces_a_file_and_a_restore_needs_an_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path().join("archive")).unwrap();
        clip(&archive, "Mali expels French diplomats", "mali");
        let nowhere = dir.path().join("no-such-folder/dispatch.backup");
        assert!(matches!(
            archive.backup(&nowhere),
            Err(Error::InvalidInput(_))
        ));
        let taken = dir.path().join("taken");
        std::fs::write(&taken, b"keep me").unwrap();
        assert!(matches!(
            archive.backup(&taken),
            Err(Error::InvalidInput(_))
        ));
        assert_eq!(std::fs::read(&taken).unwrap(), b"keep me");

        let file = dir.path().join("dispatch.backup");
        archive.backup(&file).unwrap();
        let full = dir.path().join("full");
        std::fs::create_dir(&full).unwrap();
        std::fs::write(full.join("notes.txt"), b"mine").unwrap();
        assert!(matches!(
            Archive::restore(&file, &full).map(|(_, report)| report),
            Err(Error::InvalidInput(_))
        ));
        assert_eq!(std::fs::read_dir(&full).unwrap().count(), 1);
    }

    #[test]
    fn a_file_that_is_no_backup_is_refused_before_the_folder_is_touched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("restored");
        for (name, bytes) in [
            ("empty", &b""[..]),
            ("text", b"not a database at all\n"),
            ("truncated", b"SQLite format 3\0\x10\0\x01\x01"),
        ] {
            let file = dir.path().join(name);
            std::fs::write(&file, bytes).unwrap();
            let refused = Archive::restore(&file, &target).map(|(_, report)| report);
            assert!(
                matches!(refused, Err(Error::InvalidInput(_))),
                "{name}: {refused:?}"
            );
            assert!(!target.exists(), "{name}");
        }
        // A SQLite database of another program.
        let other = dir.path().join("other.db");
        rusqlite::Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        assert!(matches!(
            Archive::restore(&other, &target).map(|(_, report)| report),
            Err(Error::InvalidInput(_))
        ));
        assert!(!target.exists());
    }
}
