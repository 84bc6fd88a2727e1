//! What backcoach remembers between runs that is not a session: for now, that the safety
//! screen was shown, so that it comes before the first session only. It lives in
//! `$XDG_STATE_HOME/backcoach/state`, a small TOML file. Reading forgives (a missing or
//! damaged file means "nothing remembered", so the safety screen shows again); writing
//! replaces the file whole and never writes through a symlink.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::untrusted::{self, Links};

/// The state file's name, in the state folder.
pub const STATE_FILE: &str = "state";

/// The most of the state file read: it holds a line or two.
const STATE_BYTES: u64 = 64 * 1024;

const HEADER: &str = "# What backcoach remembers between runs. Deleting this file is safe: the \
safety screen then shows again before the next session.\n";

#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", path.display())]
pub struct StateError {
    pub path: PathBuf,
    pub source: io::Error,
}

/// Everything remembered. Unknown keys are ignored, so an older backcoach reads a newer file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    /// When the safety screen was last shown and the person went on, RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safety_shown: Option<String>,
}

impl State {
    /// The state in `dir`; nothing remembered when the file is missing, unreadable, damaged
    /// or not a plain file (a symlink is not followed).
    pub fn load(dir: &Path) -> State {
        // A few lines are all it ever holds: read no more than that, whatever is there, and
        // nothing but a regular file (a named pipe would wait for a writer).
        let bytes = match untrusted::read_file(&dir.join(STATE_FILE), STATE_BYTES, Links::Refuse) {
            Ok(b) if b.len() <= STATE_BYTES as usize => b,
            _ => return State::default(),
        };
        std::str::from_utf8(&bytes)
            .ok()
            .and_then(|text| toml::from_str(text).ok())
            .unwrap_or_default()
    }

    /// Whether the safety screen has been shown before.
    pub fn safety_seen(&self) -> bool {
        self.safety_shown.is_some()
    }

    /// Remembers that the safety screen was shown `at`.
    pub fn saw_safety(&mut self, at: DateTime<FixedOffset>) {
        self.safety_shown = Some(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false));
    }

    /// Writes the state to `dir`, creating the folder (0700) if needed. The file (0600) is
    /// written beside it under a temporary name and renamed into place, so it is never
    /// half-written, and a symlink in its place is replaced, not followed.
    pub fn save(&self, dir: &Path) -> Result<(), StateError> {
        let path = dir.join(STATE_FILE);
        let err = |source| StateError {
            path: path.clone(),
            source,
        };
        let body = toml::to_string(self).map_err(|e| err(io::Error::other(e)))?;
        crate::journal::store::private_dir(dir).map_err(err)?;
        let temp = dir.join(format!(".{STATE_FILE}.{}.tmp", std::process::id()));
        // A leftover from a run that died here: remove it (a symlink is removed, not followed).
        match fs::remove_file(&temp) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(err(e)),
            _ => {}
        }
        let written = create_private(&temp).and_then(|mut file| {
            file.write_all(HEADER.as_bytes())?;
            file.write_all(body.as_bytes())?;
            file.sync_all()
        });
        let renamed = written.and_then(|()| fs::rename(&temp, &path));
        if let Err(e) = renamed {
            let _ = fs::remove_file(&temp);
            return Err(err(e));
        }
        Ok(())
    }
}

/// A new file, 0600; fails if anything, a symlink included, is already at `path`.
#[cfg(unix)]
fn create_private(path: &Path) -> io::Result<fs::File> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    // 0600 whatever the umask (777 made it 000, and the safety screen came back every time).
    file.set_permissions(fs::Permissions::from_mode(0o600))?;
    Ok(file)
}

#[cfg(not(unix))]
fn create_private(path: &Path) -> io::Result<fs::File> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-24T19:30:00+01:00").expect("date")
    }

    #[test]
    fn nothing_is_remembered_at_first_and_a_save_is_read_back() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("state/backcoach");
        assert!(!State::load(&dir).safety_seen());
        let mut state = State::default();
        state.saw_safety(at());
        state.save(&dir).expect("saved");
        let back = State::load(&dir);
        assert!(back.safety_seen());
        assert_eq!(
            back.safety_shown.as_deref(),
            Some("2026-11-24T19:30:00+01:00")
        );
        let text = fs::read_to_string(dir.join(STATE_FILE)).expect("read");
        assert!(text.starts_with("# What backcoach remembers"), "{text}");
        assert!(
            text.contains("safety_shown = \"2026-11-24T19:30:00+01:00\""),
            "{text}"
        );
        // Saving again replaces the file and leaves no temporary file behind.
        back.save(&dir).expect("saved again");
        let names: Vec<_> = fs::read_dir(&dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, [STATE_FILE]);
    }

    #[cfg(unix)]
    #[test]
    fn the_folder_and_file_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("backcoach");
        State::default().save(&dir).expect("saved");
        let mode = |p: &Path| fs::metadata(p).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join(STATE_FILE)), 0o600);
    }

    #[test]
    fn a_damaged_file_or_unknown_keys_are_forgiven() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let path = tmp.path().join(STATE_FILE);
        fs::write(&path, "this is = = not toml").expect("write");
        assert_eq!(State::load(tmp.path()), State::default());
        fs::write(&path, "safety_shown = \"x\"\nfrom_a_newer_backcoach = 3\n").expect("write");
        assert!(State::load(tmp.path()).safety_seen());
    }

    #[test]
    fn a_huge_file_is_not_read_whole() {
        // Found by the adversarial review: a 3 GB state file was read whole (34 s, 6 GB).
        let tmp = tempfile::tempdir().expect("temp dir");
        let path = tmp.path().join(STATE_FILE);
        let file = fs::File::create(&path).expect("create");
        file.set_len(8 * 1024 * 1024 * 1024)
            .expect("a sparse 8 GiB file");
        assert_eq!(State::load(tmp.path()), State::default());
    }

    /// Every file backcoach reads: a named pipe in the state file's place is not opened for
    /// reading, which would wait for a writer that never comes.
    #[cfg(unix)]
    #[test]
    fn a_fifo_state_file_does_not_hang() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let path = tmp.path().join(STATE_FILE);
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        assert_eq!(State::load(tmp.path()), State::default());
    }

    /// A symlink where the state file goes is neither read through nor written through: it
    /// is replaced by a file of our own, and what it pointed to is left alone.
    #[cfg(unix)]
    #[test]
    fn a_symlink_is_not_followed() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("backcoach");
        fs::create_dir(&dir).expect("mkdir");
        let target = tmp.path().join("elsewhere");
        fs::write(&target, "safety_shown = \"x\"\n").expect("write");
        std::os::unix::fs::symlink(&target, dir.join(STATE_FILE)).expect("symlink");
        assert!(!State::load(&dir).safety_seen(), "not read through a link");
        let mut state = State::default();
        state.saw_safety(at());
        state.save(&dir).expect("saved");
        assert_eq!(
            fs::read_to_string(&target).expect("read"),
            "safety_shown = \"x\"\n"
        );
        let meta = fs::symlink_metadata(dir.join(STATE_FILE)).expect("stat");
        assert!(meta.file_type().is_file(), "the link was replaced");
        assert!(State::load(&dir).safety_seen());
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_an_error_naming_the_file() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let blocker = tmp.path().join("state");
        fs::write(&blocker, "a file where a folder should be").expect("write");
        let e = State::default()
            .save(&blocker.join("backcoach"))
            .expect_err("cannot save");
        assert!(e.to_string().contains("state/backcoach/state"), "{e}");
    }
}
