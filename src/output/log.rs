//! `backcoach log`: the latest sessions as a table, the stored records as JSON Lines, or CSV
//! for spreadsheets. Reads the log once, keeping only the sessions it will print.

use std::collections::VecDeque;
use std::io::{self, Write};
use std::path::Path;

use super::{Fit, pain_change, table, terminal_width};
use crate::cli::LogArgs;
use crate::error::{Error, Exit};
use crate::journal::reader::{self, Logged};
use crate::session::{Outcome, Status};

/// A session to print: the line as stored, and the record read from it.
#[derive(Debug)]
pub struct Shown {
    pub line: String,
    pub record: Logged<'static>,
}

/// What reading the log gave: the sessions to print, oldest first, and the damaged lines.
type Selection = (Vec<Shown>, Vec<reader::Damaged>);

/// Reads the log, keeping only the sessions that match and, of those, the last `count`.
fn select(args: &LogArgs, path: &Path) -> Result<Selection, Error> {
    let failed = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    // The latest few: read from the end. Records are in the order they ended, so a `--since`
    // can't stop early; it reads forward, like `-n 0`.
    if args.count > 0 && args.since.is_none() {
        let mut kept = Vec::new();
        let damaged = reader::scan_back(path, |line, record| {
            if matches(args, &record) {
                kept.push(Shown {
                    line: line.to_owned(),
                    record: record.into_owned(),
                });
            }
            kept.len() < args.count
        })
        .map_err(failed)?;
        kept.reverse();
        return Ok((kept, damaged));
    }
    let mut kept: VecDeque<Shown> = VecDeque::new();
    let damaged = reader::scan(path, |_, line, record| {
        if !matches(args, &record) {
            return;
        }
        if args.count > 0 && kept.len() == args.count {
            kept.pop_front();
        }
        kept.push_back(Shown {
            line: line.to_owned(),
            record: record.into_owned(),
        });
    })
    .map_err(failed)?;
    Ok((kept.into(), damaged))
}

fn matches(args: &LogArgs, r: &Logged) -> bool {
    if let Some(since) = args.since
        && r.started_at.is_none_or(|t| t.date_naive() < since)
    {
        return false;
    }
    if args.routine.as_ref().is_some_and(|name| *name != r.routine) {
        return false;
    }
    if let Some(s) = args.strategy
        && !r
            .steps
            .iter()
            .any(|step| step.strategy.as_deref() == Some(s.id()))
    {
        return false;
    }
    true
}

pub fn run(args: &LogArgs, path: &Path, out: &mut impl Write) -> Result<Exit, Error> {
    let (sessions, damaged) = select(args, path)?;
    reader::warn(path, &damaged);
    if args.json {
        for shown in &sessions {
            writeln!(out, "{}", shown.line)?;
        }
    } else if args.csv {
        csv(out, &sessions)?;
    } else if sessions.is_empty() {
        let filtered = args.since.is_some() || args.routine.is_some() || args.strategy.is_some();
        if filtered {
            writeln!(out, "No sessions match.")?;
        } else {
            writeln!(
                out,
                "No sessions recorded yet. Start one with `backcoach start evening`."
            )?;
        }
    } else {
        human(out, &sessions, terminal_width())?;
    }
    Ok(Exit::Success)
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

pub fn human(out: &mut impl Write, sessions: &[Shown], width: Option<usize>) -> io::Result<()> {
    let rows: Vec<Vec<String>> = sessions
        .iter()
        .map(|Shown { record: r, .. }| {
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
        })
        .collect();
    // On a narrow terminal the note gives way first, then the routine.
    let fit = Fit {
        width,
        shrink: &[1, 5],
        strategies: &[],
    };
    table(
        out,
        &["WHEN", "ROUTINE", "MIN", "STATUS", "PAIN", "NOTE"],
        &rows,
        fit,
    )
}

/// One row per session; the columns are documented in README.md.
pub fn csv(out: &mut impl Write, sessions: &[Shown]) -> io::Result<()> {
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
    for Shown { record: r, .. } in sessions {
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
        w.write_record([
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
    }
    w.flush()
}
