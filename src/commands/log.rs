//! `backcoach log`: reads the log once, keeping only the sessions it will print, and prints
//! them as a table, JSON Lines or CSV; `-n 0` (all of them) streams instead, holding none
//! (the table reads the log again rather than hold it: once to measure its columns, once
//! to print).
//! `backcoach log add` (in `add`) records a session done away from the coach.

use std::collections::VecDeque;
use std::io::Write;
use std::path::Path;

use super::{add, warn_damaged};
use crate::cli::{LogAction, LogArgs, LogCommand};
use crate::error::{Error, Exit};
use crate::journal::reader::{self, DamagedLines, Logged};
use crate::journal::store::LOG_FILE;
use crate::output;
use crate::output::log::Shown;
use crate::routine::library::Library;
use crate::settings::paths::Dirs;
use crate::ui::terminal::clock::system_wall;

pub fn log(
    command: LogCommand,
    library: &Library,
    dirs: &Dirs,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    let data = dirs.data.as_ref().ok_or(Error::NoDataDir)?;
    match command.action {
        Some(LogAction::Add(args)) => add::add(
            &args,
            library,
            data,
            system_wall().with_timezone(&chrono::Local),
            out,
        ),
        None => show(&command.show, &data.join(LOG_FILE), out),
    }
}

fn show(args: &LogArgs, path: &Path, out: &mut impl Write) -> Result<Exit, Error> {
    if args.count == 0 {
        return stream(args, path, out);
    }
    let (sessions, damaged) = select(args, path)?;
    warn_damaged(path, &damaged);
    if args.json {
        output::log::json_lines(out, &sessions)?;
    } else if args.csv {
        output::log::csv(out, &sessions)?;
    } else {
        output::log::human(out, &sessions, filtered(args), crate::ui::terminal::width())?;
    }
    Ok(Exit::Success)
}

/// Every session that matches, printed as it is read: nothing is held but the line at
/// hand. A write that fails (a closed pipe) stops the reading.
fn stream(args: &LogArgs, path: &Path, out: &mut impl Write) -> Result<Exit, Error> {
    let failed = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let mut written: std::io::Result<()> = Ok(());
    let damaged = if args.json {
        reader::scan(path, |_, line, record| {
            if matches(args, &record) {
                written = writeln!(out, "{}", crate::untrusted::escape(line));
            }
            written.is_ok()
        })
        .map_err(failed)?
    } else if args.csv {
        let mut rows = output::log::CsvRows::new(&mut *out)?;
        let damaged = reader::scan(path, |_, _, record| {
            if matches(args, &record) {
                written = rows.row(&record);
            }
            written.is_ok()
        })
        .map_err(failed)?;
        written = written.and_then(|()| rows.finish());
        damaged
    } else {
        return table(args, path, out);
    };
    written?;
    warn_damaged(path, &damaged);
    Ok(Exit::Success)
}

/// The table of every session that matches, in passes over the same bytes of the log: up to
/// the first match (is there a table at all?), then one to measure the columns and one to
/// print.
fn table(args: &LogArgs, path: &Path, out: &mut impl Write) -> Result<Exit, Error> {
    let len = reader::len(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    // What the passes found: the damaged lines (the last pass's), and a read that failed.
    let mut damaged = None;
    let unread = std::cell::Cell::new(None);
    let unread_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let mut pass = |each: output::EachRow<'_>| {
        let mut written = Ok(());
        let scanned = reader::scan_first(path, len, |_, _, record| {
            if matches(args, &record) {
                written = each(&output::log::row(&record));
            }
            written.is_ok()
        });
        match scanned {
            Ok(found) => damaged = Some(found),
            Err(e) => unread.set(Some(e)),
        }
        written
    };
    let mut any = false;
    // This pass stops at the first row: the error only says that one is enough.
    let _ = pass(&mut |_| {
        any = true;
        Err(std::io::Error::other("one row is enough"))
    });
    if let Some(source) = unread.take() {
        return Err(unread_error(source));
    }
    let printed = if any {
        let fit = output::log::fit(crate::ui::terminal::width());
        output::table_from(out, &output::log::HEADER, fit, &mut pass)
    } else {
        output::log::none(out, filtered(args))
    };
    if let Some(source) = unread.take() {
        return Err(unread_error(source));
    }
    printed?;
    warn_damaged(path, &damaged.unwrap_or_default());
    Ok(Exit::Success)
}

/// Whether a filter was given (so an empty table is "no match", not "no sessions yet").
fn filtered(args: &LogArgs) -> bool {
    args.since.is_some() || args.routine.is_some() || args.strategy.is_some()
}

/// Reads the log, keeping only the sessions that match and, of those, the last `count`
/// (not 0): the sessions to print, oldest first, and the damaged lines.
fn select(args: &LogArgs, path: &Path) -> Result<(Vec<Shown>, DamagedLines), Error> {
    let failed = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    // The latest few: read from the end. Records are in the order they ended, so a `--since`
    // can't stop early; it reads forward.
    if args.since.is_none() {
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
        if matches(args, &record) {
            if kept.len() == args.count {
                kept.pop_front();
            }
            kept.push_back(Shown {
                line: line.to_owned(),
                record: record.into_owned(),
            });
        }
        true
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
