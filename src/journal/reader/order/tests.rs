//! Start order: back-dated and same-time records, damaged and long lines, pieces read by
//! threads, and the byte reading of the start time held to the reader's by a property.

use proptest::prelude::{ProptestConfig, any, prop, prop_assert_eq, proptest};

use super::*;

/// A record as the writer writes it, started at `start`, with `id` as its id.
fn record(id: &str, start: &str) -> String {
    format!(
        r#"{{"version":1,"id":"{id}","routine":"evening","title":"Evening","started_at":"{start}","ended_at":"{start}","status":"completed","planned_seconds":1225,"active_seconds":1200.5,"steps":[{{"exercise":"cat-cow","name":"Cat-cow","strategy":"stretching","outcome":"done","seconds":80.0}}],"pain_before":6,"pain_after":4,"note":"ok"}}"#
    )
}

/// A log of `lines` in a temporary folder.
fn log_of(lines: &[String]) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let path = tmp.path().join("sessions.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    (tmp, path)
}

fn ids(kept: &[Kept]) -> Vec<String> {
    kept.iter().map(|(_, r)| r.id.to_string()).collect()
}

fn all_ids(index: &mut Index) -> Vec<String> {
    let mut seen = Vec::new();
    index
        .each(|_, r| {
            seen.push(r.id.into_owned());
            true
        })
        .expect("read");
    seen
}

/// Issue 12: `log` listed sessions in the order they were written, so a session added
/// with `log add --at` for last week came last, as if it were the latest. They are listed
/// by their start time, and `-n N` keeps the N that started last.
#[test]
fn a_back_dated_record_is_placed_by_its_start_time() {
    let (_tmp, path) = log_of(&[
        record("nov-20", "2026-11-20T19:30:00.000+01:00"),
        record("nov-22", "2026-11-22T19:30:00.000+01:00"),
        // Added on the 23rd, for the morning of the 21st, from a zone an hour behind.
        record("nov-21", "2026-11-21T08:00:00.000+00:00"),
        record("nov-23", "2026-11-23T19:30:00.000+01:00"),
    ]);
    for parts in [1, 2, 4] {
        let mut index = Index::read_in(&path, parts, 1).expect("index");
        assert_eq!(
            all_ids(&mut index),
            ["nov-20", "nov-21", "nov-22", "nov-23"]
        );
    }
    let latest = |n| {
        ids(&Index::read(&path, 1)
            .expect("index")
            .latest(n, |_| true)
            .expect("read"))
    };
    assert_eq!(latest(2), ["nov-22", "nov-23"]);
    assert_eq!(latest(3), ["nov-21", "nov-22", "nov-23"]);
    assert_eq!(latest(10), ["nov-20", "nov-21", "nov-22", "nov-23"]);
    let evening_21st = Index::read(&path, 1)
        .expect("index")
        .latest(1, |r| r.id != "nov-23" && r.id != "nov-22")
        .expect("read");
    assert_eq!(
        ids(&evening_21st),
        ["nov-21"],
        "the filter picks among them"
    );
}

#[test]
fn the_same_start_keeps_the_order_written_and_no_start_comes_first() {
    let same = "2026-11-20T19:30:00.000+01:00";
    let (_tmp, path) = log_of(&[
        record("a", same),
        r#"{"id":"no-start","routine":"evening"}"#.to_owned(),
        record("b", same),
        // The same instant, written in another offset.
        record("c", "2026-11-20T18:30:00.000+00:00"),
        record("bad-time", "yesterday"),
    ]);
    let mut index = Index::read(&path, 1).expect("index");
    assert_eq!(all_ids(&mut index), ["no-start", "bad-time", "a", "b", "c"]);
}

