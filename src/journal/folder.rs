//! The session log's folder. The log is health data, so the folder must be the user's own
//! and closed to everyone else: it is made 0700 whatever the umask, and an existing one is
//! checked on its open descriptor. Someone else's folder, or a shared one (writable by
//! others with the sticky bit, like `/tmp`), is refused; a folder of the user's own that
//! others could write to is narrowed to 0700, and the caller is told so it can say so.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// What became of the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folder {
    /// It was made now, 0700.
    Made,
    /// It was there already, the user's own, and closed to others' writes.
    Private,
    /// It was the user's own but others could write to it: it is 0700 now. `from` is the
    /// mode it had.
    Narrowed { from: u32 },
}

/// Why the folder can't keep the log.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    /// It could not be made, opened or checked.
    #[error("cannot use the folder {} for the session log: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    /// It belongs to someone else.
    #[error("the folder {} for the session log belongs to another user (uid {owner})", path.display())]
    NotYours { path: PathBuf, owner: u32 },
    /// Others can write to it, and it is a shared folder (sticky), or making it private
    /// failed.
    #[error("the folder {} for the session log can be written by others (mode {mode:o})", path.display())]
    Open { path: PathBuf, mode: u32 },
}

impl FolderError {
    /// What to do about it.
    pub fn hint(&self) -> String {
        match self {
            FolderError::Io { .. } => {
                "check that the folder is yours and the disk is not full; `--no-log` runs without recording"
                    .to_owned()
            }
            FolderError::NotYours { path, .. } => format!(
                "keep the log in a folder of your own: set `data_dir` in the config (see `backcoach config`), \
                 or have {} made yours (`chown`) and then `chmod 700 {}`",
                path.display(),
                path.display()
            ),
            FolderError::Open { path, .. } => format!(
                "make it private: `chmod 700 {}`, or set `data_dir` in the config to a folder of your own",
                path.display()
            ),
        }
    }
}

/// The folder `dir`, made if it is not there (its missing parents too, each 0700), or
/// checked: the user's own, and closed to others' writes (narrowed to 0700 if it was not).
pub fn private(dir: &Path) -> Result<Folder, FolderError> {
    let io_err = |source| FolderError::Io {
        path: dir.to_owned(),
        source,
    };
    let made = make(dir).map_err(io_err)?;
    let folder = File::open(dir).map_err(io_err)?;
    let meta = folder.metadata().map_err(io_err)?;
    if !meta.is_dir() {
        return Err(io_err(io::Error::other("it is not a folder")));
    }
    check(dir, &folder, &meta, made)
}

/// Makes the folder `dir` if it is not there, with its missing parents, each 0700 whatever
/// the umask. One that exists is left as it is. Whether `dir` was made now.
pub fn make(dir: &Path) -> io::Result<bool> {
    if fs::metadata(dir).is_ok_and(|m| m.is_dir()) {
        return Ok(false);
    }
    let missing: Vec<&Path> = dir
        .ancestors()
        .take_while(|p| {
            !p.as_os_str().is_empty()
                && fs::symlink_metadata(p).is_err_and(|e| e.kind() == io::ErrorKind::NotFound)
        })
        .collect();
    let mut made = false;
    for folder in missing.into_iter().rev() {
        made = make_one(folder)?;
    }
    Ok(made)
}

#[cfg(unix)]
mod unix {
    use std::fs::{self, File};
    use std::io;
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
    use std::path::Path;

    use super::{Folder, FolderError};

    /// The effective user: the one whose folders and files these must be.
    pub fn me() -> u32 {
        rustix::process::geteuid().as_raw()
    }

