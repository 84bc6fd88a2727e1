//! `backcoach log`: the latest sessions as a table, the stored records as JSON Lines (or one
//! JSON array), or CSV for spreadsheets. `commands::log` reads the log and picks the
//! sessions; for the whole log it hands them over one at a time (a row, a line, a CSV
//! record), so none is held.
//!
//! The log is a file anyone with the user's rights may have edited: every text from it is
//! escaped (no control character reaches the terminal, JSON Lines stay valid JSON), and a CSV
//! cell that a spreadsheet would take for a formula is made plain text.

use std::borrow::Cow;
use std::io::{self, Write};

use super::{Fit, pain_change, table};
use crate::journal::reader::Logged;
use crate::session::{Outcome, Status};
use crate::untrusted::escape;

/// A session to print: the line as stored, and the record read from it.
#[derive(Debug)]
pub struct Shown {
    pub line: String,
    pub record: Logged<'static>,
}

/// The stored records as they are: JSON Lines (one object a line), or with `array`, one
/// JSON array of them (`[`, the records one a line with a `,` after each but the last, `]`),
/// written a record at a time. Each line is escaped as JSON Lines are, so that no control
/// character reaches a terminal.
pub struct JsonOut<W: Write> {
    out: W,
    array: bool,
    first: bool,
}

impl<W: Write> std::fmt::Debug for JsonOut<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonOut")
            .field("array", &self.array)
            .finish_non_exhaustive()
    }
}

impl<W: Write> JsonOut<W> {
    /// Opens the array, if it is one.
    pub fn start(mut out: W, array: bool) -> io::Result<JsonOut<W>> {
        if array {
            out.write_all(b"[")?;
        }
        Ok(JsonOut {
            out,
            array,
            first: true,
        })
    }

    /// One record, as its stored line.
    pub fn record(&mut self, line: &str) -> io::Result<()> {
        if self.array {
            self.out
                .write_all(if self.first { b"\n" } else { b",\n" })?;
            write!(self.out, "{}", escape(line))?;
        } else {
            writeln!(self.out, "{}", escape(line))?;
        }
        self.first = false;
        Ok(())
    }

    /// Closes the array, if it is one.
    pub fn finish(mut self) -> io::Result<()> {
        if self.array {
            self.out.write_all(b"\n]\n")?;
        }
        Ok(())
    }
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
pub const HEADER: [&str; 7] = ["WHEN", "ROUTINE", "MIN", "STATUS", "PAIN", "LEVELS", "NOTE"];

/// How the table fits a terminal `width` wide: the note gives way first, then the levels,
/// then the routine.
pub fn fit(width: Option<usize>) -> Fit<'static> {
    Fit {
        width,
        shrink: &[1, 5, 6],
        strategies: &[],
    }
}

/// The levels that matter in a session: any exercise that hurt first ("plank L1 hurt"),
/// then each done above level 1 ("bird-dog L2"), once each, in order. Bounded, as the log is
/// untrusted: an id of more than [`LEVEL_ID_CHARS`] is cut with "…", and past
/// [`LEVEL_CELLS`] the rest are counted ("+3 more").
pub fn levels(r: &Logged) -> String {
    let mut hurt_cells: Vec<String> = Vec::new();
    let mut up_cells: Vec<String> = Vec::new();
    for s in &r.steps {
        let Some(id) = s.exercise.as_deref() else {
            continue;
        };
        let level = s.level.unwrap_or(1);
        let hurt = s.rating == Some(crate::session::Rating::Hurt);
        if level < 2 && !hurt {
            continue;
        }
        let id: String = if id.chars().count() > LEVEL_ID_CHARS {
            id.chars().take(LEVEL_ID_CHARS - 1).chain(['…']).collect()
        } else {
            id.to_owned()
        };
        let mut cell = format!("{} L{level}", escape(&id));
        let cells = if hurt {
            cell.push_str(" hurt");
            &mut hurt_cells
        } else {
            &mut up_cells
        };
        if !cells.contains(&cell) {
            cells.push(cell);
        }
    }
    let mut out = hurt_cells;
    out.extend(up_cells);
    if out.len() > LEVEL_CELLS {
        let more = out.len() - LEVEL_CELLS;
        out.truncate(LEVEL_CELLS);
        out.push(format!("+{more} more"));
    }
    out.join(", ")
}

