//! `backcoach log`: reads the log once, keeping only the sessions it will print, and prints
//! them as a table, JSON Lines or CSV; `backcoach log add` (in `add`) records a session done
//! away from the coach.

use std::collections::VecDeque;
use std::io::Write;
use std::path::Path;

use super::{add, warn_damaged};
use crate::cli::{LogAction, LogArgs, LogCommand};
use crate::error::{Error, Exit};
use crate::journal::reader::{self, Damaged, Logged};
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
    let (sessions, damaged) = select(args, path)?;
    warn_damaged(path, &damaged);
    if args.json {
        output::log::json_lines(out, &sessions)?;
    } else if args.csv {
        output::log::csv(out, &sessions)?;
    } else {
        let filtered = args.since.is_some() || args.routine.is_some() || args.strategy.is_some();
        output::log::human(out, &sessions, filtered, output::terminal_width())?;
    }
    Ok(Exit::Success)
}

/// Reads the log, keeping only the sessions that match and, of those, the last `count`:
/// the sessions to print, oldest first, and the damaged lines.
fn select(args: &LogArgs, path: &Path) -> Result<(Vec<Shown>, Vec<Damaged>), Error> {
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