    /// Makes one folder, 0700. Whether it was made (false: something got there first).
    pub fn make_one(dir: &Path) -> io::Result<bool> {
        match fs::DirBuilder::new().mode(0o700).create(dir) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
            Err(e) => return Err(e),
        }
        // The umask may have taken bits away, even the owner's own (umask 777): put them
        // back. A folder without them can't be opened to fchmod it, so this is the one
        // chmod by name; it only ever narrows, and what it did is checked below on the
        // folder's own descriptor, never trusted.
        let meta = fs::symlink_metadata(dir)?;
        if meta.is_dir() && meta.uid() == me() && meta.mode() & 0o777 != 0o700 {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        }
        let opened = fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW)
            .open(dir)?;
        let meta = opened.metadata()?;
        if meta.uid() != me() || meta.mode() & 0o777 != 0o700 {
            return Err(io::Error::other(format!(
                "it was made, but is not private (mode {:o})",
                meta.mode() & 0o777
            )));
        }
        Ok(true)
    }

    /// Checks the open folder: the user's own, and not writable by group or others.
    pub fn check(
        dir: &Path,
        folder: &File,
        meta: &fs::Metadata,
        made: bool,
    ) -> Result<Folder, FolderError> {
        let mode = meta.mode() & 0o7777;
        if meta.uid() != me() {
            return Err(FolderError::NotYours {
                path: dir.to_owned(),
                owner: meta.uid(),
            });
        }
        if mode & 0o022 == 0 {
            return Ok(if made { Folder::Made } else { Folder::Private });
        }
        // A shared folder (sticky, like /tmp) is meant for others to write in: it is not
        // narrowed, it is refused.
        let open = || FolderError::Open {
            path: dir.to_owned(),
            mode: mode & 0o777,
        };
        if mode & 0o1000 != 0 {
            return Err(open());
        }
        folder
            .set_permissions(fs::Permissions::from_mode(0o700))
            .map_err(|_| open())?;
        Ok(Folder::Narrowed { from: mode & 0o777 })
    }
}

#[cfg(unix)]
pub use unix::me;
#[cfg(unix)]
use unix::{check, make_one};

#[cfg(not(unix))]
fn make_one(dir: &Path) -> io::Result<bool> {
    match fs::create_dir(dir) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
fn check(_: &Path, _: &File, _: &fs::Metadata, made: bool) -> Result<Folder, FolderError> {
    Ok(if made { Folder::Made } else { Folder::Private })
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(p: &Path) -> u32 {
        fs::metadata(p)
            .map(|m| m.permissions().mode() & 0o7777)
            .unwrap_or(0)
    }

    #[test]
    fn a_new_folder_and_its_missing_parents_are_0700() {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("a/b/backcoach");
        assert_eq!(private(&dir).expect("made"), Folder::Made);
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&tmp.path().join("a")), 0o700);
        assert_eq!(private(&dir).expect("checked"), Folder::Private);
    }

    #[test]
    fn a_group_writable_folder_of_ones_own_is_narrowed_to_0700() {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("backcoach");
        fs::create_dir(&dir).expect("mkdir");
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o775)).expect("chmod");
        assert_eq!(
            private(&dir).expect("narrowed"),
            Folder::Narrowed { from: 0o775 }
        );
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(private(&dir).expect("again"), Folder::Private, "said once");
        // Readable by others is not writable by others: it is left as it is.
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).expect("chmod");
        assert_eq!(private(&dir).expect("left"), Folder::Private);
        assert_eq!(mode(&dir), 0o755);
    }

    #[test]
    fn a_shared_sticky_folder_is_refused_and_left_as_it_is() {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("shared");
        fs::create_dir(&dir).expect("mkdir");
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o1777)).expect("chmod");
        let err = private(&dir).expect_err("refused");
        assert!(
            matches!(err, FolderError::Open { mode: 0o777, .. }),
            "{err}"
        );
        assert!(err.hint().contains(&format!("chmod 700 {}", dir.display())));
        assert_eq!(mode(&dir), 0o1777, "not narrowed");
    }

    #[test]
    fn someone_elses_folder_is_refused_and_left_as_it_is() {
        let tmp = tempfile::tempdir().expect("tmp");
        // Root gives a folder away to `nobody`; anyone else meets root's own `/`.
        let dir = if me() == 0 {
            let dir = tmp.path().join("theirs");
            fs::create_dir(&dir).expect("mkdir");
            fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).expect("chmod");
            std::os::unix::fs::chown(&dir, Some(65534), None).expect("chown");
            dir
        } else {
            PathBuf::from("/")
        };
        let before = mode(&dir);
        let err = private(&dir).expect_err("refused");
        assert!(matches!(err, FolderError::NotYours { .. }), "{err}");
        assert!(
            err.to_string().contains(&dir.display().to_string()),
            "{err}"
        );
        assert!(err.hint().contains("chmod 700"), "{}", err.hint());
        assert_eq!(mode(&dir), before, "not narrowed");
    }

    #[test]
    fn a_file_where_the_folder_should_be_is_an_error_with_its_path() {
        let tmp = tempfile::tempdir().expect("tmp");
        let file = tmp.path().join("not-a-dir");
        fs::write(&file, "x").expect("write");
        let err = private(&file).expect_err("a file");
        assert!(err.to_string().contains("not-a-dir"), "{err}");
        let err = private(&file.join("backcoach")).expect_err("under a file");
        assert!(err.to_string().contains("not-a-dir"), "{err}");
    }
}
