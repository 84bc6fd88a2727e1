//! `backcoach log`: the latest sessions as a table, the stored records as JSON Lines, or CSV
//! for spreadsheets. `commands::log` reads the log and picks the sessions; for the whole log
//! it hands them over one at a time (a row, a line, a CSV record), so none is held.

use std::io::{self, Write};

use super::{Fit, pain_change, table};
use crate::journal::reader::Logged;
use crate::session::{Outcome, Status};

/// A session to print: the line as stored, and the record read from it.
#[derive(Debug)]
pub struct Shown {
    pub line: String,
    pub record: Logged<'static>,
}

/// The stored lines as they are: one JSON object a line.
pub fn json_lines(out: &mut impl Write, sessions: &[Shown]) -> io::Result<()> {
    for shown in sessions {
        writeln!(out, "{}", shown.line)?;
    }
    Ok(())
}

/// The sessions as a table; with none, a line that says so (`filtered`: none of them matched
/// what was asked for).
pub fn human(
    out: &mut impl Write,
    sessions: &[Shown],
    filtered: bool,
    width: Option<usize>,
) -> io::Result<()> {
    if sessions.is_empty() {
        return none(out, filtered);
    }
    table_of(out, sessions, width)
}

/// The line for a table with no sessions (`filtered`: none of them matched what was asked
/// for).
pub fn none(out: &mut impl Write, filtered: bool) -> io::Result<()> {
    if filtered {
        writeln!(out, "No sessions match.")
    } else {
        writeln!(
            out,
            "No sessions recorded yet. Start one with `backcoach start evening`."
        )
    }
}

/// The table's columns.
pub const HEADER: [&str; 6] = ["WHEN", "ROUTINE", "MIN", "STATUS", "PAIN", "NOTE"];

/// How the table fits a terminal `width` wide: the note gives way first, then the routine.
pub fn fit(width: Option<usize>) -> Fit<'static> {
    Fit {
        width,
        shrink: &[1, 5],
        strategies: &[],
    }
}

/// A session's row of the table.
pub fn row(r: &Logged) -> Vec<String> {
    vec![
        when(r),
        r.routine.to_string(),
        minutes(r.active_seconds),
        r.status.map(Status::id).unwrap_or_default().to_owned(),
        pain_change(r.pain_before, r.pain_after),
        r.note
            .clone()
            .unwrap_or_default()
            .replace(['\n', '\r', '\t'], " "),
    ]
}

fn when(r: &Logged) -> String {
    r.started_at.map_or_else(
        || "?".to_owned(),
        |t| t.format("%Y-%m-%d %H:%M").to_string(),
    )
}

fn minutes(seconds: Option<f64>) -> String {
    seconds.map_or_else(String::new, |s| format!("{:.0}", s / 60.0))
}

fn table_of(out: &mut impl Write, sessions: &[Shown], width: Option<usize>) -> io::Result<()> {
    let rows: Vec<Vec<String>> = sessions.iter().map(|shown| row(&shown.record)).collect();
    table(out, &HEADER, &rows, fit(width))
}

/// One row per session; the columns are documented in README.md.
pub fn csv(out: &mut impl Write, sessions: &[Shown]) -> io::Result<()> {
    let mut rows = CsvRows::new(out)?;
    for shown in sessions {
        rows.row(&shown.record)?;
    }
    rows.finish()
}

/// CSV written a row at a time: the header first, then a row per session.
pub struct CsvRows<W: Write>(::csv::Writer<W>);

impl<W: Write> std::fmt::Debug for CsvRows<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsvRows")
    }
}

impl<W: Write> CsvRows<W> {
    /// Writes the header row.
    pub fn new(out: W) -> io::Result<CsvRows<W>> {
        let mut w = ::csv::Writer::from_writer(out);
        w.write_record([
            "started_at",
            "ended_at",
            "routine",
            "title",
            "status",
            "active_minutes",
            "planned_minutes",
            "pain_before",
            "pain_after",
            "note",
            "steps_done",
            "steps_partial",
            "steps_skipped",
            "strategies",
        ])?;
        Ok(CsvRows(w))
    }

    /// Writes one session's row.
    pub fn row(&mut self, r: &Logged) -> io::Result<()> {
        let time = |t: Option<chrono::DateTime<chrono::FixedOffset>>| {
            t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
                .unwrap_or_default()
        };
        let mins = |s: Option<f64>| s.map(|s| format!("{:.1}", s / 60.0)).unwrap_or_default();
        let num = |n: Option<u8>| n.map(|n| n.to_string()).unwrap_or_default();
        let count = |o: Outcome| {
            r.steps
                .iter()
                .filter(|s| s.outcome == Some(o))
                .count()
                .to_string()
        };
        let mut strategies: Vec<&str> = Vec::new();
        for s in r.steps.iter().filter_map(|s| s.strategy.as_deref()) {
            if !strategies.contains(&s) {
                strategies.push(s);
            }
        }
        self.0.write_record([
            time(r.started_at),
            time(r.ended_at),
            r.routine.to_string(),
            r.title.to_string(),
            r.status.map(Status::id).unwrap_or_default().to_owned(),
            mins(r.active_seconds),
            mins(r.planned_seconds),
            num(r.pain_before),
            num(r.pain_after),
            r.note.as_deref().unwrap_or_default().to_owned(),
            count(Outcome::Done),
            count(Outcome::Partial),
            count(Outcome::Skipped),
            strategies.join(";"),
        ])?;
        Ok(())
    }

    /// Writes out what is buffered.
    pub fn finish(mut self) -> io::Result<()> {
        self.0.flush()
    }
}
