//! The session log: `$XDG_DATA_HOME/backcoach/sessions.jsonl`. It is health data, so it is
//! append-only (never rewritten), private (0600 in a 0700 folder), and safe with two writers:
//! each record is one whole line written in one `write` under an exclusive lock, then synced.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::journal::record::Record;

pub const LOG_FILE: &str = "sessions.jsonl";

#[derive(Debug, thiserror::Error)]
#[error("cannot write the session log {}: {source}", path.display())]
pub struct StoreError {
    pub path: PathBuf,
    pub source: io::Error,
}

#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The store in `dir`, creating the folder (0700) now, so that a folder that can't be
    /// made is found before a session, not after it.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let err = |source| StoreError {
            path: dir.to_owned(),
            source,
        };
        private_dir(dir).map_err(err)?;
        Ok(Store {
            dir: dir.to_owned(),
        })
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(LOG_FILE)
    }

    /// Appends one record as one line.
    pub fn append(&self, record: &Record) -> Result<(), StoreError> {
        let path = self.path();
        let err = |source| StoreError {
            path: path.clone(),
            source,
        };
        let mut line = record.to_line().map_err(|e| err(io::Error::other(e)))?;
        let mut file = open_private(&path).map_err(err)?;
        file.lock().map_err(err)?;
        // A torn write may have left the file without its last newline: start on a fresh
        // line, so that this record is not glued to the damaged one.
        if !ends_with_newline(&mut file).map_err(err)? {
            line.insert(0, '\n');
        }
        // One write of the whole line: with O_APPEND it lands at the end, in one piece.
        let written = file.write(line.as_bytes()).map_err(err)?;
        if written != line.len() {
            return Err(err(io::Error::new(
                io::ErrorKind::WriteZero,
                "the record was cut short",
            )));
        }
        file.sync_data().map_err(err)?;
        file.unlock().map_err(err)
    }
}

/// Is the file empty, or does it end in a newline?
fn ends_with_newline(file: &mut File) -> io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    if file.metadata()?.len() == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// Makes the folder `dir` if it is not there: its parents as usual, `dir` itself 0700
/// whatever the umask. One that exists is left as it is.
pub(crate) fn private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        fs::create_dir_all(parent)?;
    }
    make_private_dir(dir)
}

#[cfg(unix)]
fn make_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    match fs::DirBuilder::new().mode(0o700).create(dir) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        other => other,
    }
}

#[cfg(not(unix))]
fn make_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

/// Opens for appending, creating the file 0600; a file found with wider permissions is
/// narrowed to 0600.
#[cfg(unix)]
fn open_private(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .mode(0o600)
        .open(path)?;
    let mode = file.metadata()?.permissions().mode() & 0o777;
    if mode != 0o600 {
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    Ok(file)
}

#[cfg(not(unix))]
fn open_private(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
}

#[cfg(test)]
mod tests {
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

    #[cfg(unix)]
    #[test]
    fn the_folder_is_0700_and_the_file_0600() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("share/backcoach");
        let store = Store::open(&dir).expect("open");
        store.append(&record(1)).expect("append");
        let mode = |p: &Path| {
            fs::metadata(p)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0)
        };
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&store.path()), 0o600);
        // A file someone widened is narrowed again on the next write.
        fs::set_permissions(store.path(), fs::Permissions::from_mode(0o644)).expect("chmod");
        store.append(&record(2)).expect("append");
        assert_eq!(mode(&store.path()), 0o600);
    }

    #[test]
    fn a_torn_last_line_does_not_swallow_the_next_record() {
        let tmp = tempfile::tempdir().expect("tmp");
        let store = Store::open(tmp.path()).expect("open");
        store.append(&record(1)).expect("append");
        // A write torn halfway: no newline at the end.
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
        std::thread::scope(|s| {
            for t in 0..4 {
                let store = &store;
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
