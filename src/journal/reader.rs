//! Reading the session log back. The reader forgives: a damaged line (a torn write, a hand
//! edit gone wrong) is skipped and reported by its line number, and left in the file as it
//! is; a record from a newer format is read as far as it is understood and never dropped.
//! Reading never writes.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use serde_json::Value;

/// A record as read back: every field optional, so that older and newer formats both fit.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Logged {
    pub version: u32,
    pub id: String,
    pub routine: String,
    pub title: String,
    #[serde(deserialize_with = "time")]
    pub started_at: Option<DateTime<FixedOffset>>,
    #[serde(deserialize_with = "time")]
    pub ended_at: Option<DateTime<FixedOffset>>,
    pub status: String,
    pub planned_seconds: Option<f64>,
    pub active_seconds: Option<f64>,
    pub steps: Vec<LoggedStep>,
    pub pain_before: Option<u8>,
    pub pain_after: Option<u8>,
    pub note: Option<String>,
    pub manual: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct LoggedStep {
    pub exercise: Option<String>,
    pub name: String,
    pub strategy: String,
    pub outcome: String,
    pub seconds: Option<f64>,
}

fn time<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
    let text = Option::<String>::deserialize(d)?;
    Ok(text.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()))
}

impl Logged {
    /// Reads one line: typed when it fits, field by field when it does not (a newer format
    /// that changed a field's type). `None` only for a line that is not a JSON object.
    pub fn parse(line: &str) -> Result<Logged, serde_json::Error> {
        match serde_json::from_str::<Logged>(line) {
            // A pain answer is 0-10, whichever way the line was read.
            Ok(mut record) => {
                record.pain_before = record.pain_before.filter(|p| *p <= 10);
                record.pain_after = record.pain_after.filter(|p| *p <= 10);
                Ok(record)
            }
            Err(strict) => {
                let value: Value = serde_json::from_str(line)?;
                let Value::Object(map) = value else {
                    return Err(strict);
                };
                Ok(Logged::from_fields(&map))
            }
        }
    }

    fn from_fields(map: &serde_json::Map<String, Value>) -> Logged {
        let text = |k: &str| {
            map.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let num = |k: &str| map.get(k).and_then(Value::as_f64);
        let pain = |k: &str| {
            map.get(k)
                .and_then(Value::as_u64)
                .and_then(|n| u8::try_from(n).ok())
                .filter(|n| *n <= 10)
        };
        let time = |k: &str| {
            map.get(k)
                .and_then(Value::as_str)
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        };
        let steps = map
            .get("steps")
            .and_then(Value::as_array)
            .map(|steps| {
                steps
                    .iter()
                    .filter_map(Value::as_object)
                    .map(|s| LoggedStep {
                        exercise: s.get("exercise").and_then(Value::as_str).map(str::to_owned),
                        name: s
                            .get("name")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned(),
                        strategy: s
                            .get("strategy")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned(),
                        outcome: s
                            .get("outcome")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned(),
                        seconds: s.get("seconds").and_then(Value::as_f64),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Logged {
            version: map
                .get("version")
                .and_then(Value::as_u64)
                .and_then(|v| u32::try_from(v).ok())
                .unwrap_or(0),
            id: text("id"),
            routine: text("routine"),
            title: text("title"),
            started_at: time("started_at"),
            ended_at: time("ended_at"),
            status: text("status"),
            planned_seconds: num("planned_seconds"),
            active_seconds: num("active_seconds"),
            steps,
            pain_before: pain("pain_before"),
            pain_after: pain("pain_after"),
            note: map.get("note").and_then(Value::as_str).map(str::to_owned),
            manual: map.get("manual").and_then(Value::as_bool).unwrap_or(false),
        }
    }
}

/// A line that could not be read as a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damaged {
    /// 1-based.
    pub line: usize,
    pub problem: String,
}

/// Warns about each damaged line on stderr, naming the file and the line. Warnings that
/// can't be written have nowhere else to go.
pub fn warn(path: &Path, damaged: &[Damaged]) {
    use std::io::Write;
    let mut err = io::stderr().lock();
    for d in damaged {
        let _ = writeln!(
            err,
            "backcoach: warning: {}:{}: a damaged line was skipped (it is left in the file as it is): {}",
            path.display(),
            d.line,
            d.problem
        );
    }
}

/// Reads the log at `path` line by line, calling `visit(line number, the line, the record)`
/// for each record. Returns the damaged lines. A log that does not exist yet is empty.
pub fn scan(path: &Path, mut visit: impl FnMut(usize, &str, Logged)) -> io::Result<Vec<Damaged>> {
    lines(path, |number, line| {
        let record = Logged::parse(line).map_err(|e| e.to_string())?;
        visit(number, line, record);
        Ok(())
    })
}

/// Reads the log at `path` line by line, calling `read(line number, the line)` for each line
/// that is not blank; a line it can't read (`Err(problem)`) is reported as damaged.
pub fn lines(
    path: &Path,
    read: impl FnMut(usize, &str) -> Result<(), String>,
) -> io::Result<Vec<Damaged>> {
    lines_in(path, 0..u64::MAX, read).map(|(damaged, _)| damaged)
}

/// Where to cut the log at `path` into `parts` pieces of whole lines: byte offsets, each
/// just after a newline, from 0 to the length.
pub fn split(path: &Path, parts: usize) -> io::Result<Vec<u64>> {
    use std::io::{Seek, SeekFrom};
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(vec![0, 0]),
        Err(e) => return Err(e),
    };
    let len = file.metadata()?.len();
    let mut cuts = vec![0];
    for k in 1..parts.max(1) as u64 {
        let guess = (len * k / parts as u64).max(cuts.last().copied().unwrap_or(0));
        file.seek(SeekFrom::Start(guess))?;
        let mut reader = BufReader::new(&mut file);
        let mut skipped = Vec::new();
        let n = reader.read_until(b'\n', &mut skipped)? as u64;
        cuts.push((guess + n).min(len));
    }
    cuts.push(len);
    cuts.dedup();
    if cuts.len() == 1 {
        cuts.push(len);
    }
    Ok(cuts)
}

/// [`lines`] over the bytes `range` of the file (which must start at a line), numbering
/// from 1 within it. Returns the damaged lines and how many lines there were.
pub fn lines_in(
    path: &Path,
    range: std::ops::Range<u64>,
    mut read: impl FnMut(usize, &str) -> Result<(), String>,
) -> io::Result<(Vec<Damaged>, usize)> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
        Err(e) => return Err(e),
    };
    file.seek(SeekFrom::Start(range.start))?;
    let mut reader = BufReader::with_capacity(1 << 16, file.take(range.end - range.start));
    let mut damaged = Vec::new();
    let mut buf = Vec::new();
    let mut number = 0;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        number += 1;
        let Ok(line) = std::str::from_utf8(&buf) else {
            damaged.push(Damaged {
                line: number,
                problem: "not UTF-8 text".to_owned(),
            });
            continue;
        };
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        if let Err(problem) = read(number, line) {
            damaged.push(Damaged {
                line: number,
                problem,
            });
        }
    }
    Ok((damaged, number))
}

