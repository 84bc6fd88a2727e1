//! `backcoach log add`: records a session done away from the coach (a warm bath, a walk with
//! posture in mind, a routine done from memory), marked `"manual": true`. It checks every
//! value before writing anything, and it appends; it never reads the log.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Duration, Local, LocalResult, NaiveDateTime, TimeZone};

use crate::cli::AddArgs;
use crate::error::{Error, Exit};
use crate::journal::record::{Answers, NOTE_CHARS, Record, Share};
use crate::output::pain_change;
use crate::plan::PlanOptions;
use crate::routine::diag::did_you_mean;
use crate::routine::library::{Library, LoadError};
use crate::routine::strategy::Strategy;

/// What was done: its name in the log, its title, and its steps with their share of the time.
struct Done {
    name: String,
    title: String,
    parts: Vec<Share>,
}

/// A strategy id first, then a catalogue exercise, then a routine.
fn resolve(what: &str, library: &Library) -> Result<Done, Error> {
    if let Some(s) = Strategy::from_id(what) {
        return Ok(Done {
            name: what.to_owned(),
            title: s.title().to_owned(),
            parts: vec![Share {
                exercise: None,
                name: s.title().to_owned(),
                strategy: s,
                weight: 1.0,
            }],
        });
    }
    if let Some(ex) = library.catalogue.get(what) {
        return Ok(Done {
            name: what.to_owned(),
            title: ex.name.clone(),
            parts: vec![Share {
                exercise: Some(what.to_owned()),
                name: ex.name.clone(),
                strategy: ex.strategy,
                weight: 1.0,
            }],
        });
    }
    match library.resolve(what) {
        Ok(found) => {
            let r = &found.routine;
            let opts = PlanOptions::default();
            let parts = r
                .steps
                .iter()
                .map(|ex| Share {
                    exercise: ex.id.clone(),
                    name: ex.name.clone(),
                    strategy: ex.strategy,
                    weight: ex.extent(&opts).seconds as f64,
                })
                .collect();
            Ok(Done {
                name: r.name.clone(),
                title: r.title.clone(),
                parts,
            })
        }
        Err(LoadError::UnknownRoutine { .. } | LoadError::NotAName(_)) => {
            let mut names: Vec<String> = Strategy::ids().map(str::to_owned).collect();
            names.extend(library.catalogue.ids().map(str::to_owned));
            names.extend(
                library
                    .all()
                    .map(|(found, _)| found.into_iter().map(|f| f.routine.name))
                    .into_iter()
                    .flatten(),
            );
            Err(Error::UnknownActivity {
                what: what.to_owned(),
                suggestion: did_you_mean(what, names.iter().map(String::as_str)).map(str::to_owned),
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// `naive` as a time here. A time that a clock change skipped is refused; one that happened
/// twice (the hour repeated when the clocks go back) is taken the first time. chrono gives
/// the two in order of their offsets, not of their instants, so the earlier is picked.
fn local(naive: NaiveDateTime) -> Result<DateTime<Local>, Error> {
    match Local.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t),
        LocalResult::Ambiguous(a, b) => Ok(a.min(b)),
        LocalResult::None => Err(Error::BadEntry(format!(
            "{} did not happen here: the clocks went forward past it",
            naive.format("%Y-%m-%d %H:%M")
        ))),
    }
}

pub fn add(
    args: &AddArgs,
    library: &Library,
    data: &Path,
    now: DateTime<Local>,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    let done = resolve(&args.what, library)?;
    // Checked on the command line: finite, 0.1 to 600 minutes; to the millisecond.
    let length = Duration::milliseconds((args.minutes * 60_000.0).round() as i64);
    let (start, end) = match args.at {
        Some(at) => {
            let start = local(at)?;
            (start, start + length)
        }
        None => (now - length, now),
    };
    if start > now + Duration::minutes(1) {
        return Err(Error::BadEntry(format!(
            "{} is in the future",
            start.format("%Y-%m-%d %H:%M")
        )));
    }
    if let Some(note) = &args.note
        && note.chars().count() > NOTE_CHARS
    {
        return Err(Error::BadEntry(format!(
            "the note is over {NOTE_CHARS} characters"
        )));
    }

    let answers = Answers {
        pain_before: args.pain_before,
        pain_after: args.pain_after,
        note: args.note.clone(),
        flare_offer: None,
        ratings: Default::default(),
    };
    let record = Record::manual(
        &done.name,
        &done.title,
        &done.parts,
        start.fixed_offset(),
        end.fixed_offset(),
        answers,
    );
    // Opened only now, once everything is checked: a refused entry leaves no trace.
    let store = super::open_store(data)?;
    if let Err(e) = store.append(&record) {
        super::not_saved(e, &record);
        return Ok(Exit::Failure);
    }
    let pain = match pain_change(args.pain_before, args.pain_after) {
        change if change.is_empty() => change,
        change => format!(", pain {change}"),
    };
    writeln!(
        out,
        "Added {}: {} min from {}{pain}.",
        done.name,
        args.minutes,
        start.format("%Y-%m-%d %H:%M")
    )?;
    Ok(Exit::Success)
}
