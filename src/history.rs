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
            Ok(record) => Ok(record),
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

/// Reads the log at `path` line by line, calling `visit(line number, the line, the record)`
/// for each record. Returns the damaged lines. A log that does not exist yet is empty.
pub fn scan(path: &Path, mut visit: impl FnMut(usize, &str, Logged)) -> io::Result<Vec<Damaged>> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut reader = BufReader::with_capacity(1 << 16, file);
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
        match Logged::parse(line) {
            Ok(record) => visit(number, line, record),
            Err(e) => damaged.push(Damaged {
                line: number,
                problem: e.to_string(),
            }),
        }
    }
    Ok(damaged)
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: &str = r#"{"version":1,"id":"a","routine":"evening","title":"Evening","started_at":"2026-11-24T19:30:00.000+01:00","ended_at":"2026-11-24T19:50:00.000+01:00","status":"completed","planned_seconds":1225,"active_seconds":1200.5,"steps":[{"exercise":"cat-cow","name":"Cat-cow","strategy":"stretching","outcome":"done","seconds":80.0}],"pain_before":6,"pain_after":4,"note":"ok"}"#;

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
    fn no_log_yet_is_an_empty_log() {
        let tmp = tempfile::tempdir().expect("tmp");
        let damaged = scan(&tmp.path().join("none.jsonl"), |_, _, _| {
            panic!("no records")
        })
        .expect("scan");
        assert!(damaged.is_empty());
    }
}
