//! `backcoach log`: the sessions in the order they were started, the latest last, as a
//! table, JSON Lines (or one JSON array) or CSV. The log is in the order records were written,
//! which a back-dated `log add` breaks, so it is read once to place every record by its start
//! time ([`reader::order`]), and then only the lines to print are read again: the latest
//! `-n N`, or for `-n 0` every one in turn, so that the log is never held (the table reads
//! them twice: once to measure its columns, once to print).
//! `backcoach log add` (in `add`) records a session done away from the coach.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use super::{add, warn_damaged};
use crate::cli::{LogAction, LogArgs, LogCommand};
use crate::error::{Error, Exit};
use crate::journal::reader::order::{self, Index};
use crate::journal::reader::{self, Logged};
use crate::journal::store::LOG_FILE;
use crate::output;
use crate::output::log::{JsonOut, Shown};
use crate::routine::diag::did_you_mean;
use crate::routine::library::Library;
use crate::routine::strategy::Strategy;
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
        None => show(&command.show, library, &data.join(LOG_FILE), out),
    }
}

fn show(
    args: &LogArgs,
    library: &Library,
    path: &Path,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    let unread = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    if let Some(name) = &args.routine {
        known_routine(name, library, path)?;
    }
    if args.count == 0 {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut index = Index::read(path, cores.min(4)).map_err(unread)?;
        if let Some(since) = args.since {
            index.keep_since(since);
        }
        return all(args, index, path, out);
    }
    // The latest few, read from the end back as far as the start order needs.
    let (latest, damaged) =
        order::latest_from_the_end(path, args.count, |record| matches(args, record))
            .map_err(unread)?;
    let sessions: Vec<Shown> = latest
        .into_iter()
        .map(|(line, record)| Shown { line, record })
        .collect();
    warn_damaged(path, &damaged);
    if args.json {
        let mut json = JsonOut::start(&mut *out, args.array)?;
        for shown in &sessions {
            json.record(&shown.line)?;
        }
        json.finish()?;
    } else if args.csv {
        output::log::csv(out, &sessions)?;
    } else {
        output::log::human(out, &sessions, filtered(args), crate::ui::terminal::width())?;
    }
    Ok(Exit::Success)
}

/// Every session that matches, in start order, printed as it is read back: nothing is held
/// but the places of the records and the line at hand. A write that fails (a closed pipe)
/// stops the reading.
fn all(args: &LogArgs, mut index: Index, path: &Path, out: &mut impl Write) -> Result<Exit, Error> {
    let unread = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let mut written: std::io::Result<()> = Ok(());
    if args.json {
        let mut json = JsonOut::start(&mut *out, args.array)?;
        index
            .each(|line, record| {
                if matches(args, &record) {
                    written = json.record(line);
                }
                written.is_ok()
            })
            .map_err(unread)?;
        written = written.and_then(|()| json.finish());
    } else if args.csv {
        let mut rows = output::log::CsvRows::new(&mut *out)?;
        index
            .each(|_, record| {
                if matches(args, &record) {
                    written = rows.row(&record);
                }
                written.is_ok()
            })
            .map_err(unread)?;
        written = written.and_then(|()| rows.finish());
    } else {
        return table(args, index, path, out);
    }
    written?;
    warn_damaged(path, &index.damaged().map_err(unread)?);
    Ok(Exit::Success)
}

/// The table of every session that matches, in passes over the records in start order: up
/// to the first match (is there a table at all?), then one to measure the columns and one
/// to print.
fn table(
    args: &LogArgs,
    mut index: Index,
    path: &Path,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    let unread = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    // A read that failed in a pass, told apart from a write that failed.
    let failed = std::cell::Cell::new(None);
    let mut pass = |each: output::EachRow<'_>| {
        let mut written = Ok(());
        let read = index.each(|_, record| {
            if matches(args, &record) {
                written = each(&output::log::row(&record));
            }
            written.is_ok()
        });
        if let Err(e) = read {
            failed.set(Some(e));
        }
        written
    };
    let mut any = false;
    // This pass stops at the first row: the error only says that one is enough.
    let _ = pass(&mut |_| {
        any = true;
        Err(std::io::Error::other("one row is enough"))
    });
    if let Some(source) = failed.take() {
        return Err(unread(source));
    }
    let printed = if any {
        let fit = output::log::fit(crate::ui::terminal::width());
        output::table_from(out, &output::log::HEADER, fit, &mut pass)
    } else {
        output::log::none(out, filtered(args))
    };
    if let Some(source) = failed.take() {
        return Err(unread(source));
    }
    printed?;
    warn_damaged(path, &index.damaged().map_err(unread)?);
    Ok(Exit::Success)
}

/// Whether a filter was given (so an empty table is "no match", not "no sessions yet").
fn filtered(args: &LogArgs) -> bool {
    args.since.is_some() || args.routine.is_some() || args.strategy.is_some()
}

/// `Ok` when `--routine NAME` names something a session can be recorded as: a routine
/// (built-in or of the user's), a strategy or an exercise (as `log add` records them), or a
/// name already in the log (a routine since deleted, say). Anything else is a typo, said
/// before anything is printed, with the nearest of those names. Only a name backcoach does
/// not know makes it read the log, up to the first session of that name.
fn known_routine(name: &str, library: &Library, path: &Path) -> Result<(), Error> {
    let mut known: Vec<String> = library.names();
    known.extend(Strategy::ids().map(str::to_owned));
    known.extend(library.catalogue.ids().map(str::to_owned));
    if known.iter().any(|k| k == name) {
        return Ok(());
    }
    let mut found = false;
    let mut logged: BTreeSet<String> = BTreeSet::new();
    reader::scan(path, |_, _, record| {
        if record.routine == name {
            found = true;
        } else if !record.routine.is_empty() && !logged.contains(&*record.routine) {
            logged.insert(record.routine.into_owned());
        }
        !found
    })
    .map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    if found {
        return Ok(());
    }
    known.extend(logged);
    Err(Error::NoSuchRoutineInLog {
        name: name.to_owned(),
        suggestion: did_you_mean(name, known.iter().map(String::as_str)).map(str::to_owned),
    })
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
