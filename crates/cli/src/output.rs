//! Output files, written all or nothing.
//!
//! A command reserves each file it will write before its long work starts
//! ([`Outputs::file`], [`Outputs::folder`]): reserving creates the file's temporary
//! file beside it (or checks that a folder can be created), so a path that cannot be
//! written fails at once and names itself. The content goes to the temporary files,
//! and [`Outputs::commit`] renames them all into place at the end. If anything fails
//! before that, the temporary files and any folder the set created are removed and
//! every destination is left as it was.
//!
//! Temporary files have unpredictable names and are created exclusively
//! (`O_CREAT | O_EXCL`, through `tempfile`), so a link planted beside the output
//! cannot redirect the write; renaming over a destination that is a link replaces
//! the link, never the file it points to.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use tempfile::NamedTempFile;

/// One destination and the temporary file that holds its content until the commit.
struct Staged {
    dest: PathBuf,
    temp: NamedTempFile,
}

/// A file reserved with [`Outputs::file`]; its content is given to [`Outputs::write`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputFile(usize);

/// The files one command writes, committed together.
pub struct Outputs {
    staged: Vec<Staged>,
    /// Folders reserved with [`Outputs::folder`]; created when a file is added in them.
    folders: Vec<PathBuf>,
    /// Folders this set created, outermost first; removed again unless the set is committed.
    created: Vec<PathBuf>,
    committed: bool,
}

/// The folder a file path lives in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// A new temporary file in `dir`, named after the destination with a random part,
/// created exclusively and with the permissions an ordinary new file would get.
fn temp_beside(dir: &Path, dest: &Path) -> std::io::Result<NamedTempFile> {
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The mode passes through the umask, as for any file the program creates.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

impl Outputs {
    pub fn new() -> Outputs {
        Outputs { staged: Vec::new(), folders: Vec::new(), created: Vec::new(), committed: false }
    }

    /// Reserves the file `dest`, whose folder must exist: its temporary file is
    /// created now, so an output that cannot be written fails before the work.
    pub fn file(&mut self, dest: &Path) -> anyhow::Result<OutputFile> {
        if dest.file_name().is_none() {
            anyhow::bail!("cannot write {}: not a file path", dest.display());
        }
        if dest.is_dir() {
            anyhow::bail!("cannot write {}: it is a folder; expected a file path", dest.display());
        }
        if self.staged.iter().any(|s| s.dest == dest) {
            anyhow::bail!("cannot write {}: the same file is given for two outputs", dest.display());
        }
        let dir = folder_of(dest);
        if !dir.exists() {
            anyhow::bail!("cannot write {}: the folder {} does not exist", dest.display(), dir.display());
        }
        if !dir.is_dir() {
            anyhow::bail!("cannot write {}: {} is not a folder", dest.display(), dir.display());
        }
        let temp = temp_beside(dir, dest)
            .with_context(|| format!("cannot write {}: creating a file in {}", dest.display(), dir.display()))?;
        self.staged.push(Staged { dest: dest.to_path_buf(), temp });
        Ok(OutputFile(self.staged.len() - 1))
    }

    /// Reserves the folder `dir` for files added later with [`Outputs::add`]: checks
    /// now that it exists or can be created (every part of the path that exists is a
    /// folder, and the deepest one that exists is writable). Nothing is created yet.
    pub fn folder(&mut self, dir: &Path) -> anyhow::Result<()> {
        let mut missing = false;
        for ancestor in dir.ancestors() {
            let ancestor = if ancestor.as_os_str().is_empty() { Path::new(".") } else { ancestor };
            if !ancestor.exists() {
                missing = true;
                continue;
            }
            if !ancestor.is_dir() {
                anyhow::bail!(
                    "cannot {} the folder {}: {} is a file, not a folder",
                    if missing { "create" } else { "use" },
                    dir.display(),
                    ancestor.display()
                );
            }
            // A probe file shows that files (or folders) can be created there.
            tempfile::Builder::new()
                .prefix(".faultline-probe.")
                .tempfile_in(ancestor)
                .with_context(|| format!("cannot write into the folder {}: {} is not writable", dir.display(), ancestor.display()))?;
            break;
        }
        self.folders.push(dir.to_path_buf());
        Ok(())
    }

    /// Writes the content of a reserved file to its temporary file.
    pub fn write(&mut self, file: OutputFile, bytes: &[u8]) -> anyhow::Result<()> {
        let staged = &mut self.staged[file.0];
        let temp = staged.temp.as_file_mut();
        temp.set_len(0)
            .and_then(|()| temp.write_all(bytes))
            .and_then(|()| temp.sync_all())
            .with_context(|| format!("writing {}", staged.dest.display()))
    }

    /// Stages the new file `dest` with its content. Its folder is created now if it is
    /// a folder reserved with [`Outputs::folder`] that does not exist yet (and removed
    /// again if the set is not committed).
    pub fn add(&mut self, dest: &Path, bytes: &[u8]) -> anyhow::Result<()> {
        let dir = folder_of(dest);
        if !dir.exists() && self.folders.iter().any(|f| f == dir) {
            let missing: Vec<&Path> = dir.ancestors().filter(|a| !a.as_os_str().is_empty() && !a.exists()).collect();
            for folder in missing.into_iter().rev() {
                std::fs::create_dir(folder).with_context(|| format!("creating the folder {}", folder.display()))?;
                self.created.push(folder.to_path_buf());
            }
        }
        let file = self.file(dest)?;
        self.write(file, bytes)
    }

    /// Renames every staged file into place. When a rename fails, the files already
    /// renamed are put back as they were (a destination that did not exist is
    /// removed again), so the destinations hold either all new contents or none.
    pub fn commit(mut self) -> anyhow::Result<()> {
        let staged = std::mem::take(&mut self.staged);
        // Hard links keep the destinations that are replaced, for putting them back.
        let several = staged.len() > 1;
        let mut backups: Vec<Option<tempfile::NamedTempFile<()>>> = Vec::new();
        for s in &staged {
            let backup = if several && s.dest.symlink_metadata().is_ok() {
                let dir = folder_of(&s.dest);
                let keep = |how: fn(&Path, &Path) -> std::io::Result<()>| {
                    tempfile::Builder::new().prefix(".faultline-backup.").make_in(dir, |p| how(&s.dest, p))
                };
                let link = keep(|from, to| std::fs::hard_link(from, to))
                    .or_else(|_| keep(|from, to| std::fs::copy(from, to).map(|_| ())))
                    .with_context(|| format!("keeping a copy of {} until every output is written", s.dest.display()))?;
                Some(link)
            } else {
                None
            };
            backups.push(backup);
        }
        let mut renamed: Vec<PathBuf> = Vec::new();
        for s in staged {
            if let Err(err) = s.temp.persist(&s.dest) {
                let failure = anyhow::Error::new(err.error).context(format!("renaming into {}", s.dest.display()));
                drop(err.file);
                for (dest, backup) in renamed.iter().zip(backups.iter_mut()).rev() {
                    match backup.take() {
                        Some(backup) => {
                            let _ = backup.persist(dest);
                        }
                        None => {
                            let _ = std::fs::remove_file(dest);
                        }
                    }
                }
                return Err(failure);
            }
            renamed.push(s.dest);
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Outputs {
    fn drop(&mut self) {
        // The temporary files remove themselves when dropped; the folders must be empty by then.
        self.staged.clear();
        if !self.committed {
            for folder in self.created.iter().rev() {
                let _ = std::fs::remove_dir(folder);
            }
        }
    }
}

#[cfg(test)]
mod tests;
