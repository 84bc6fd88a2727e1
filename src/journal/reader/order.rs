//! The log in the order the sessions were started, which is not the order of the file: a
//! record is appended when its session ends, and `log add --at` appends one that may have
//! started months before the records above it. So `log` reads every line once, fast, keeping
//! only each record's start time and where its line begins (16 bytes a record), sorts those,
//! and then reads back only the lines it prints: the latest few for `log -n N`, or every one
//! in turn for `log -n 0`, so that the log itself is never held.
//!
//! That first pass parses no JSON: it finds the start time by the bytes of its key
//! (`"started_at":"`), which is exact for every line the writer writes. Where the bytes could
//! mislead (the key escaped, nested, repeated or spaced out), the line is parsed in full
//! instead ([`start_of`] says which); a proptest holds the two to the same answer. A damaged
//! line is found when its line is read back, and is skipped then: having a place in the order
//! does no harm to the others.

use std::collections::{BTreeMap, BinaryHeap};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Seek, SeekFrom};
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate};
use memchr::memmem;

use super::{
    DAMAGED_KEPT, Damaged, DamagedLines, LINE_BYTES, Line, Logged, cuts, insane, line_numbers,
    next_line, open,
};

/// The least a piece of the log read by a thread of its own holds: less is not worth a
/// thread.
const PIECE_BYTES: u64 = 4 << 20;

/// The start time of a record that has none that can be read: before every other.
const NO_START: i64 = i64::MIN;

/// The key of a start time: milliseconds since 1970 (the writer keeps milliseconds).
fn start_key(t: Option<DateTime<FixedOffset>>) -> i64 {
    t.map_or(NO_START, |t| t.timestamp_millis())
}

/// Where a record goes in start order: by its start time, then (started in the same
/// millisecond) in the order it was written. Its line starts at `offset` in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    start: i64,
    offset: u64,
}

/// What the bytes of a line say of its start time, read without parsing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    /// Only whitespace: not a record, and not damaged.
    Blank,
    /// If the line is a record at all, this is its start time's key ([`NO_START`]: none).
    Start(i64),
    /// The bytes can't tell: the line has to be parsed.
    Unsure,
}

/// The byte searches of [`start_of`], built once for a whole pass.
struct Finders {
    key: memmem::Finder<'static>,
    escape: memmem::Finder<'static>,
}

/// The start time's key, as the writer writes it.
const KEY: &[u8] = b"\"started_at\"";

impl Finders {
    fn new() -> Finders {
        Finders {
            key: memmem::Finder::new(KEY),
            escape: memmem::Finder::new(b"\\u"),
        }
    }

    /// The start time of `line`, if its bytes settle it. They do when the line has no `\u`
    /// escape (the only way to write the key's letters other than plainly), holds the key
    /// exactly once, right after the object's `{` or after a `,` with no other `{` or `[`
    /// before it (so it is a key of the record, not of something inside it), and its value
    /// follows at once as a string without escapes. Then, if the line is a record, the
    /// reader finds that very value; and with no key at all, it finds none.
    fn start_of(&self, line: &[u8]) -> Seen {
        if line.iter().all(u8::is_ascii_whitespace) {
            return Seen::Blank;
        }
        if self.escape.find(line).is_some() {
            return Seen::Unsure;
        }
        let mut keys = self.key.find_iter(line);
        let Some(at) = keys.next() else {
            return Seen::Start(NO_START);
        };
        if keys.next().is_some() {
            return Seen::Unsure;
        }
        let opened_once = memchr::memchr2_iter(b'{', b'[', &line[..at]).count() == 1;
        let after_a_brace_or_comma = at > 0 && matches!(line[at - 1], b'{' | b',');
        let Some(value) = line[at + KEY.len()..].strip_prefix(b":\"") else {
            return Seen::Unsure;
        };
        let Some(end) = memchr::memchr2(b'"', b'\\', value) else {
            return Seen::Unsure;
        };
        if value[end] != b'"' || !opened_once || !after_a_brace_or_comma {
            return Seen::Unsure;
        }
        let time = std::str::from_utf8(&value[..end])
            .ok()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok());
        Seen::Start(start_key(time))
    }
}

