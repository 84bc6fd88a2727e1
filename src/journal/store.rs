//! The session log: `$XDG_DATA_HOME/backcoach/sessions.jsonl`. It is health data, so it is
//! append-only (never rewritten), private (0600 in a 0700 folder of the user's own), and safe
//! with two writers: each record is one whole line written in one `write` under an exclusive
//! lock, then synced; a write that fails part way is taken back out, so the log never keeps a
//! fragment of backcoach's. [`Store::open`] checks the folder, opens the log (never through a
//! symlink) and checks the open file, before a session starts; [`Store::append`] writes to
//! that same open file.

use std::borrow::Cow;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::journal::folder::{self, Folder, FolderError};
use crate::journal::record::{Record, TimeError};

pub const LOG_FILE: &str = "sessions.jsonl";

/// Why the log can't be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The folder can't keep the log.
    #[error(transparent)]
    Folder(#[from] FolderError),
    /// The log could not be opened, written or synced.
    #[error("cannot write the session log {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    /// A symbolic link stands where the log should be; it is not followed.
    #[error("the session log {} is a symbolic link; backcoach does not write through one", path.display())]
    Symlink { path: PathBuf },
    /// Something other than a plain file (a folder, a FIFO, a device) is there.
    #[error("the session log {} is not a plain file", path.display())]
    NotAFile { path: PathBuf },
    /// The file belongs to someone else.
    #[error("the session log {} belongs to another user (uid {owner})", path.display())]
    NotYours { path: PathBuf, owner: u32 },
    /// The record's times are outside the years the log keeps: the clock is wrong.
    #[error(transparent)]
    Time(#[from] TimeError),
}

impl StoreError {
    /// What to do about it.
    pub fn hint(&self) -> String {
        let path = match self {
            StoreError::Folder(e) => return e.hint(),
            StoreError::Time(_) => {
                return "set the system clock right (`date` shows it); `--no-log` runs without recording"
                    .to_owned();
            }
            StoreError::Io { .. } => {
                return "check that the folder is yours and the disk is not full; `--no-log` runs without recording"
                    .to_owned();
            }
            StoreError::Symlink { path }
            | StoreError::NotAFile { path }
            | StoreError::NotYours { path, .. } => path.display(),
        };
        match self {
            StoreError::Symlink { .. } => format!(
                "the log must be a plain file of your own: remove the link (`rm {path}`); \
                 if what it points to is your log, move that file to {path}"
            ),
            _ => format!(
                "move it out of the way (`mv {path} {path}.old`) and backcoach starts a new log there; \
                 `--no-log` runs without recording"
            ),
        }
    }
}

/// The session log, open for appending: checked once when opened, and written through the
/// same open file for as long as it is kept (a whole session, a day of nudges).
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    file: Mutex<File>,
    folder: Folder,
}

impl Store {
    /// The log in `dir`: the folder made 0700 or checked (the user's own, closed to others'
    /// writes, narrowed if it was not), then the log opened (made 0600 if it is not there)
    /// and checked: a plain file of the user's own, never a symlink. Done before a session,
    /// so that a log that can't be written is found before the session, not after it.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let folder = folder::private(dir)?;
        let path = dir.join(LOG_FILE);
        let file = open_checked(&path)?;
        Ok(Store {
            path,
            file: Mutex::new(file),
            folder,
        })
    }

    pub fn path(&self) -> PathBuf {
        self.path.clone()
    }

    /// What became of the folder when the log was opened (made, fine, or narrowed: the
    /// caller says so).
    pub fn folder(&self) -> Folder {
        self.folder
    }

    /// Appends one record as one line. A record whose times are outside the years the log
    /// keeps (a clock set before 1970) is refused, and nothing is written.
    pub fn append(&self, record: &Record) -> Result<(), StoreError> {
        record.check_times()?;
        let err = |source| StoreError::Io {
            path: self.path.clone(),
            source,
        };
        let line = record.to_line().map_err(|e| err(io::Error::other(e)))?;
        // One writer at a time in this process; the file lock keeps out other processes.
        let file = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        append_line(&file, line.as_bytes(), &mut &*file).map_err(err)
    }
}