/// Reads the log at `path` from its last line back, calling `read(the line)` until it
/// returns `Ok(false)`, for the latest few records of a long log. A damaged line is reported
/// with its line number, counted only when there is one.
pub fn lines_back(
    path: &Path,
    mut read: impl FnMut(&str) -> Result<bool, String>,
) -> io::Result<Vec<Damaged>> {
    use std::io::{Read, Seek, SeekFrom};
    const CHUNK: u64 = 1 << 16;
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut damaged_at: Vec<(u64, String)> = Vec::new();
    let mut pos = file.metadata()?.len();
    // The start of a line that began in an earlier chunk: bytes already read, after `pos`.
    let mut carry: Vec<u8> = Vec::new();
    'chunks: while pos > 0 {
        let start = pos.saturating_sub(CHUNK);
        let mut data = vec![0u8; usize::try_from(pos - start).unwrap_or(0)];
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut data)?;
        data.extend_from_slice(&carry);
        // Every line whose start is known: those after a newline, and the first line of
        // the file once the start is reached.
        let mut end = data.len();
        loop {
            let begin = match data[..end].iter().rposition(|&b| b == b'\n') {
                Some(nl) => nl + 1,
                None if start == 0 => 0,
                None => break,
            };
            let offset = start + begin as u64;
            match std::str::from_utf8(&data[begin..end]) {
                Ok(text) if text.trim().is_empty() => {}
                Ok(text) => match read(text.trim_end_matches('\r')) {
                    Ok(true) => {}
                    Ok(false) => break 'chunks,
                    Err(problem) => damaged_at.push((offset, problem)),
                },
                Err(_) => damaged_at.push((offset, "not UTF-8 text".to_owned())),
            }
            if begin == 0 {
                break;
            }
            end = begin - 1;
        }
        carry = data[..end].to_vec();
        pos = start;
    }
    // Line numbers, for the warnings: count the newlines before each damaged line.
    let mut damaged = Vec::new();
    for (offset, problem) in damaged_at.into_iter().rev() {
        file.seek(SeekFrom::Start(0))?;
        let mut before = BufReader::new((&mut file).take(offset));
        let mut count = 0;
        loop {
            let buf = before.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            count += buf.iter().filter(|&&b| b == b'\n').count();
            let n = buf.len();
            before.consume(n);
        }
        damaged.push(Damaged {
            line: count + 1,
            problem,
        });
    }
    Ok(damaged)
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: &str = r#"{"version":1,"id":"a","routine":"evening","title":"Evening","started_at":"2026-11-24T19:30:00.000+01:00","ended_at":"2026-11-24T19:50:00.000+01:00","status":"completed","planned_seconds":1225,"active_seconds":1200.5,"steps":[{"exercise":"cat-cow","name":"Cat-cow","strategy":"stretching","outcome":"done","seconds":80.0}],"pain_before":6,"pain_after":4,"note":"ok"}"#;

    #[test]
    fn a_pain_over_10_is_no_answer_in_either_reader() {
        // Found by the adversarial review: `log` showed "255 -> 0".
        let line = V1.replace(
            r#""pain_before":6,"pain_after":4"#,
            r#""pain_before":255,"pain_after":11"#,
        );
        let r = Logged::parse(&line).expect("read");
        assert_eq!((r.pain_before, r.pain_after), (None, None));
    }

    #[test]
    fn reads_what_the_writer_writes() {
        let r = Logged::parse(V1).expect("record");
        assert_eq!(r.routine, "evening");
        assert_eq!(r.active_seconds, Some(1200.5));
        assert_eq!(r.steps[0].strategy, "stretching");
        assert_eq!((r.pain_before, r.pain_after), (Some(6), Some(4)));
        assert_eq!(
            r.started_at.map(|t| t.offset().local_minus_utc()),
            Some(3600)
        );
    }

    #[test]
    fn a_newer_format_is_read_as_far_as_it_is_understood() {
        // Version 9 renamed nothing we need, changed a field's type, and added others.
        let line = r#"{"version":9,"routine":"evening","title":"Evening","started_at":"2026-11-24T19:30:00+01:00","status":"completed","active_seconds":600,"pain_before":"6","mood":"good","steps":[{"name":"X","strategy":"qigong","outcome":"done","seconds":600,"effort":3}]}"#;
        let r = Logged::parse(line).expect("kept, not dropped");
        assert_eq!(r.version, 9);
        assert_eq!(r.routine, "evening");
        assert_eq!(r.active_seconds, Some(600.0));
        assert_eq!(
            r.pain_before, None,
            "a pain we can't read is left out, not guessed"
        );
        assert_eq!(r.steps[0].strategy, "qigong");
    }

    #[test]
    fn damaged_lines_are_reported_by_number_and_skipped() {
        let tmp = tempfile::tempdir().expect("tmp");
        let path = tmp.path().join("sessions.jsonl");
        let torn = &V1[..80];
        let text = format!("{V1}\n{torn}\n\n[1,2]\n{V1}\nnot json at all\n{V1}");
        std::fs::write(&path, &text).expect("write");
        let mut seen = Vec::new();
        let damaged = scan(&path, |n, _, r| seen.push((n, r.routine))).expect("scan");
        assert_eq!(seen.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [1, 5, 7]);
        assert_eq!(
            damaged.iter().map(|d| d.line).collect::<Vec<_>>(),
            [2, 4, 6]
        );
        // Reading never writes.
        assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
    }

    #[test]
    fn reading_back_gives_the_same_lines_in_reverse_with_line_numbers() {
        let tmp = tempfile::tempdir().expect("tmp");
        let path = tmp.path().join("sessions.jsonl");
        // Long lines, so that lines cross the 64 KiB chunks.
        let mut text = String::new();
        for i in 0..300 {
            if i == 123 {
                text.push_str("{ torn\n");
            } else {
                text.push_str(&format!(
                    "{{\"id\":\"{i}\",\"note\":\"{}\"}}\n",
                    "x".repeat(i * 7)
                ));
            }
        }
        text.push_str("{\"id\":\"last\"}"); // no newline at the very end
        std::fs::write(&path, &text).expect("write");
        let mut forward = Vec::new();
        let fwd_damaged = scan(&path, |_, _, r| forward.push(r.id)).expect("scan");
        let mut back = Vec::new();
        let back_damaged = lines_back(&path, |line| {
            back.push(Logged::parse(line).map_err(|e| e.to_string())?.id);
            Ok(true)
        })
        .expect("back");
        back.reverse();
        assert_eq!(back, forward);
        assert_eq!(back.len(), 300);
        assert_eq!(fwd_damaged, back_damaged);
        assert_eq!(back_damaged[0].line, 124);
        // Stopping early reads only the end.
        let mut seen = 0;
        lines_back(&path, |_| {
            seen += 1;
            Ok(seen < 3)
        })
        .expect("back");
        assert_eq!(seen, 3);
    }

    #[test]
    fn pieces_cut_at_line_boundaries_read_every_line_once() {
        let tmp = tempfile::tempdir().expect("tmp");
        let path = tmp.path().join("sessions.jsonl");
        let text: String = (0..1000)
            .map(|i| format!("{{\"id\":\"{i}\",\"note\":\"{}\"}}\n", "y".repeat(i % 37)))
            .collect();
        std::fs::write(&path, &text).expect("write");
        for parts in [1, 2, 3, 7] {
            let cuts = split(&path, parts).expect("split");
            let mut ids = Vec::new();
            for w in cuts.windows(2) {
                lines_in(&path, w[0]..w[1], |_, line| {
                    ids.push(Logged::parse(line).map_err(|e| e.to_string())?.id);
                    Ok(())
                })
                .expect("read");
            }
            let expected: Vec<String> = (0..1000).map(|i| i.to_string()).collect();
            assert_eq!(ids, expected, "{parts} parts");
        }
    }

    #[test]
    fn no_log_yet_is_an_empty_log() {
        let tmp = tempfile::tempdir().expect("tmp");
        let damaged = scan(&tmp.path().join("none.jsonl"), |_, _, _| {
            panic!("no records")
        })
        .expect("scan");
        assert!(damaged.is_empty());
    }
}