/// The log's records in start order, as places to read them from; and the damaged lines
/// and fields met so far, by their offsets.
#[derive(Debug)]
pub struct Index {
    file: Option<File>,
    places: Vec<Place>,
    damaged: Noted,
}

/// The damaged lines and fields met, by offset: the first [`DAMAGED_KEPT`] in the file held
/// (their problems cut short), the rest only counted, so a log of millions of them costs no
/// memory.
#[derive(Debug, Default)]
struct Noted {
    /// Offset of the line -> what was found there.
    first: BTreeMap<u64, Found>,
    more: usize,
    /// Offsets counted in `more` that a later pass over the records may meet again (a line
    /// whose start was read from its bytes is parsed, and found damaged, only when read):
    /// counted once. Such lines are few; the many torn ones are found, once, when placing.
    counted: std::collections::HashSet<u64>,
}

/// A damaged line or field: the problem, whether the whole line was skipped, and whether a
/// later pass may meet it again.
#[derive(Debug)]
struct Found {
    problem: String,
    skipped: bool,
    again: bool,
}

impl Noted {
    fn insert(&mut self, offset: u64, problem: String, skipped: bool, again: bool) {
        if self.first.contains_key(&offset) || self.counted.contains(&offset) {
            return;
        }
        self.first.insert(
            offset,
            Found {
                problem,
                skipped,
                again,
            },
        );
        if self.first.len() > DAMAGED_KEPT
            && let Some((dropped, found)) = self.first.pop_last()
        {
            self.more += 1;
            if found.again {
                self.counted.insert(dropped);
            }
        }
    }

    fn merge(&mut self, other: Noted) {
        self.more += other.more;
        self.counted.extend(other.counted);
        for (offset, found) in other.first {
            self.insert(offset, found.problem, found.skipped, found.again);
        }
    }
}

