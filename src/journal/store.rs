//! The session log: `$XDG_DATA_HOME/backcoach/sessions.jsonl`. It is health data, so it is
//! append-only (never rewritten), private (0600 in a 0700 folder of the user's own), and safe
//! with two writers: each record is one whole line written in one `write` under an exclusive
//! lock, then synced; a write that fails part way is taken back out, so the log never keeps a
//! fragment of backcoach's. [`Store::open`] checks the folder, opens the log (never through a
//! symlink) and checks the open file, before a session starts; [`Store::append`] writes to
//! that same open file, unless it is no longer the log at the path (replaced or removed
//! meanwhile): then to the file there now, checked the same way. Whatever can't be written
//! is an error, for the caller to print the record: a lock held too long, a record longer
//! than the reader reads, a log that is not a file of the user's own.

use std::borrow::Cow;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::journal::folder::{self, Folder, FolderError};
use crate::journal::reader::LINE_BYTES;
use crate::journal::record::{Record, TimeError};

pub const LOG_FILE: &str = "sessions.jsonl";

/// How long [`Store::append`] waits for a lock another program holds on the log before it
/// gives up (and the record is printed): far longer than another backcoach takes to write
/// and sync a line, short enough that the end of a session does not seem to hang.
const LOCK_PATIENCE: Duration = Duration::from_millis(500);

/// How often the lock is tried meanwhile.
const LOCK_RETRY: Duration = Duration::from_millis(10);

/// How many times, in one append, the log may be found replaced and opened again at its
/// path before the append gives up: more than once means something keeps replacing it.
const REOPENS: usize = 3;

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
    /// The file has other names (hard links): what is written to the log would be written
    /// to another file too.
    #[error(
        "the session log {} is also another file: it has {links} names (hard links)",
        path.display()
    )]
    HardLinked { path: PathBuf, links: u64 },
    /// Another program held the log's lock for longer than backcoach waits.
    #[error(
        "cannot write the session log {}: another program holds the session log's lock",
        path.display()
    )]
    Locked { path: PathBuf },
    /// The record is longer than the longest line the reader takes: written, it would be
    /// read back as a damaged line.
    #[error(
        "the record is {bytes} bytes, longer than a line of the session log can be \
         ({LINE_BYTES} at most); it was not written to {}",
        path.display()
    )]
    TooLong { path: PathBuf, bytes: usize },
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
            StoreError::TooLong { .. } => {
                return "a title or a step's name that long is not kept in the log: shorten it in \
                        the routine's file; `--no-log` runs without recording"
                    .to_owned();
            }
            StoreError::Symlink { path }
            | StoreError::NotAFile { path }
            | StoreError::NotYours { path, .. }
            | StoreError::HardLinked { path, .. }
            | StoreError::Locked { path } => path.display(),
        };
        match self {
            StoreError::Symlink { .. } => format!(
                "the log must be a plain file of your own: remove the link (`rm {path}`); \
                 if what it points to is your log, move that file to {path}"
            ),
            StoreError::HardLinked { .. } => format!(
                "the log must be a file of its own: remove its other name (`find ~ -xdev -samefile \
                 {path}` lists its names), or copy it to a file of its own \
                 (`cp {path} {path}.new && mv {path}.new {path}`)"
            ),
            StoreError::Locked { .. } => format!(
                "another backcoach, or a program such as a sync tool, kept it locked for over \
                 {} ms; `lsof {path}` shows which",
                LOCK_PATIENCE.as_millis()
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
    /// The log as last opened: replaced by the file at `path` if that is another.
    file: Mutex<File>,
    folder: Folder,
    /// How long to wait for another program's lock: [`LOCK_PATIENCE`] (tests shorten it).
    patience: Duration,
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
            patience: LOCK_PATIENCE,
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

    /// Appends one record as one line to the log at its path: the file opened, or, if that
    /// was replaced or removed since (an editor's save, `sed -i`, a sync tool, `rm`), the
    /// file there now, opened and checked as [`Store::open`] does (made if there is none).
    /// Refused, with nothing written: a record whose times are outside the years the log
    /// keeps (a clock set before 1970), one longer than the reader reads ([`LINE_BYTES`]),
    /// and a log another program keeps locked for longer than half a second.
    pub fn append(&self, record: &Record) -> Result<(), StoreError> {
        record.check_times()?;
        let line = record
            .to_line()
            .map_err(|e| self.io_error(io::Error::other(e)))?;
        if line.len() > LINE_BYTES {
            return Err(StoreError::TooLong {
                path: self.path.clone(),
                bytes: line.len(),
            });
        }
        self.append_line(line.as_bytes(), &mut |mut file: &File, bytes: &[u8]| {
            file.write(bytes)
        })
    }

    /// Appends `line` to the log under an exclusive lock, writing it with `write` (one
    /// `write` to the file, or in tests one that stops part way: the seam where a torn
    /// write is made). The lock is let go whatever happens.
    fn append_line(&self, line: &[u8], write: WriteFn<'_>) -> Result<(), StoreError> {
        // One writer at a time in this process; the file lock keeps out other processes.
        let mut file = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        self.lock_the_log(&mut file)?;
        let appended = append_locked(&file, line, write);
        let unlocked = file.unlock();
        appended.and(unlocked).map_err(|e| self.io_error(e))
    }

    /// Takes the lock on `file` and makes sure it is still the log at its path; if it is
    /// not, opens the file at the path (with [`open_checked`]'s checks) in its place and
    /// takes the lock on that. On success `file` is locked and is the log.
    fn lock_the_log(&self, file: &mut File) -> Result<(), StoreError> {
        let mut reopened = 0;
        loop {
            if !lock_within(file, self.patience).map_err(|e| self.io_error(e))? {
                return Err(StoreError::Locked {
                    path: self.path.clone(),
                });
            }
            // Checked under the lock, just before the write: the record goes to the file
            // that is at the path now.
            if is_at(file, &self.path) {
                return Ok(());
            }
            file.unlock().map_err(|e| self.io_error(e))?;
            if reopened == REOPENS {
                return Err(self.io_error(io::Error::other(
                    "it was replaced again each time it was opened",
                )));
            }
            *file = open_checked(&self.path)?;
            reopened += 1;
        }
    }

    fn io_error(&self, source: io::Error) -> StoreError {
        StoreError::Io {
            path: self.path.clone(),
            source,
        }
    }
}

/// How a line goes into the file: one `write`, returning how much of it was written.
type WriteFn<'a> = &'a mut dyn FnMut(&File, &[u8]) -> io::Result<usize>;

/// Takes the exclusive lock on `file`, trying every [`LOCK_RETRY`] for up to `patience`:
/// `false` if another holder kept it all that time.
fn lock_within(file: &File, patience: Duration) -> io::Result<bool> {
    let deadline = Instant::now() + patience;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(true),
            Err(TryLockError::Error(e)) => return Err(e),
            Err(TryLockError::WouldBlock) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Ok(false);
                }
                std::thread::sleep(left.min(LOCK_RETRY));
            }
        }
    }
}

