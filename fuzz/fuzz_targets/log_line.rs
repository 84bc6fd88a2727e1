//! Any bytes, read as a line of the session log by the one reader every command uses: it may
//! refuse a line, but never panic; what it reads keeps to the writer's ranges (seconds under
//! a day, levels 1-5), and the statistics and the level rules take it without a panic.
#![no_main]

use backcoach::journal::reader::Logged;
use backcoach::journal::record::NOTE_CHARS;
use backcoach::journal::stats::Accumulator;
use chrono::{NaiveDate, Weekday};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(line) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(record) = Logged::parse(line) else {
        return;
    };
    assert!(record.pain_before.is_none_or(|p| p <= 10), "{line:?}");
    assert!(record.pain_after.is_none_or(|p| p <= 10), "{line:?}");
    assert!(
        record
            .note
            .as_ref()
            .is_none_or(|n| n.chars().count() <= NOTE_CHARS),
        "{line:?}"
    );
    let seconds = std::iter::once(record.active_seconds)
        .chain(std::iter::once(record.planned_seconds))
        .chain(record.steps.iter().map(|s| s.seconds));
    for s in seconds.flatten() {
        assert!(
            s.is_finite() && (0.0..backcoach::journal::reader::SECONDS_MAX).contains(&s),
            "{line:?}"
        );
    }
    for s in &record.steps {
        assert!(
            s.level
                .is_none_or(|l| (1..=backcoach::journal::reader::LEVELS).contains(&l)),
            "{line:?}"
        );
    }
    // The level rules take any record the reader keeps.
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-24T19:00:00+01:00").expect("a time");
    let history = backcoach::journal::levels::History::from_records([record.clone()], now);
    for s in &record.steps {
        if let Some(id) = s.exercise.as_deref() {
            let l = backcoach::journal::levels::level(&history, id, 3, None, now);
            assert!((1..=3).contains(&l.level), "{line:?}");
        }
    }
    let until = NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date");
    let mut acc = Accumulator::new(until, 12, Weekday::Mon);
    acc.add(&record);
    let _ = acc.finish();
});
