//! A folder of saved pages: every HTML, MHTML and text file under it, read
//! one at a time when its turn comes. Symbolic links are not followed, so
//! an import reads only what is inside the folder.

use std::path::Path;

use super::{Import, ImportItem, ImportProblem, ItemSource};
use crate::{Error, Result};

const PAGE_EXTENSIONS: &[&str] = &[
    "html", "htm", "xhtml", "shtml", "mhtml", "mht", "txt", "text", "md",
];

/// Lists the pages under `dir`, in name order.
pub fn list(dir: &Path) -> Result<Import> {
    if !dir.is_dir() {
        return Err(Error::InvalidInput(format!(
            "{} is not a folder",
            dir.display()
        )));
    }
    let mut import = Import::default();
    let mut pending = vec![dir.to_path_buf()];
    let mut files = Vec::new();
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder)
            .map_err(|e| Error::io(format!("reading the folder {}", folder.display()), e))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if name.starts_with('.') || kind.is_symlink() {
                continue;
            }
            if kind.is_dir() {
                pending.push(entry.path());
            } else if kind.is_file() {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    for path in files {
        let label = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if PAGE_EXTENSIONS.contains(&extension.as_str()) {
            import.items.push(ImportItem {
                label,
                source: ItemSource::File(path),
            });
        } else {
            import.problems.push(ImportProblem {
                item: label,
                message: "skipped: not an HTML, MHTML or text file".into(),
            });
        }
    }
    Ok(import)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_pages_under_the_folder_and_not_beyond_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("clips");
        std::fs::create_dir_all(root.join("2025/mali")).unwrap();
        std::fs::write(root.join("a.html"), "<p>a</p>").unwrap();
        std::fs::write(root.join("2025/mali/b.mhtml"), "MIME").unwrap();
        std::fs::write(root.join("notes.txt"), "text").unwrap();
        std::fs::write(root.join("photo.jpg"), [0xff, 0xd8]).unwrap();
        std::fs::write(root.join(".hidden.html"), "x").unwrap();
        let outside = dir.path().join("secret.txt");
        std::fs::write(&outside, "not for import").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, root.join("link.txt")).unwrap();
        let import = list(&root).unwrap();
        let labels: Vec<&str> = import.items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["2025/mali/b.mhtml", "a.html", "notes.txt"]);
        assert_eq!(import.problems.len(), 1);
        assert_eq!(import.problems[0].item, "photo.jpg");
        assert!(list(&root.join("a.html")).is_err());
    }
}