#[test]
fn a_damaged_line_is_skipped_where_it_is_read_and_named_by_its_line() {
    let torn = record("torn", "2026-11-30T10:00:00.000+01:00");
    let (_tmp, path) = log_of(&[
        record("a", "2026-11-20T19:30:00.000+01:00"),
        torn[..torn.len() - 30].to_owned(),
        String::new(),
        record("b", "2026-11-21T19:30:00.000+01:00")
            .replace(r#""pain_after":4"#, r#""pain_after":44"#),
        "[1,2]".to_owned(),
    ]);
    let mut index = Index::read(&path, 1).expect("index");
    let kept = index.latest(1, |_| true).expect("read");
    assert_eq!(
        ids(&kept),
        ["b"],
        "the torn line started last, but is no record"
    );
    let damaged = index.damaged().expect("count");
    let lines: Vec<(usize, bool)> = damaged.first.iter().map(|d| (d.line, d.skipped)).collect();
    assert_eq!(
        lines,
        [(2, true), (4, false)],
        "only the lines read: {damaged:?}"
    );

    let mut index = Index::read(&path, 1).expect("index");
    assert_eq!(all_ids(&mut index), ["a", "b"]);
    assert_eq!(all_ids(&mut index), ["a", "b"], "a second pass, the same");
    let lines: Vec<usize> = index
        .damaged()
        .expect("count")
        .first
        .iter()
        .map(|d| d.line)
        .collect();
    assert_eq!(lines, [2, 4, 5], "each once, however many passes");
}

#[test]
fn lines_across_the_read_buffer_and_over_the_limit_are_placed_once() {
    // Lines of every length around the 256 KiB buffer, one over the 1 MiB limit, and no
    // newline at the very end.
    let mut lines = Vec::new();
    for (i, pad) in [0, 200_000, 70_000, 300_000, 5, 600_000].iter().enumerate() {
        let day = 10 + i;
        let line = record(&i.to_string(), &format!("2026-11-{day}T10:00:00.000+01:00")).replace(
            r#""note":"ok""#,
            &format!(r#""note":"ok","pad":"{}""#, "x".repeat(*pad)),
        );
        lines.push(line);
    }
    lines.insert(
        3,
        format!("{{\"note\":\"{}\"}}", "y".repeat(LINE_BYTES + 10)),
    );
    let tmp = tempfile::tempdir().expect("tmp");
    let path = tmp.path().join("sessions.jsonl");
    std::fs::write(&path, lines.join("\n")).expect("write");
    // In one piece, and in pieces cut within and around those lines, one thread each.
    for parts in [1, 2, 3, 7] {
        let mut index = Index::read_in(&path, parts, 1).expect("index");
        assert_eq!(
            all_ids(&mut index),
            ["0", "1", "2", "3", "4", "5"],
            "{parts}"
        );
        let damaged = index.damaged().expect("count").first;
        assert_eq!(damaged.len(), 1, "{parts}: {damaged:?}");
        assert_eq!((damaged[0].line, damaged[0].skipped), (4, true));
        assert!(damaged[0].problem.contains("longer than any record"));
    }
}

#[test]
fn keep_since_leaves_out_only_what_started_before_it() {
    let (_tmp, path) = log_of(&[
        record("long-before", "2026-11-18T10:00:00.000+00:00"),
        record("before", "2026-11-19T23:00:00.000+00:00"),
        // The 20th already, far east, though still the 19th in UTC.
        record("east", "2026-11-20T09:00:00.000+14:00"),
        record("none", "never"),
        record("on", "2026-11-20T00:00:00.000-12:00"),
    ]);
    let mut index = Index::read(&path, 1).expect("index");
    index.keep_since(NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"));
    let seen = all_ids(&mut index);
    assert!(!seen.contains(&"none".to_owned()), "{seen:?}");
    assert!(!seen.contains(&"long-before".to_owned()), "{seen:?}");
    assert!(seen.contains(&"east".to_owned()) && seen.contains(&"on".to_owned()));
}

#[test]
fn no_log_yet_is_empty() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut index = Index::read(&tmp.path().join("none.jsonl"), 1).expect("index");
    assert!(all_ids(&mut index).is_empty());
    assert!(index.latest(5, |_| true).expect("read").is_empty());
    assert_eq!(index.damaged().expect("none").total(), 0);
}

/// The first pass reads the writer's own lines without parsing them: none of them is left
/// unsure, or `log` would be as slow as parsing the whole log.
#[test]
fn the_writers_lines_are_placed_by_their_bytes() {
    use crate::journal::record::{Answers, Record};
    let lib = crate::routine::library::Library::load(None).expect("catalogue");
    let routine = lib.resolve("desk-break").expect("desk-break").routine;
    let at = DateTime::parse_from_rfc3339("2026-11-24T19:30:00.250+01:00").expect("date");
    let answers = Answers {
        pain_before: Some(3),
        pain_after: None,
        note: Some("a \"quoted\" {note} [with] \\ and ,\"started_at\":\"2030".to_owned()),
        flare_offer: None,
        ratings: Default::default(),
    };
    let summary = crate::session::Summary {
        status: crate::session::Status::Completed,
        planned: std::time::Duration::from_secs(177),
        active: std::time::Duration::from_secs(177),
        steps: Vec::new(),
        heat_on: None,
    };
    let written = Record::new(&routine, &summary, at, std::time::Duration::ZERO, answers);
    let line = written.to_line().expect("json");
    let finders = Finders::new();
    assert_eq!(
        finders.start_of(line.as_bytes()),
        Seen::Start(at.timestamp_millis())
    );
    let plain = record("a", "2026-11-24T19:30:00.000+01:00");
    assert!(matches!(finders.start_of(plain.as_bytes()), Seen::Start(_)));
}

/// Pieces to put into a record: keys and values that could mislead a reading of the bytes.
const PIECES: [&str; 24] = [
    r#""started_at""#,
    r#""started_at":"2030-01-01T00:00:00Z""#,
    r#","started_at":"2031-02-03T04:05:06+01:00""#,
    r#","started_at" : "2032-01-01T00:00:00Z""#,
    r#","started\u005fat":"2033-01-01T00:00:00Z""#,
    r#","x":{"started_at":"2034-01-01T00:00:00Z"}"#,
    r#","x":["started_at","2035-01-01T00:00:00Z"]"#,
    r#","started_at":"2036-01-01T00:00:00\u005a""#,
    r#","started_at":null"#,
    r#","started_at":"soon""#,
    r#","note":"\",\"started_at\":\"2037-01-01T00:00:00Z""#,
    r#","x\"started_at":"2038-01-01T00:00:00Z""#,
    r#","started_at":"2039-01-01T00:00:00Z\\""#,
    r#","n":1e400"#,
    "{",
    "[",
    "}",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    " ",
    "\t",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    /// Whatever a line holds, when its bytes settle its start time and the line is a
    /// record, the reader finds that start time: the first pass never misplaces a record.
    #[test]
    fn the_bytes_and_the_reader_agree_on_the_start(
        base in 0usize..3,
        edits in prop::collection::vec((0usize..PIECES.len(), 0usize..400, any::<bool>()), 1..3),
    ) {
        let bases = [
            record("a", "2026-11-24T19:30:00.000+01:00"),
            // Spaced out, as a person might write it.
            r#"{ "id": "b", "started_at": "2026-11-24T19:30:00Z", "steps": [ { "name": "x" } ] }"#.to_owned(),
            r#"{"id":"c","steps":[{"name":"x","seconds":1}],"note":null}"#.to_owned(),
        ];
        let mut line = bases[base].clone();
        for (piece, at, member) in edits {
            // Every base and piece is ASCII: any byte is a place to put a piece. Half the
            // time, the place is before a `,`, `}` or `]`, where a piece that starts with
            // a comma adds a member and the line stays JSON.
            let places: Vec<usize> = if member {
                line.bytes()
                    .enumerate()
                    .filter(|(_, b)| matches!(b, b',' | b'}' | b']'))
                    .map(|(i, _)| i)
                    .collect()
            } else {
                (0..=line.len()).collect()
            };
            let at = places[at % places.len()];
            line.insert_str(at, PIECES[piece]);
        }
        let seen = Finders::new().start_of(line.as_bytes());
        if let (Seen::Start(start), Ok(record)) = (seen, Logged::parse(&line)) {
            prop_assert_eq!(start, start_key(record.started_at), "{}", line);
        }
        if seen == Seen::Blank {
            prop_assert_eq!(line.trim(), "");
        }
    }
}

/// The cases the property found worth naming, each settled by parsing the line.
#[test]
fn misleading_lines_are_parsed_not_read_by_their_bytes() {
    let finders = Finders::new();
    for line in [
        r#"{"started\u005fat":"2033-01-01T00:00:00Z"}"#,
        r#"{"x":{"started_at":"2034-01-01T00:00:00Z"}}"#,
        r#"{"steps":[],"started_at":"2034-01-01T00:00:00Z"}"#,
        r#"{"started_at":"2026-01-01T00:00:00Z","started_at":"2027-01-01T00:00:00Z"}"#,
        r#"{"started_at" : "2032-01-01T00:00:00Z"}"#,
        r#"{"x\"started_at":"2038-01-01T00:00:00Z"}"#,
        r#"{"started_at":"2039-01-01T00:00:00\"Z"}"#,
    ] {
        assert_eq!(finders.start_of(line.as_bytes()), Seen::Unsure, "{line}");
    }
    assert_eq!(finders.start_of(b"  \t\r\n"), Seen::Blank);
    assert_eq!(finders.start_of(b"{\"id\":\"x\"}\n"), Seen::Start(NO_START));
    assert_eq!(
        finders.start_of(br#"{"started_at":"soon"}"#),
        Seen::Start(NO_START)
    );
}

/// Found by the adversarial review of issue 11: every damaged line was held, so a log of
/// millions of them took a gigabyte. The first 20 are held, the rest counted, whatever the
/// number of pieces.
#[test]
fn many_damaged_lines_are_counted_not_held() {
    let mut lines = vec![record("a", "2026-11-24T19:00:00.000+01:00")];
    lines.extend((0..1000).map(|i| format!("damaged {i}")));
    let (_tmp, path) = log_of(&lines);
    for parts in [1, 4] {
        let mut index = Index::read_in(&path, parts, 64).expect("read");
        assert_eq!(all_ids(&mut index), ["a"]);
        let damaged = index.damaged().expect("count");
        assert_eq!(damaged.first.len(), DAMAGED_KEPT, "{parts}");
        assert_eq!(damaged.total(), 1000, "{parts}");
        assert_eq!(damaged.first[0].line, 2, "the first in the file first");
    }
}

/// A record as the writer writes it: started at `start`, ended at `end` (milliseconds since
/// an hour into 2026), by a `log add` or not.
fn written(id: usize, start: i64, end: i64, manual: bool) -> String {
    let t0 = DateTime::parse_from_rfc3339("2026-01-01T01:00:00.000+00:00").expect("t");
    let at = |ms: i64| {
        (t0 + chrono::Duration::milliseconds(ms))
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, false)
    };
    format!(
        r#"{{"version":1,"id":"{id}","routine":"evening","title":"Evening","started_at":"{}","ended_at":"{}","status":"completed","planned_seconds":60,"active_seconds":60.0,"steps":[],"manual":{manual}}}"#,
        at(start),
        at(end)
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `log -n N` read from the end back gives the same sessions, in the same order, as
    /// placing every record: on any log the writer could have written (lines appended as
    /// time goes on; a session written when it ends, a `log add` at any earlier time).
    #[test]
    fn the_latest_from_the_end_are_the_latest_of_all(
        lines in prop::collection::vec(
            (0i64..4 * 3_600_000, 0i64..3_600_000, any::<bool>(), 0i64..3 * 86_400_000),
            0..60,
        ),
        count in 1usize..25,
        odd in any::<bool>(),
    ) {
        let mut now = 0i64;
        let mut log = Vec::new();
        for (i, (gap, length, manual, back)) in lines.iter().enumerate() {
            now += gap;
            let (start, end) = if *manual {
                // Back-dated, and perhaps the same start as another.
                let end = (now - back).max(*length);
                (end - length, end)
            } else {
                (now - length, now)
            };
            log.push(written(i, start, end, *manual));
        }
        let (_tmp, path) = log_of(&log);
        let keep = |r: &Logged<'_>| !odd || r.id.parse::<usize>().is_ok_and(|n| n % 2 == 1);
        let mut index = Index::read_in(&path, 2, 64).expect("read");
        let all = ids(&index.latest(count, keep).expect("latest"));
        let (fast, _) = latest_from_the_end(&path, count, keep).expect("fast");
        prop_assert_eq!(ids(&fast), all);
    }
}

/// Found by checking the README: `log -n 0`'s table reads the records in three passes, and a
/// line whose start was read from its bytes but which is damaged was counted at each pass
/// ("and 30 more" for 10). Each is counted once.
#[test]
fn a_line_damaged_on_reading_is_counted_once_however_many_passes() {
    let mut lines = vec![record("a", "2026-11-24T19:00:00.000+01:00")];
    lines.extend((0..30).map(|i| {
        format!(
            r#"{{"id":"t{i}","started_at":"2026-11-2{}T19:00:00.000+01:00", torn"#,
            i % 9
        )
    }));
    let (_tmp, path) = log_of(&lines);
    let mut index = Index::read_in(&path, 1, 64).expect("read");
    for _ in 0..3 {
        assert_eq!(all_ids(&mut index), ["a"]);
    }
    let damaged = index.damaged().expect("count");
    assert_eq!(damaged.total(), 30, "{damaged:?}");
    assert_eq!(damaged.first.len(), DAMAGED_KEPT);
}

/// `today` reads the last weeks of the log from its end: the records started on the day
/// given or later, in start order (a back-dated `log add` among them), and no further back
/// than a session that ended before that day (less a day of slack).
#[test]
fn since_from_the_end_keeps_the_last_days_in_start_order_and_stops_early() {
    let manual = |id: &str, start: &str| {
        record(id, start).replace(r#""note":"ok""#, r#""note":"ok","manual":true"#)
    };
    let (_tmp, path) = log_of(&[
        // A damaged line far back: never reached, so never reported.
        "{torn".to_owned(),
        record("nov-01", "2026-11-01T19:30:00.000+01:00"),
        record("nov-18", "2026-11-18T19:30:00.000+01:00"),
        record("nov-20", "2026-11-20T19:30:00.000+01:00"),
        record("nov-22", "2026-11-22T19:30:00.000+01:00"),
        manual("nov-21", "2026-11-21T08:00:00.000+01:00"),
        manual("oct-30", "2026-10-30T08:00:00.000+01:00"),
        record("nov-23", "2026-11-23T07:30:00.000+01:00"),
    ]);
    let since = NaiveDate::from_ymd_opt(2026, 11, 20).expect("a date");
    let (kept, damaged) = since_from_the_end(&path, since, 100).expect("read");
    let ids: Vec<&str> = kept.iter().map(|r| &*r.id).collect();
    assert_eq!(ids, ["nov-20", "nov-21", "nov-22", "nov-23"]);
    assert_eq!(damaged.total(), 0, "{damaged:?}");
    // At most `most`, the latest started.
    let (kept, _) = since_from_the_end(&path, since, 2).expect("read");
    let ids: Vec<&str> = kept.iter().map(|r| &*r.id).collect();
    assert_eq!(ids, ["nov-22", "nov-23"]);
    // No log yet: nothing.
    let (kept, _) =
        since_from_the_end(&path.with_file_name("none.jsonl"), since, 100).expect("read");
    assert!(kept.is_empty());
}
