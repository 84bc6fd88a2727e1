//! Any bytes, read as a line of the session log: the full reader and the lean one that
//! `stats` uses may refuse a line, but never panic; a line `log` shows, `stats` counts.
#![no_main]

use backcoach::journal::reader::Logged;
use backcoach::journal::stats::Accumulator;
use chrono::{NaiveDate, Weekday};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(line) = std::str::from_utf8(bytes) else {
        return;
    };
    let full = Logged::parse(line);
    let until = NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date");
    let mut acc = Accumulator::new(until, 12, Weekday::Mon);
    let lean = acc.add_line(line);
    let _ = acc.finish();
    if full.is_ok() {
        assert!(lean.is_ok(), "stats refused a line log reads: {line:?}: {lean:?}");
    }
});