/// The longest exercise id the LEVELS column shows whole (the catalogue's are under 30).
pub const LEVEL_ID_CHARS: usize = 30;
/// The most exercises the LEVELS column names in one session.
pub const LEVEL_CELLS: usize = 8;

/// A session's row of the table.
pub fn row(r: &Logged) -> Vec<String> {
    vec![
        when(r),
        escape(&r.routine).into_owned(),
        minutes(r.active_seconds),
        r.status.map(Status::id).unwrap_or_default().to_owned(),
        pain_change(r.pain_before, r.pain_after),
        levels(r),
        escape(
            &r.note
                .as_deref()
                .unwrap_or_default()
                .replace(['\n', '\r', '\t'], " "),
        )
        .into_owned(),
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
            "manual",
            "id",
            "steps",
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
        self.0.write_record(
            [
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
                r.manual.to_string(),
                r.id.to_string(),
                steps(r),
            ]
            .iter()
            .map(|cell| csv_cell(cell).into_owned()),
        )?;
        Ok(())
    }

    /// Writes out what is buffered.
    pub fn finish(mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// The `steps` cell: each recorded step as `name: outcome seconds`, joined by `; `, like
/// `Heating pad: done 600s; Cat-cow: skipped 0s` (whole seconds; a part not recorded is
/// left out). Built in one string: it is written for every row of a long export.
fn steps(r: &Logged) -> String {
    use std::fmt::Write as _;
    let mut cell = String::new();
    for (i, step) in r.steps.iter().enumerate() {
        if i > 0 {
            cell.push_str("; ");
        }
        cell.extend(step.name.chars().map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        }));
        let mut sep = ": ";
        if let Some(outcome) = step.outcome {
            cell.push_str(sep);
            cell.push_str(outcome.id());
            sep = " ";
        }
        if let Some(seconds) = step.seconds {
            // The reader keeps seconds finite, not negative and under a day.
            let _ = write!(cell, "{sep}{}s", seconds.round() as u64);
        }
    }
    cell
}

/// A CSV cell as it is safe to open: control characters escaped, and a cell that starts
/// with `=`, `+`, `-` or `@` (which a spreadsheet would run as a formula:
/// `=HYPERLINK(...)`) prefixed with `'`, which spreadsheets take as "this is text".
fn csv_cell(text: &str) -> Cow<'_, str> {
    let text = escape(text);
    if text.starts_with(['=', '+', '-', '@']) {
        Cow::Owned(format!("'{text}"))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_cell_starting_with_a_formula_sign_is_escaped() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("tight, then = better"), "tight, then = better");
        assert_eq!(
            csv_cell("2026-11-24T19:30:00+01:00"),
            "2026-11-24T19:30:00+01:00"
        );
        assert_eq!(csv_cell(""), "");
        assert_eq!(csv_cell("a\u{1b}[2Jb"), "a\\u001b[2Jb");
    }

    /// The new user's review: at 80 columns the column cut off "bird-dog L2 hurt", the one
    /// that matters; the adversarial review: a 5,000-character id blew the table up. What
    /// hurt comes first, and ids and cells are bounded.
    #[test]
    fn levels_put_what_hurt_first_and_are_bounded() {
        let step = |id: &str, level: u32, rating: &str| {
            format!("{{\"exercise\":\"{id}\",\"outcome\":\"done\",\"level\":{level}{rating}}}")
        };
        let line = |steps: Vec<String>| {
            format!(
                "{{\"version\":1,\"routine\":\"core\",\"started_at\":\"2026-11-24T19:00:00+01:00\",\"steps\":[{}]}}",
                steps.join(",")
            )
        };
        let l = line(vec![
            step("cat-cow", 3, ""),
            step("bridge", 2, ""),
            step("bird-dog", 2, ",\"rating\":\"hurt\""),
        ]);
        let r = Logged::parse(&l).expect("a record");
        assert_eq!(levels(&r), "bird-dog L2 hurt, cat-cow L3, bridge L2");
        let long = "x".repeat(5000);
        let many: Vec<String> = (0..20)
            .map(|i| step(&format!("{i}{long}"), 2, ""))
            .collect();
        let l = line(many);
        let r = Logged::parse(&l).expect("a record");
        let cell = levels(&r);
        assert!(cell.ends_with(", +12 more"), "{cell}");
        assert!(cell.chars().count() < 400, "{}", cell.len());
    }
}
