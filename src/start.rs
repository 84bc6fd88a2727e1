//! `backcoach start <routine>`: resolve and plan the routine (failing before the terminal
//! is touched), ask how the back is, run the session on the full screen or as plain lines,
//! ask again, then append the record and print a short summary.

use std::io::{self, IsTerminal, Write};
use std::sync::mpsc;

use chrono::{DateTime, FixedOffset, Local};

use crate::cli::StartArgs;
use crate::config::Config;
use crate::error::{Error, Exit};
use crate::library::Library;
use crate::output::duration;
use crate::paths::Dirs;
use crate::plan::{Plan, PlanOptions};
use crate::record::{Answers, Record};
use crate::session::{Command, Engine, Outcome, Status, Summary};
use crate::store::Store;
use crate::terminal::plain::Plain;
use crate::terminal::tui::{Ask, Reply, Tui};
use crate::terminal::{self, Clock, Ending, Frontend, Input};
use crate::view::{clock, stopwatch};

const PAIN_HINT: &str = "0 is no pain, 10 the worst you can imagine. Type a number and press Enter; Enter alone skips, Esc cancels.";
const PAIN_AFTER_HINT: &str =
    "0 is no pain, 10 the worst you can imagine. Type a number and press Enter; Enter alone skips.";
const NOTE_HINT: &str = "One line for the log, then Enter. Enter alone or Esc skips.";

pub fn start(
    opts: &StartArgs,
    library: &Library,
    config: &Config,
    dirs: &Dirs,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    let found = library.resolve(&opts.routine)?;
    let routine = &found.routine;
    let preview = opts.speed != 1.0;
    let store = if opts.run.no_log || preview {
        None
    } else {
        Some(Store::open(dirs.data.as_ref().ok_or(Error::NoDataDir)?)?)
    };
    let plan = Plan::new(
        routine,
        &PlanOptions {
            lead_in: opts.lead_in.unwrap_or(config.lead_in.value),
            ..config.plan_options()
        },
    );
    let tty = !opts.run.plain && io::stdin().is_terminal() && io::stdout().is_terminal();

    let (tx, rx) = mpsc::channel();
    terminal::forward_signals(tx.clone()).map_err(Error::Terminal)?;
    let clock = Clock::new(opts.speed);
    let mut answers = Answers {
        pain_before: opts.pain,
        ..Answers::default()
    };

    let (summary, started_at, ended_at, ending) = if tty {
        let quiet = opts.run.quiet || !config.bell.value;
        let mut tui =
            Tui::enter(routine, quiet, config.screen_color(), tx).map_err(Error::Terminal)?;
        test_panic();
        if answers.pain_before.is_none() && !preview {
            match tui.ask(
                &rx,
                Ask::Pain,
                "How is your back right now, 0-10?",
                PAIN_HINT,
            ) {
                Ok(Reply::Answer(a)) => answers.pain_before = a.parse().ok(),
                Ok(Reply::Skip) => {}
                Ok(Reply::Cancel) => {
                    drop(tui);
                    writeln!(out, "Cancelled before the first step; nothing recorded.")?;
                    return Ok(Exit::Success);
                }
                Ok(Reply::End(ending)) => return Ok(ending.exit()),
                Err(e) => return Err(Error::Terminal(e)),
            }
        }
        let (summary, started_at, ended_at, mut ending) = run(plan, &clock, &rx, &mut tui);
        if ending == Ending::Normal && !preview {
            ending = ask_after(&mut tui, &rx, &mut answers);
        }
        drop(tui);
        (summary, started_at, ended_at, ending)
    } else {
        let plan = plan.without_waits();
        let total = duration(plan.total_seconds());
        let how = if preview {
            format!(" Preview at {}x speed.", opts.speed)
        } else {
            String::new()
        };
        writeln!(
            out,
            "{}: {} steps, {total}. Ctrl-C stops.{how}",
            routine.title,
            routine.steps.len()
        )?;
        run(plan, &clock, &rx, &mut Plain::new(&mut *out, routine))
    };

    let record = Record::new(routine, &summary, started_at, ended_at, answers);
    let saved = match &store {
        Some(store) => match store.append(&record) {
            Ok(()) => Some(store.path()),
            Err(e) => {
                // Nothing is lost: the record goes to stderr, to be kept by hand.
                let line = record.to_line().unwrap_or_default();
                let mut err = io::stderr().lock();
                let _ = write!(
                    err,
                    "backcoach: {e}\n  hint: this is the record; append it to the log by hand:\n{line}"
                );
                None
            }
        },
        None => None,
    };
    report(out, &summary, &record, saved.as_deref(), preview, opts)?;
    Ok(ending.exit())
}

