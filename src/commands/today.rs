//! `backcoach today` (and `backcoach` alone, at a terminal): reads the last four weeks of the
//! log from its end, asks `today` what to do now, and prints it, for a person or as JSON.
//! `--start`, or Enter at the prompt a person at a terminal gets, starts it through
//! `start`, exactly as `backcoach start <routine>` would.

use std::io::{self, BufRead, Write};

use chrono::{TimeZone, Timelike};

use super::{start, warn_damaged};
use crate::cli::{FitFlags, RunFlags, StartArgs, TodayArgs};
use crate::error::{Error, Exit, Printer};
use crate::journal::reader::order;
use crate::journal::store::LOG_FILE;
use crate::journal::{levels, reader};
use crate::output;
use crate::routine::guide::FLARE_ROUTINE;
use crate::routine::library::Library;
use crate::settings::Config;
use crate::settings::paths::Dirs;
use crate::today::{self, Log};

pub fn today(
    args: &TodayArgs,
    library: &Library,
    config: &Config,
    dirs: &Dirs,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    let now = args.at.unwrap_or_else(|| {
        crate::ui::terminal::clock::system_wall()
            .naive_local()
            .with_nanosecond(0)
            .unwrap_or_default()
    });
    let (recent, older) = match &dirs.data {
        Some(data) => {
            let path = data.join(LOG_FILE);
            let read = |e| Error::Read {
                path: path.clone(),
                source: e,
            };
            // One read of the log's end serves both the suggestion (its last four weeks) and
            // the levels (their look-back, longer).
            let levels_from = (now - chrono::Duration::days(levels::AWAY_DAYS)).date();
            let since = today::first_day(now).min(levels_from);
            let (recent, damaged) =
                order::since_from_the_end(&path, since, today::MOST_RECORDS).map_err(read)?;
            warn_damaged(&path, &damaged);
            let in_weeks = recent.iter().any(|r| {
                r.started_at
                    .is_some_and(|t| t.naive_local().date() >= today::first_day(now))
            });
            let older = !in_weeks && reader::len(&path).map_err(read)? > 0;
            (recent, older)
        }
        None => (Vec::new(), false),
    };
    let (mut found, problems) = library.all()?;
    // A bad day's advice never hangs on a file of the user's: a `flare.toml` of theirs that
    // can't be used leaves the built-in one to suggest, and to start (`--built-in`).
    let mut flare_built_in = false;
    if !found.iter().any(|f| f.routine.name == FLARE_ROUTINE)
        && let Ok(flare) = library.built_in_routine(FLARE_ROUTINE)
    {
        found.push(flare);
        flare_built_in = true;
    }
    // A broken routine file of the user's is said, and the others still suggested from.
    Printer::stderr().warnings(&problems);
    // Each at its levels today, as `start` would run it, so that "fits in M" is said of
    // what would run.
    let wall = chrono::Local
        .from_local_datetime(&now)
        .earliest()
        .map_or_else(crate::ui::terminal::clock::system_wall, |t| {
            t.fixed_offset()
        });
    let levels = super::Levels {
        history: levels::History::from_records(recent.iter().cloned(), wall),
        pins: super::pins(config, None),
        now: wall,
    };
    let routines: Vec<_> = found
        .into_iter()
        .map(|f| levels.apply(&f.routine).0)
        .collect();
    let log = Log {
        recent: &recent,
        older,
        now,
    };
    let Some(mut suggestion) = today::suggest(log, &routines, &config.plan_options(), args.minutes)
    else {
        return Err(Error::Invalid(problems));
    };
    suggestion.built_in = flare_built_in && suggestion.routine.name == FLARE_ROUTINE;
    if args.json {
        output::today::json(out, &suggestion)?;
        return Ok(Exit::Success);
    }
    output::today::human(out, &suggestion, crate::ui::terminal::text_width())?;
    let name = suggestion.routine.name.clone();
    let go = if args.start {
        true
    } else if crate::ui::terminal::interactive() {
        writeln!(
            out,
            "Enter starts it; anything else, then Enter, leaves. ({})",
            output::today::command(&suggestion)
        )?;
        out.flush()?;
        enter_pressed(&mut io::stdin().lock())?
    } else {
        writeln!(out, "Start it: {}", output::today::command(&suggestion))?;
        false
    };
    if !go {
        return Ok(Exit::Success);
    }
    out.flush()?;
    let shortened = suggestion
        .fit
        .and_then(|(m, how)| (how == today::Fit::Shortened).then_some(m));
    let start_args = StartArgs {
        routine: name,
        fit: FitFlags {
            minutes: shortened,
            exercise: false,
            built_in: suggestion.built_in,
        },
        pain: None,
        run: RunFlags {
            plain: false,
            quiet: false,
            no_log: false,
        },
        speed: 1.0,
        lead_in: None,
        safety: false,
        voice: false,
        level: None,
    };
    start::start(&start_args, library, config, dirs, out)
}

/// Did the person press Enter alone? Anything typed before it, or the end of input
/// (Ctrl-D), is no.
fn enter_pressed(input: &mut impl BufRead) -> io::Result<bool> {
    let mut line = String::new();
    let read = input.read_line(&mut line)?;
    Ok(read > 0 && line.trim_end_matches(['\r', '\n']).is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_enter_alone_starts() {
        let pressed = |text: &str| enter_pressed(&mut text.as_bytes()).expect("read");
        assert!(pressed("\n"));
        assert!(pressed("\r\n"));
        // Spaces are something typed: the README says anything typed before Enter leaves.
        assert!(!pressed("  \n"));
        assert!(!pressed("q\n"));
        assert!(!pressed("n\n"));
        assert!(!pressed(""), "Ctrl-D");
    }
}