/// A record read back: its line as stored, and what was read from it.
pub type Kept = (String, Logged<'static>);

impl Index {
    /// Reads the log at `path` once, to place each record (a log that does not exist yet is
    /// empty), in up to `parts` pieces of whole lines at once, one thread each. Only the
    /// lines whose bytes can't settle their start time are parsed; a line longer than
    /// [`LINE_BYTES`] is damaged, and passed over without being held.
    pub fn read(path: &Path, parts: usize) -> io::Result<Index> {
        Index::read_in(path, parts, PIECE_BYTES)
    }

    /// [`Index::read`], with pieces of at least `piece` bytes.
    fn read_in(path: &Path, parts: usize, piece: u64) -> io::Result<Index> {
        let Some(mut file) = open(path)? else {
            return Ok(Index {
                file: None,
                places: Vec::new(),
                damaged: Noted::default(),
            });
        };
        let len = file.metadata()?.len();
        let most = usize::try_from(len / piece.max(1)).unwrap_or(usize::MAX);
        let parts = parts.clamp(1, most.max(1));
        let cuts = if cfg!(unix) {
            cuts(&mut file, parts)?
        } else {
            vec![0, len]
        };
        let pieces: Vec<io::Result<Placed>> = if let [from, to] = cuts[..] {
            vec![place(&file, from, to)]
        } else {
            std::thread::scope(|s| {
                let file = &file;
                let threads: Vec<_> = cuts
                    .windows(2)
                    .map(|w| s.spawn(move || place(file, w[0], w[1])))
                    .collect();
                threads
                    .into_iter()
                    .map(|t| {
                        t.join()
                            .unwrap_or_else(|_| Err(io::Error::other("a reader thread failed")))
                    })
                    .collect()
            })
        };
        let mut index = Index {
            places: Vec::new(),
            damaged: Noted::default(),
            file: None,
        };
        for piece in pieces {
            let (places, damaged) = piece?;
            index.places.extend(places);
            index.damaged.merge(damaged);
        }
        index.places.sort_unstable();
        index.file = Some(file);
        Ok(index)
    }

    /// Leaves out the records that can't have started on or after `day` (in their own
    /// offset from UTC, which is less than a day): those that started a day or more before
    /// its first instant in UTC, and those with no start time.
    pub fn keep_since(&mut self, day: NaiveDate) {
        let first = day
            .and_time(chrono::NaiveTime::MIN)
            .and_utc()
            .timestamp_millis();
        let bound = first.saturating_sub(86_400_000);
        self.places
            .retain(|p| p.start != NO_START && p.start >= bound);
    }

    /// The `count` latest records (by start time) that `keep` keeps, the latest last: read
    /// from the latest back, each line once, stopping at the `count`th kept.
    pub fn latest(
        &mut self,
        count: usize,
        mut keep: impl FnMut(&Logged<'_>) -> bool,
    ) -> io::Result<Vec<Kept>> {
        let mut kept = Vec::new();
        let Some(file) = &self.file else {
            return Ok(kept);
        };
        let mut lines = LinesAt::new(file);
        let mut heap = BinaryHeap::from(std::mem::take(&mut self.places));
        while kept.len() < count {
            let Some(place) = heap.pop() else { break };
            if let Some((line, record)) = lines.read(place.offset, &mut self.damaged)?
                && keep(&record)
            {
                kept.push((line.to_owned(), record.into_owned()));
            }
        }
        kept.reverse();
        Ok(kept)
    }

    /// Every record in start order, the earliest first, handed to `visit(line, record)`
    /// until it returns `false`: one line read at a time. Can be called again for another
    /// pass over the same records.
    pub fn each(&mut self, mut visit: impl FnMut(&str, Logged<'_>) -> bool) -> io::Result<()> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        let mut lines = LinesAt::new(file);
        for place in &self.places {
            if let Some((line, record)) = lines.read(place.offset, &mut self.damaged)?
                && !visit(line, record)
            {
                break;
            }
        }
        Ok(())
    }

    /// The damaged lines and fields met so far, by line number, the first first. Counting
    /// the lines takes one pass over the file up to the last of them.
    pub fn damaged(&self) -> io::Result<DamagedLines> {
        let mut lines = DamagedLines::default();
        let Some(mut file) = self.file.as_ref() else {
            return Ok(lines);
        };
        let offsets: Vec<u64> = self.damaged.first.keys().copied().collect();
        file.seek(SeekFrom::Start(0))?;
        let numbers = line_numbers(file, &offsets)?;
        for (line, found) in numbers.into_iter().zip(self.damaged.first.values()) {
            lines.push(Damaged {
                line,
                problem: found.problem.clone(),
                skipped: found.skipped,
            });
        }
        lines.more += self.damaged.more;
        Ok(lines)
    }
}

/// How far before the latest records' starts an earlier line could still have started, at
/// most: a record is written when its session ends, so a line written before a session that
/// ended at `e` started before `e`; a day of slack keeps a wall clock put right (or a time
/// zone changed) between two sessions from hiding one.
const WRITTEN_SLACK_MS: i64 = 24 * 60 * 60 * 1000;

/// The `count` records that started last among those `keep` takes, the earliest first, read
/// from the end of the log back, and the damaged lines met on the way: the fast way for
/// `log -n N`. It stops as soon as no line further back can have started later than the
/// `count` it has: a session run by backcoach is written when it ends, so every line before
/// it started before its end (less a day of slack). A `log add`, which can be back-dated,
/// gives no such bound, and neither does a line whose end can't be read; then it reads on,
/// to the first line if need be.
pub fn latest_from_the_end(
    path: &Path,
    count: usize,
    mut keep: impl FnMut(&Logged<'_>) -> bool,
) -> io::Result<(Vec<Kept>, DamagedLines)> {
    // (start, how far from the end: a smaller number is later in the file), newest kept.
    let mut kept: Vec<(i64, std::cmp::Reverse<u64>, Kept)> = Vec::new();
    let mut seen: u64 = 0;
    let damaged = super::scan_back(path, |line, record| {
        seen += 1;
        let start = start_key(record.started_at);
        // Everything further back was written before this line, so started before its end.
        let bound = (!record.manual)
            .then_some(record.ended_at)
            .flatten()
            .map(|end| end.timestamp_millis().saturating_add(WRITTEN_SLACK_MS));
        if keep(&record) {
            kept.push((
                start,
                std::cmp::Reverse(seen),
                (line.to_owned(), record.into_owned()),
            ));
            // The newest first: the latest start, then the latest in the file.
            kept.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
            kept.truncate(count);
        }
        let oldest_kept = kept.last().map(|k| k.0);
        // Go on unless every line further back started before the last of those kept.
        !matches!(
            (bound, oldest_kept),
            (Some(bound), Some(oldest)) if kept.len() >= count && oldest > bound
        )
    })?;
    // In start order, as `Index` gives it: by start, then as written.
    kept.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    Ok((kept.into_iter().map(|k| k.2).collect(), damaged))
}

/// The records that started on `since` or later (each on its own local day, as recorded),
/// in start order, read from the end of the log back, and the damaged lines met on the
/// way: the last few weeks of a long log for `today`, without reading the rest. It stops
/// at the first line, reading back, that was written when a session that began before
/// `since` ended (less a day of slack), as [`latest_from_the_end`] does; a `log add`, which
/// can be back-dated, sets no such bound. At most `most` records are kept (the latest
/// started), so a log of a million sessions in one day costs no more.
pub fn since_from_the_end(
    path: &Path,
    since: NaiveDate,
    most: usize,
) -> io::Result<(Vec<Logged<'static>>, DamagedLines)> {
    let since_ms = since
        .and_hms_opt(0, 0, 0)
        .map_or(NO_START, |t| t.and_utc().timestamp_millis());
    // (start, how far from the end), newest kept.
    let mut kept: Vec<(i64, std::cmp::Reverse<u64>, Logged<'static>)> = Vec::new();
    let mut seen: u64 = 0;
    let damaged = super::scan_back(path, |_, record| {
        seen += 1;
        let bound = (!record.manual)
            .then_some(record.ended_at)
            .flatten()
            .map(|end| end.naive_local().and_utc().timestamp_millis())
            .map(|end| end.saturating_add(WRITTEN_SLACK_MS));
        if record.started_at.is_some_and(|t| t.date_naive() >= since) {
            let start = record
                .started_at
                .map_or(NO_START, |t| t.naive_local().and_utc().timestamp_millis());
            kept.push((start, std::cmp::Reverse(seen), record.into_owned()));
            if kept.len() > most.saturating_mul(2).max(64) {
                kept.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
                kept.truncate(most);
            }
        }
        // Go on unless every line further back started before `since`.
        bound.is_none_or(|bound| bound >= since_ms)
    })?;
    kept.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    kept.truncate(most);
    kept.reverse();
    Ok((kept.into_iter().map(|k| k.2).collect(), damaged))
}

/// The places of the records in one piece of a log, and its damaged lines.
type Placed = (Vec<Place>, Noted);

/// Places the records of the lines from byte `from` (the start of a line) to byte `to` of
/// `file`.
fn place(file: &File, from: u64, to: u64) -> io::Result<Placed> {
    let mut places = Vec::new();
    let mut damaged = Noted::default();
    let finders = Finders::new();
    each_line(Piece::new(file, from, to), from, |offset, bytes, len| {
        let seen = if len > LINE_BYTES as u64 {
            Seen::Unsure
        } else {
            finders.start_of(bytes)
        };
        match seen {
            Seen::Blank => {}
            Seen::Start(start) => places.push(Place { start, offset }),
            Seen::Unsure => match Line::read(bytes, len) {
                Line::Blank => {}
                Line::Record(_, record) => places.push(Place {
                    start: start_key(record.started_at),
                    offset,
                }),
                Line::Damaged(problem) => damaged.insert(offset, problem, true, false),
            },
        }
    })?;
    Ok((places, damaged))
}

/// The bytes of `file` from `at` to `end`, read without moving the file's own position
/// (where the system has positioned reads), so that threads can share the one file opened
/// and checked.
struct Piece<'f> {
    file: &'f File,
    at: u64,
    end: u64,
}

impl<'f> Piece<'f> {
    fn new(file: &'f File, from: u64, to: u64) -> Piece<'f> {
        Piece {
            file,
            at: from,
            end: to,
        }
    }
}

impl io::Read for Piece<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = usize::try_from(self.end.saturating_sub(self.at)).unwrap_or(usize::MAX);
        let want = buf.len().min(left);
        if want == 0 {
            return Ok(0);
        }
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(self.file, &mut buf[..want], self.at)?;
        #[cfg(not(unix))]
        let n = {
            // One piece only (see `Index::read`): the file's own position is this piece's.
            let mut file = self.file;
            file.seek(SeekFrom::Start(self.at))?;
            io::Read::read(&mut file, &mut buf[..want])?
        };
        self.at += n as u64;
        Ok(n)
    }
}

/// Lines read back at their offsets: in start order, mostly forward, so the buffer is kept
/// between lines that are near each other.
struct LinesAt<'f> {
    reader: BufReader<&'f File>,
    /// Where `reader` is in the file; `None` before the first read.
    at: Option<u64>,
    buf: Vec<u8>,
}

impl<'f> LinesAt<'f> {
    fn new(file: &'f File) -> LinesAt<'f> {
        LinesAt {
            reader: BufReader::with_capacity(1 << 16, file),
            at: None,
            buf: Vec::new(),
        }
    }

    /// The record on the line at `offset`, or `None` (blank, or damaged: then noted in
    /// `damaged`, as is a record with fields out of range).
    fn read(&mut self, offset: u64, damaged: &mut Noted) -> io::Result<Option<(&str, Logged<'_>)>> {
        match self.at {
            Some(at) if at == offset => {}
            Some(at) => self.reader.seek_relative(offset.wrapping_sub(at) as i64)?,
            None => {
                self.reader.seek(SeekFrom::Start(offset))?;
            }
        }
        let len = next_line(&mut self.reader, &mut self.buf)?;
        self.at = Some(offset + len);
        match Line::read(&self.buf, len) {
            Line::Blank => Ok(None),
            Line::Damaged(problem) => {
                damaged.insert(offset, problem, true, true);
                Ok(None)
            }
            Line::Record(line, record) => {
                if let Some(problem) = insane(&record) {
                    damaged.insert(offset, problem, false, true);
                }
                Ok(Some((line, record)))
            }
        }
    }
}

/// Calls `see(offset, bytes, len)` for each line of `part`, which starts at byte `from` of
/// the file: the line's bytes with its newline (only the first [`LINE_BYTES`] + 1 of a
/// longer one), and its whole length. A line within the read buffer is not copied.
fn each_line(
    part: impl io::Read,
    from: u64,
    mut see: impl FnMut(u64, &[u8], u64),
) -> io::Result<()> {
    let mut reader = BufReader::with_capacity(1 << 18, part);
    // A line that runs past the end of the buffer: as much of it as is kept, and its length.
    let mut carried: Vec<u8> = Vec::new();
    let mut carried_len = 0u64;
    let mut offset = from;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            if carried_len > 0 {
                see(offset, &carried, carried_len);
            }
            return Ok(());
        }
        let mut start = 0;
        for newline in memchr::memchr_iter(b'\n', available) {
            let piece = &available[start..=newline];
            if carried_len == 0 {
                see(offset, piece, piece.len() as u64);
                offset += piece.len() as u64;
            } else {
                keep_up_to_the_limit(&mut carried, piece);
                let len = carried_len + piece.len() as u64;
                see(offset, &carried, len);
                offset += len;
                carried.clear();
                carried_len = 0;
            }
            start = newline + 1;
        }
        let rest = &available[start..];
        keep_up_to_the_limit(&mut carried, rest);
        carried_len += rest.len() as u64;
        let n = available.len();
        reader.consume(n);
    }
}

/// Adds `piece` to the line kept so far, up to [`LINE_BYTES`] + 1 bytes in all.
fn keep_up_to_the_limit(kept: &mut Vec<u8>, piece: &[u8]) {
    let room = (LINE_BYTES + 1).saturating_sub(kept.len());
    kept.extend_from_slice(&piece[..piece.len().min(room)]);
}

#[cfg(test)]
mod tests;