/// How a run went: the summary, when it started and ended, and how it ended.
type Run = (
    Summary,
    DateTime<FixedOffset>,
    DateTime<FixedOffset>,
    Ending,
);

/// Runs `plan` to its end on `front`. A terminal that fails mid-session ends it as hung up;
/// whatever happened, the engine is stopped and summed up.
fn run(plan: Plan, clock: &Clock, rx: &mpsc::Receiver<Input>, front: &mut impl Frontend) -> Run {
    let started_at = Local::now().fixed_offset();
    let mut engine = Engine::new(plan, clock.now());
    let ending = terminal::drive(&mut engine, clock, rx, front).unwrap_or(Ending::HungUp);
    engine.command(Command::Stop, clock.now());
    (
        engine.summary(clock.now()),
        started_at,
        Local::now().fixed_offset(),
        ending,
    )
}

/// Debug builds only: panics inside the full screen when `BACKCOACH_TEST_PANIC` is set, so
/// the end-to-end tests can prove that a panic gives the terminal back. Release builds have
/// no such switch.
#[cfg(debug_assertions)]
#[allow(clippy::panic)]
fn test_panic() {
    if std::env::var_os("BACKCOACH_TEST_PANIC").is_some() {
        panic!("a test panic inside the full screen (BACKCOACH_TEST_PANIC)");
    }
}

#[cfg(not(debug_assertions))]
fn test_panic() {}

/// The after questions: pain, then a note. Returns how the session ends.
fn ask_after(tui: &mut Tui<'_>, rx: &mpsc::Receiver<Input>, answers: &mut Answers) -> Ending {
    match tui.ask(
        rx,
        Ask::Pain,
        "How is your back now, 0-10?",
        PAIN_AFTER_HINT,
    ) {
        Ok(Reply::Answer(a)) => answers.pain_after = a.parse().ok(),
        Ok(Reply::Skip) => {}
        Ok(Reply::Cancel) => return Ending::Normal,
        Ok(Reply::End(ending)) => return ending,
        Err(_) => return Ending::HungUp,
    }
    match tui.ask(rx, Ask::Note, "A note about today? (optional)", NOTE_HINT) {
        Ok(Reply::Answer(note)) => answers.note = Some(note),
        Ok(Reply::Skip | Reply::Cancel) => {}
        Ok(Reply::End(ending)) => return ending,
        Err(_) => return Ending::HungUp,
    }
    Ending::Normal
}

/// The closing summary: time, steps done and skipped, pain before and after, where it went.
fn report(
    out: &mut impl Write,
    summary: &Summary,
    record: &Record,
    saved: Option<&std::path::Path>,
    preview: bool,
    opts: &StartArgs,
) -> io::Result<()> {
    let status = match summary.status {
        Status::Completed => "completed",
        Status::Stopped => "stopped",
    };
    writeln!(out, "{}: {status}.", record.title)?;
    let count = |o: Outcome| summary.steps.iter().filter(|r| r.outcome == o).count();
    writeln!(
        out,
        "  Time: {} (planned {}). Steps: {} done, {} partly done, {} skipped.",
        stopwatch(summary.active),
        clock(summary.planned),
        count(Outcome::Done),
        count(Outcome::Partial),
        count(Outcome::Skipped),
    )?;
    let pain = |p: Option<u8>| p.map_or("-".to_owned(), |n| n.to_string());
    if record.pain_before.is_some() || record.pain_after.is_some() {
        writeln!(
            out,
            "  Pain: {} before, {} after.",
            pain(record.pain_before),
            pain(record.pain_after)
        )?;
    }
    match (saved, preview, opts.run.no_log) {
        (Some(path), _, _) => writeln!(out, "  Recorded in {}.", path.display()),
        (None, true, _) => writeln!(out, "  A preview at {}x speed: not recorded.", opts.speed),
        (None, _, true) => writeln!(out, "  Not recorded (--no-log)."),
        (None, false, false) => writeln!(out, "  Not recorded: see the message above."),
    }
}