/// Appends `line` to `file` under an exclusive lock, writing it through `out` (the file
/// itself, or in tests a writer that stops part way: the seam where a torn write is made).
/// A write that fails or comes up short, or a sync that fails, is rolled back: the file is
/// cut back to its length before the write, so nothing of the record stays in it.
fn append_line(file: &File, line: &[u8], out: &mut impl Write) -> io::Result<()> {
    file.lock()?;
    let appended = append_locked(file, line, out);
    let unlocked = file.unlock();
    appended.and(unlocked)
}

fn append_locked(file: &File, line: &[u8], out: &mut impl Write) -> io::Result<()> {
    let before = file.metadata()?.len();
    // A torn write by something else may have left the file without its last newline:
    // start on a fresh line, so that this record is not glued to the damaged one.
    let bytes: Cow<[u8]> = if ends_with_newline(file, before)? {
        Cow::Borrowed(line)
    } else {
        Cow::Owned([b"\n", line].concat())
    };
    // One write of the whole line: with O_APPEND it lands at the end, in one piece.
    let outcome = match out.write(&bytes) {
        Ok(n) if n == bytes.len() => file.sync_data(),
        Ok(n) => Err(io::Error::new(
            io::ErrorKind::WriteZero,
            format!(
                "the record was cut short ({n} of {} bytes written)",
                bytes.len()
            ),
        )),
        Err(e) => Err(e),
    };
    let Err(failed) = outcome else {
        return Ok(());
    };
    match file.set_len(before).and_then(|()| file.sync_data()) {
        Ok(()) => Err(io::Error::new(
            failed.kind(),
            format!("{failed} (nothing of the record was kept)"),
        )),
        Err(undo) => Err(io::Error::new(
            failed.kind(),
            format!("{failed}, and the part written could not be taken back out: {undo}"),
        )),
    }
}

/// Is the file, `len` bytes long, empty, or does it end in a newline?
fn ends_with_newline(mut file: &File, len: u64) -> io::Result<bool> {
    if len == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// Makes the folder `dir` if it is not there: its missing parents too, each 0700 whatever
/// the umask. One that exists is left as it is. (The state folder's; the log's is checked
/// further by [`Store::open`].)
pub(crate) fn private_dir(dir: &Path) -> io::Result<()> {
    folder::make(dir).map(|_| ())
}

/// Opens the log at `path` for appending, creating it 0600, then checks the open file: a
/// plain file of the user's own (a symlink in its place is refused, never followed). A
/// file found with wider permissions is narrowed to 0600 through its descriptor.
#[cfg(unix)]
fn open_checked(path: &Path) -> Result<File, StoreError> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
    let io_err = |source| StoreError::Io {
        path: path.to_owned(),
        source,
    };
    // O_NONBLOCK and O_NOCTTY: a FIFO or a terminal in its place is refused below, not
    // waited on or adopted. (std opens with O_CLOEXEC; it is named here as well.)
    let opened = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path);
    let file = match opened {
        Ok(file) => file,
        Err(e)
            if e.raw_os_error() == Some(libc::ELOOP)
                || std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) =>
        {
            return Err(StoreError::Symlink {
                path: path.to_owned(),
            });
        }
        Err(e) => return Err(io_err(e)),
    };
    let meta = file.metadata().map_err(io_err)?;
    if !meta.file_type().is_file() {
        return Err(StoreError::NotAFile {
            path: path.to_owned(),
        });
    }
    if meta.uid() != folder::me() {
        return Err(StoreError::NotYours {
            path: path.to_owned(),
            owner: meta.uid(),
        });
    }
    if meta.mode() & 0o7777 != 0o600 {
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(io_err)?;
    }
    Ok(file)
}

