//! What comes from outside the program, made safe to take in and to show. Files that a person
//! names or that sit in backcoach's folders are read only when they are regular files, and
//! never past a limit: a named pipe would hang the program and `/dev/zero` would fill its
//! memory. Text from those files and from the log (titles, names, notes, file names) is
//! escaped before it reaches a terminal, where a control character could set the window's
//! title, clear the screen or worse.
//!
//! This module uses nothing else in the crate, so every layer may use it.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("no such file")]
    Missing,
    /// Something other than a regular file: the words say what ("a folder", "a named pipe").
    #[error("this is {0}, not a regular file")]
    NotAFile(&'static str),
    #[error(transparent)]
    Io(io::Error),
}

/// Whether a symlink at the path itself is followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    Follow,
    /// A symlink is refused as "not a regular file" (for files backcoach writes itself).
    Refuse,
}

/// The bytes of the regular file at `path`, at most `limit + 1` of them: one more than the
/// limit, so that the caller can tell a file over the limit from one at it without reading
/// the rest. The kind of file is checked before it is opened (a FIFO is never opened for
/// reading, which would wait for a writer), and again on the open file, so that one swapped in
/// between is refused too.
pub fn read_file(path: &Path, limit: u64, links: Links) -> Result<Vec<u8>, ReadError> {
    let before = match links {
        Links::Follow => fs::metadata(path),
        Links::Refuse => fs::symlink_metadata(path),
    }
    .map_err(io_error)?;
    regular(&before)?;
    let file = open(path, links).map_err(io_error)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    regular(&meta)?;
    let capacity = usize::try_from(meta.len().min(limit.saturating_add(1))).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    Ok(bytes)
}

fn io_error(e: io::Error) -> ReadError {
    match e.kind() {
        io::ErrorKind::NotFound => ReadError::Missing,
        _ => ReadError::Io(e),
    }
}

/// Opens for reading without waiting: a FIFO that got past the first check opens at once
/// (and is then refused), and a terminal device never becomes the controlling terminal.
#[cfg(unix)]
fn open(path: &Path, links: Links) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut flags = libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC;
    if links == Links::Refuse {
        flags |= libc::O_NOFOLLOW;
    }
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path, _links: Links) -> io::Result<File> {
    File::open(path)
}

/// A regular file, or what it is instead.
fn regular(meta: &Metadata) -> Result<(), ReadError> {
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    Err(ReadError::NotAFile(if kind.is_dir() {
        "a folder"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else {
        special_kind(&kind)
    }))
}

#[cfg(unix)]
fn special_kind(kind: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_kind: &fs::FileType) -> &'static str {
    "a special file"
}

/// `text` as it may be shown on a terminal: every control character (C0, DEL and C1: an
/// escape, a bell, a line break, U+009B) written out as a visible escape in JSON's notation
/// (`\u001b`, `\u0007`, `\n`, `\u009b`), everything else as it is. Escaping twice changes
/// nothing more, and a line of JSON stays valid JSON with the same meaning.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_but(text, None)
}

/// The same for text of several lines: line breaks (`\n`) are kept, every other control
/// character is escaped. For messages, which may carry a snippet or an example.
pub fn escape_lines(text: &str) -> Cow<'_, str> {
    escape_but(text, Some('\n'))
}

/// The bidirectional controls (U+202A-U+202E, U+2066-U+2069, and the marks U+200E, U+200F,
/// U+061C): not control characters to Unicode, but they reorder what a terminal shows, so a
/// note could make a line read as something it is not ("Trojan Source").
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
    )
}

/// Is `c` a character that must not reach a terminal as it is: a control character or a
/// bidirectional control?
pub fn is_unsafe_on_screen(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn escape_but(text: &str, keep: Option<char>) -> Cow<'_, str> {
    let escaped = |c: char| is_unsafe_on_screen(c) && Some(c) != keep;
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !escaped(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the adversarial review of issue 11: U+202E and the other bidi controls
    /// reached the terminal raw, and could turn a line of the log around.
    #[test]
    fn bidi_controls_are_escaped_too() {
        assert_eq!(escape("a\u{202e}b"), "a\\u202eb");
        assert_eq!(escape("\u{2066}x\u{2069}"), "\\u2066x\\u2069");
        assert_eq!(
            escape("é ❤ 日本"),
            "é ❤ 日本",
            "other text is left as it is"
        );
    }

    #[test]
    fn escape_shows_every_control_character_and_nothing_else() {
        assert_eq!(escape("tight, then better"), "tight, then better");
        assert!(matches!(escape("héllo ✓"), Cow::Borrowed(_)));
        assert_eq!(
            escape("a\u{1b}]0;PWNED\u{7}b\u{1b}[2J"),
            "a\\u001b]0;PWNED\\u0007b\\u001b[2J"
        );
        // C1, including the one-byte CSI, and DEL.
        assert_eq!(escape("x\u{9b}2J\u{85}\u{7f}"), "x\\u009b2J\\u0085\\u007f");
        assert_eq!(escape("a\tb\r\nc\0"), "a\\tb\\r\\nc\\u0000");
        assert_eq!(escape_lines("one\ntwo\u{1b}"), "one\ntwo\\u001b");
        for s in ["\u{1b}[31m", "a\nb\u{9b}", "plain"] {
            let once = escape(s).into_owned();
            assert!(!once.chars().any(char::is_control), "{once:?}");
            assert_eq!(escape(&once), once, "escaping twice changes nothing");
        }
    }

    #[test]
    fn a_regular_file_is_read_up_to_one_byte_past_the_limit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.toml");
        fs::write(&path, "0123456789").expect("write");
        let read = |limit| read_file(&path, limit, Links::Follow).map_err(|e| e.to_string());
        assert_eq!(read(100).as_deref(), Ok(&b"0123456789"[..]));
        assert_eq!(read(4).as_deref(), Ok(&b"01234"[..]));
        assert!(matches!(
            read_file(&dir.path().join("none"), 9, Links::Follow),
            Err(ReadError::Missing)
        ));
    }

    #[test]
    fn a_folder_is_not_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let e = read_file(dir.path(), 9, Links::Follow).expect_err("a folder");
        assert_eq!(e.to_string(), "this is a folder, not a regular file");
    }

    #[cfg(unix)]
    #[test]
    fn dev_zero_is_refused_without_reading_it() {
        let e = read_file(Path::new("/dev/zero"), 1 << 20, Links::Follow).expect_err("a device");
        assert_eq!(e.to_string(), "this is a device, not a regular file");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_refused_only_when_asked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("target");
        fs::write(&target, "x").expect("write");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        assert!(read_file(&link, 9, Links::Follow).is_ok());
        let e = read_file(&link, 9, Links::Refuse).expect_err("a symlink");
        assert_eq!(e.to_string(), "this is a symbolic link, not a regular file");
    }
}