/// Is the open `file` still the file at `path`: the same device and inode as what is there
/// now (a symlink there is not followed, so it is another file), and not removed?
#[cfg(unix)]
fn is_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(open), Ok(there)) => {
            open.dev() == there.dev() && open.ino() == there.ino() && open.nlink() > 0
        }
        _ => false,
    }
}

/// Without inodes to compare, the file opened is taken to be the log still.
#[cfg(not(unix))]
fn is_at(_: &File, _: &Path) -> bool {
    true
}

/// Appends `line` to `file`, which the caller has locked, with `write`. A write that fails
/// or comes up short, or a sync that fails, is rolled back: the file is cut back to its
/// length before the write, so nothing of the record stays in it.
fn append_locked(file: &File, line: &[u8], write: WriteFn<'_>) -> io::Result<()> {
    let before = file.metadata()?.len();
    // A torn write by something else may have left the file without its last newline:
    // start on a fresh line, so that this record is not glued to the damaged one.
    let bytes: Cow<[u8]> = if ends_with_newline(file, before)? {
        Cow::Borrowed(line)
    } else {
        Cow::Owned([b"\n", line].concat())
    };
    // One write of the whole line: with O_APPEND it lands at the end, in one piece.
    let outcome = match write(file, &bytes) {
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
/// plain file of the user's own with no other name (a symlink in its place is refused,
/// never followed, and so is a hard link). A file found with wider permissions is narrowed
/// to 0600 through its descriptor, once it has passed the checks.
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
    match meta.nlink() {
        1 => {}
        0 => return Err(io_err(io::Error::other("it was removed as it was opened"))),
        links => {
            return Err(StoreError::HardLinked {
                path: path.to_owned(),
                links,
            });
        }
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

    #[test]
    fn a_torn_write_is_rolled_back() {
        let tmp = tempfile::tempdir().expect("tmp");
        let store = Store::open(tmp.path()).expect("open");
        store.append(&record(1)).expect("append");
        let before = fs::read(store.path()).expect("read");
        let line = record(2).to_line().expect("json");
        for (n, short) in [(0, true), (10, true), (10, false), (line.len() - 1, false)] {
            // A write that passes the first `n` bytes on to the file, then fails (or, with
            // `short`, says it wrote only those).
            let mut torn = |mut file: &File, bytes: &[u8]| {
                let written = file.write(&bytes[..n.min(bytes.len())])?;
                if short {
                    Ok(written)
                } else {
                    Err(io::Error::new(io::ErrorKind::StorageFull, "no space left"))
                }
            };
            let err = store
                .append_line(line.as_bytes(), &mut torn)
                .expect_err("fails");
            assert!(
                err.to_string().contains("nothing of the record was kept"),
                "{err}"
            );
            assert_eq!(
                fs::read(store.path()).expect("read"),
                before,
                "{n} bytes, short {short}: no fragment is left"
            );
        }
        // The lock was let go (another open file of the log can take it), and the log goes
        // on whole.
        let other = File::open(store.path()).expect("open");
        other.try_lock().expect("the lock is free");
        other.unlock().expect("unlock");
        store.append(&record(3)).expect("append");
        assert_eq!(ids(&store.path()), ["r1", "r3"]);
    }

    /// The ids of the records in the log at `path`, each line a whole record.
    fn ids(path: &Path) -> Vec<String> {
        fs::read_to_string(path)
            .expect("read")
            .lines()
            .map(|l| serde_json::from_str::<Record>(l).expect("whole").id)
            .collect()
    }

    /// Adversarial review, hole 1: `start` and `nudge` open the log once and write at the
    /// end to the file they opened; once `sed -i`, an editor's save or a sync tool had put a
    /// new file in its place, or `rm` had removed it, the record went to a file no longer in
    /// the folder, and was lost without a word.
    #[cfg(unix)]
    #[test]
    fn a_log_replaced_or_removed_during_a_session_gets_the_record_at_its_path() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("backcoach");
        let store = Store::open(&dir).expect("open");
        let path = store.path();
        store.append(&record(1)).expect("append");
        // Replaced as `sed -i` does: a new file, written beside it, renamed over it.
        let text = fs::read_to_string(&path).expect("read");
        let edited = dir.join("sedAb12Cd");
        fs::write(&edited, &text).expect("write");
        fs::set_permissions(&edited, fs::Permissions::from_mode(0o644)).expect("chmod");
        fs::rename(&edited, &path).expect("rename");
        store.append(&record(2)).expect("append");
        assert_eq!(ids(&path), ["r1", "r2"]);
        let mode = fs::metadata(&path).expect("stat").permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "the new file is checked and made private"
        );
        // Removed: a new log is made at the path, and written to from then on.
        fs::remove_file(&path).expect("rm");
        store.append(&record(3)).expect("append");
        store.append(&record(4)).expect("append");
        assert_eq!(ids(&path), ["r3", "r4"]);
        // Replaced by a symlink: refused, as when opening, and what it points to is
        // untouched; the caller prints the record.
        let target = tmp.path().join("elsewhere.txt");
        fs::write(&target, "not a log\n").expect("write");
        fs::remove_file(&path).expect("rm");
        std::os::unix::fs::symlink(&target, &path).expect("symlink");
        let err = store.append(&record(5)).expect_err("refused");
        assert!(matches!(err, StoreError::Symlink { .. }), "{err}");
        assert_eq!(fs::read_to_string(&target).expect("read"), "not a log\n");
    }

    /// Adversarial review, hole 2: a lock held by another program made the end of a
    /// session wait for it without end, and without a word.
    #[test]
    fn a_lock_held_by_another_program_is_an_error_after_a_short_wait() {
        let tmp = tempfile::tempdir().expect("tmp");
        let mut store = Store::open(tmp.path()).expect("open");
        assert_eq!(store.patience, LOCK_PATIENCE);
        store.patience = Duration::from_millis(50);
        // Another open file of the log holds the lock, as another process would.
        let other = File::open(store.path()).expect("open");
        other.lock().expect("lock");
        let waited = Instant::now();
        let err = store.append(&record(1)).expect_err("gives up");
        let waited = waited.elapsed();
        assert!(matches!(err, StoreError::Locked { .. }), "{err}");
        assert!(
            err.to_string()
                .contains("another program holds the session log's lock"),
            "{err}"
        );
        assert!(err.hint().contains("lsof"), "{}", err.hint());
        assert!(
            waited >= Duration::from_millis(50) && waited < Duration::from_secs(5),
            "waited {waited:?}"
        );
        assert_eq!(fs::read(store.path()).expect("read").len(), 0);
        // Once it is let go, the log is written, and the lock is not kept.
        other.unlock().expect("unlock");
        store.append(&record(2)).expect("append");
        assert_eq!(ids(&store.path()), ["r2"]);
        other.try_lock().expect("the lock is free again");
    }

    /// Adversarial review, hole 3: a title of 700,000 `"` (1.4 MB once JSON escapes each)
    /// was written as a line the reader rejects as damaged: the record was kept and lost.
    #[test]
    fn a_record_longer_than_the_reader_reads_is_refused_and_nothing_is_written() {
        let tmp = tempfile::tempdir().expect("tmp");
        let store = Store::open(tmp.path()).expect("open");
        let mut long = record(1);
        long.title = "\"".repeat(700_000);
        let err = store.append(&long).expect_err("refused");
        assert!(
            matches!(err, StoreError::TooLong { bytes, .. } if bytes > 1_400_000),
            "{err}"
        );
        assert!(err.hint().contains("shorten"), "{}", err.hint());
        assert_eq!(fs::read(store.path()).expect("read").len(), 0);
        // The longest line the reader takes is written, and read back as a record; one
        // byte more is refused.
        let mut longest = record(2);
        longest.title = String::new();
        let rest = LINE_BYTES - longest.to_line().expect("json").len();
        longest.title = "t".repeat(rest);
        store.append(&longest).expect("the longest line is written");
        longest.title.push('t');
        assert!(matches!(
            store.append(&longest),
            Err(StoreError::TooLong { .. })
        ));
        let mut titles = Vec::new();
        let damaged = crate::journal::reader::scan(&store.path(), |_, _, r| {
            titles.push(r.title.len());
            true
        })
        .expect("read");
        assert_eq!(titles, [rest], "read back whole, not damaged");
        assert_eq!(damaged.total(), 0);
    }

    /// Adversarial review, hole 4: a log that was a hard link to another file was opened,
    /// made 0600 and written to: the health record went into the other file too.
    #[cfg(unix)]
    #[test]
    fn a_log_with_another_name_is_refused_and_the_other_file_is_untouched() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("backcoach");
        fs::create_dir(&dir).expect("mkdir");
        let other = tmp.path().join("notes.txt");
        fs::write(&other, "mine\n").expect("write");
        fs::set_permissions(&other, fs::Permissions::from_mode(0o644)).expect("chmod");
        fs::hard_link(&other, dir.join(LOG_FILE)).expect("link");
        let err = Store::open(&dir).expect_err("refused");
        assert!(
            matches!(err, StoreError::HardLinked { links: 2, .. }),
            "{err}"
        );
        assert!(err.to_string().contains(LOG_FILE), "names the path: {err}");
        let hint = err.hint();
        assert!(
            hint.contains("-samefile") && hint.contains("cp "),
            "how to fix it: {hint}"
        );
        assert_eq!(fs::read_to_string(&other).expect("read"), "mine\n");
        let mode = fs::metadata(&other).expect("stat").permissions().mode();
        assert_eq!(mode & 0o777, 0o644, "not narrowed either");
        // With the other name gone, it is the log.
        fs::remove_file(&other).expect("rm");
        Store::open(&dir).expect("one name");
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
        let mut store = Store::open(tmp.path()).expect("open");
        let mut other = Store::open(tmp.path()).expect("a second writer");
        // Each writer's two threads can pass the lock between them while the other writer
        // tries it: the waits here are not what is tested.
        store.patience = Duration::from_secs(60);
        other.patience = Duration::from_secs(60);
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