#[cfg(not(unix))]
fn open_checked(path: &Path) -> Result<File, StoreError> {
    let file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(|source| StoreError::Io {
            path: path.to_owned(),
            source,
        })?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn record(n: u32) -> Record {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-24T19:30:00+01:00").expect("date");
        Record {
            version: 1,
            id: format!("r{n}"),
            routine: "evening".into(),
            title: "Evening".into(),
            started_at: at,
            ended_at: at,
            status: crate::session::Status::Completed,
            planned_seconds: n,
            active_seconds: f64::from(n),
            steps: vec![],
            pain_before: None,
            pain_after: None,
            note: Some("x".repeat(200)),
            manual: false,
            flare_offer: None,
        }
    }

    #[test]
    fn appends_lines_and_never_rewrites() {
        let tmp = tempfile::tempdir().expect("tmp");
        let store = Store::open(&tmp.path().join("data/backcoach")).expect("open");
        store.append(&record(1)).expect("append");
        let first = fs::read_to_string(store.path()).expect("read");
        store.append(&record(2)).expect("append");
        let both = fs::read_to_string(store.path()).expect("read");
        assert!(both.starts_with(&first), "the first line is untouched");
        assert_eq!(both.lines().count(), 2);
    }

    #[test]
    fn opening_makes_the_log_before_anything_is_recorded() {
        let tmp = tempfile::tempdir().expect("tmp");
        let store = Store::open(tmp.path()).expect("open");
        assert_eq!(fs::read(store.path()).expect("there").len(), 0);
        assert_eq!(store.folder(), Folder::Private);
    }

    #[cfg(unix)]
    #[test]
    fn the_folder_is_0700_and_the_file_0600() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("share/backcoach");
        let store = Store::open(&dir).expect("open");
        assert_eq!(store.folder(), Folder::Made);
        store.append(&record(1)).expect("append");
        let mode = |p: &Path| {
            fs::metadata(p)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0)
        };
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&store.path()), 0o600);
        // A file someone widened is narrowed again when the log is next opened.
        fs::set_permissions(store.path(), fs::Permissions::from_mode(0o644)).expect("chmod");
        let store = Store::open(&dir).expect("open");
        assert_eq!(mode(&store.path()), 0o600);
    }

    /// Issue 11: backcoach followed a symlink in place of its log, appended the health
    /// record to the target and made the target 0600.
    #[cfg(unix)]
    #[test]
    fn a_symlinked_log_is_refused_and_its_target_is_unchanged() {
        use std::hash::{DefaultHasher, Hash, Hasher};
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("backcoach");
        fs::create_dir(&dir).expect("mkdir");
        let target = tmp.path().join("someone-elses.txt");
        fs::write(&target, "not a log\n").expect("write");
        fs::set_permissions(&target, fs::Permissions::from_mode(0o644)).expect("chmod");
        let fingerprint = |p: &Path| {
            let mut h = DefaultHasher::new();
            fs::read(p).expect("read").hash(&mut h);
            let mode = fs::metadata(p).expect("stat").permissions().mode();
            (h.finish(), mode)
        };
        let before = fingerprint(&target);
        std::os::unix::fs::symlink(&target, dir.join(LOG_FILE)).expect("symlink");
        let err = Store::open(&dir).expect_err("refused");
        assert!(matches!(err, StoreError::Symlink { .. }), "{err}");
        assert!(err.to_string().contains(LOG_FILE), "names the path: {err}");
        assert!(err.hint().contains("rm "), "{}", err.hint());
        assert_eq!(fingerprint(&target), before, "the target is untouched");
        // A link to nothing is refused too, and makes nothing where it points.
        let nowhere = tmp.path().join("nowhere");
        fs::remove_file(dir.join(LOG_FILE)).expect("rm");
        std::os::unix::fs::symlink(&nowhere, dir.join(LOG_FILE)).expect("symlink");
        assert!(matches!(Store::open(&dir), Err(StoreError::Symlink { .. })));
        assert!(!nowhere.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_folder_in_place_of_the_log_is_refused_without_waiting() {
        let tmp = tempfile::tempdir().expect("tmp");
        let made = std::process::Command::new("mkfifo")
            .arg(tmp.path().join(LOG_FILE))
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let err = Store::open(tmp.path()).expect_err("a FIFO");
        assert!(matches!(err, StoreError::NotAFile { .. }), "{err}");
        let tmp = tempfile::tempdir().expect("tmp");
        fs::create_dir(tmp.path().join(LOG_FILE)).expect("mkdir");
        assert!(Store::open(tmp.path()).is_err());
    }

    /// Someone else's file in the log's place (root gives one away to `nobody`; anyone else
    /// can't make one, so the test needs root to run in full).
    #[cfg(unix)]
    #[test]
    fn a_log_of_another_user_is_refused() {
        if folder::me() != 0 {
            return;
        }
        let tmp = tempfile::tempdir().expect("tmp");
        let path = tmp.path().join(LOG_FILE);
        fs::write(&path, "").expect("write");
        std::os::unix::fs::chown(&path, Some(65534), None).expect("chown");
        let err = Store::open(tmp.path()).expect_err("not ours");
        assert!(
            matches!(err, StoreError::NotYours { owner: 65534, .. }),
            "{err}"
        );
    }

    /// A writer that passes the first `n` bytes on to the file, then fails (or, with
    /// `short`, says it wrote only those).
    struct FailAfter<'a> {
        file: &'a File,
        n: usize,
        short: bool,
    }

    impl Write for FailAfter<'_> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = self.n.min(buf.len());
            let written = self.file.write(&buf[..n])?;
            if self.short {
                Ok(written)
            } else {
                Err(io::Error::new(io::ErrorKind::StorageFull, "no space left"))
            }
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_torn_write_is_rolled_back() {
        let tmp = tempfile::tempdir().expect("tmp");
        let store = Store::open(tmp.path()).expect("open");
        store.append(&record(1)).expect("append");
        let before = fs::read(store.path()).expect("read");
        let line = record(2).to_line().expect("json");
        for (n, short) in [(0, true), (10, true), (10, false), (line.len() - 1, false)] {
            let file = store.file.lock().expect("lock");
            let mut torn = FailAfter {
                file: &file,
                n,
                short,
            };
            let err = append_line(&file, line.as_bytes(), &mut torn).expect_err("fails");
            assert!(
                err.to_string().contains("nothing of the record was kept"),
                "{err}"
            );
            drop(file);
            assert_eq!(
                fs::read(store.path()).expect("read"),
                before,
                "{n} bytes, short {short}: no fragment is left"
            );
        }
        // The lock was let go, and the log goes on whole.
        store.append(&record(3)).expect("append");
        let text = fs::read_to_string(store.path()).expect("read");
        let ids: Vec<String> = text
            .lines()
            .map(|l| serde_json::from_str::<Record>(l).expect("whole").id)
            .collect();
        assert_eq!(ids, ["r1", "r3"]);
    }

    #[test]
    fn a_record_from_a_clock_before_1970_is_refused_and_nothing_is_written() {
        let tmp = tempfile::tempdir().expect("tmp");
        let store = Store::open(tmp.path()).expect("open");
        let mut r = record(1);
        r.started_at =
            chrono::DateTime::parse_from_rfc3339("1969-12-31T23:00:00+00:00").expect("date");
        let err = store.append(&r).expect_err("refused");
        assert!(matches!(err, StoreError::Time(_)), "{err}");
        assert!(err.hint().contains("clock"), "{}", err.hint());
        assert_eq!(fs::read(store.path()).expect("read").len(), 0);
    }

    #[test]
    fn a_torn_last_line_does_not_swallow_the_next_record() {
        let tmp = tempfile::tempdir().expect("tmp");
        let store = Store::open(tmp.path()).expect("open");
        store.append(&record(1)).expect("append");
        // A write torn halfway by something else: no newline at the end.
        let mut f = OpenOptions::new()
            .append(true)
            .open(store.path())
            .expect("open");
        f.write_all(b"{\"version\":1,\"rout").expect("torn");
        drop(f);
        store.append(&record(2)).expect("append");
        let text = fs::read_to_string(store.path()).expect("read");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[1], "{\"version\":1,\"rout",
            "the damaged line is kept as it was"
        );
        let last: Record = serde_json::from_str(lines[2]).expect("the new record is whole");
        assert_eq!(last.id, "r2");
    }

    #[test]
    fn many_threads_append_whole_lines() {
        let tmp = tempfile::tempdir().expect("tmp");
        let store = Store::open(tmp.path()).expect("open");
        let other = Store::open(tmp.path()).expect("a second writer");
        std::thread::scope(|s| {
            for t in 0..4 {
                let store = if t % 2 == 0 { &store } else { &other };
                s.spawn(move || {
                    for i in 0..50 {
                        store.append(&record(t * 1000 + i)).expect("append");
                    }
                });
            }
        });
        let text = fs::read_to_string(store.path()).expect("read");
        assert_eq!(text.lines().count(), 200);
        for line in text.lines() {
            serde_json::from_str::<Record>(line).expect("every line is a whole record");
        }
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_an_error_with_its_path() {
        let tmp = tempfile::tempdir().expect("tmp");
        let file = tmp.path().join("not-a-dir");
        fs::write(&file, "x").expect("write");
        let err = Store::open(&file.join("backcoach")).expect_err("must fail");
        assert!(err.to_string().contains("not-a-dir"), "{err}");
    }
}
