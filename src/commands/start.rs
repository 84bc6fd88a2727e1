//! `backcoach start <routine>`: resolve and plan the routine (failing before the terminal
//! is touched), show the safety screen before the first session ever (or with `--safety`),
//! ask how the back is (at 8 or more: the urgent red flags and the offer of the gentler
//! `flare` routine), run the session on the full screen or as plain lines, ask again, then
//! append the record and print a short summary.

use std::io::{self, IsTerminal, Write};
use std::sync::mpsc;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use crossterm::event::KeyCode;

use crate::cli::StartArgs;
use crate::error::{Error, Exit};
use crate::journal::record::{self, Answers, FlareOffer, Record};
use crate::journal::store::StoreError;
use crate::output::duration;
use crate::plan::{Plan, PlanOptions};
use crate::routine::library::Library;
use crate::session::{Engine, Outcome, Status, Summary};
use crate::settings::Config;
use crate::settings::paths::Dirs;
use crate::settings::state::State;
use crate::ui::terminal::plain::Plain;
use crate::ui::terminal::tui::{Ask, Choice, Io, Reply, Screen, Tui};
use crate::ui::terminal::{self, Ending, Frontend, Session, SystemClock, ThisProcess};
use crate::ui::view::{self, Offer, clock, stopwatch};

const PAIN_HINT: &str = "0 is no pain, 10 the worst you can imagine. Type a number and press Enter; Enter alone skips, Esc cancels.";
const PAIN_AFTER_HINT: &str =
    "0 is no pain, 10 the worst you can imagine. Type a number and press Enter; Enter alone skips.";
const NOTE_HINT: &str = "One line for the log, then Enter. Enter alone or Esc skips.";
const CANCELLED: &str = "Cancelled before the first step; nothing recorded.";

/// The gentler routine for a bad day, offered when pain before is high.
pub const FLARE: &str = "flare";
/// Pain before from which the red flags and the flare routine are shown.
pub const FLARE_AT: u8 = 8;
/// Pain after this many points higher than before is said to be worse.
pub const WORSE_BY: u8 = 2;

pub fn start(
    opts: &StartArgs,
    library: &Library,
    config: &Config,
    dirs: &Dirs,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    // Resolved first, so that a wrong name fails before anything else is set up.
    library.resolve(&opts.routine)?;
    let tty = !opts.run.plain && io::stdin().is_terminal() && io::stdout().is_terminal();
    let (tx, mut rx) = mpsc::channel();
    terminal::forward_signals(tx.clone()).map_err(Error::Terminal)?;
    let system = SystemClock::new(opts.speed);
    let mut process = ThisProcess;
    let mut io = Io {
        clock: &system,
        inputs: &mut rx,
        process: &mut process,
    };
    start_with(opts, library, config, dirs, out, &mut io, tty.then_some(tx))
}

/// `start`, with the time, the inputs and the process given (made up in tests); `keys` is
/// where the full screen sends key presses, or `None` for plain lines.
pub(crate) fn start_with(
    opts: &StartArgs,
    library: &Library,
    config: &Config,
    dirs: &Dirs,
    out: &mut impl Write,
    io: &mut Io<'_>,
    keys: Option<mpsc::Sender<terminal::Input>>,
) -> Result<Exit, Error> {
    let found = library.resolve(&opts.routine)?;
    let planned = &found.routine;
    // The flare routine, to offer on a bad day; none when this is it, or when a routine file
    // of the user's under that name is broken.
    let flare = if planned.name == FLARE {
        None
    } else {
        library.resolve(FLARE).ok()
    };
    let offer = match &flare {
        Some(f) => Offer::Switch {
            flare: &f.routine.title,
            planned: &planned.name,
        },
        None if planned.name == FLARE => Offer::AlreadyFlare,
        None => Offer::Nothing,
    };
    let preview = opts.speed != 1.0;
    let store = if opts.run.no_log || preview {
        None
    } else {
        // The clock and the log are checked now: a session that can't be recorded is
        // found before the terminal is touched, not after twenty minutes.
        record::in_range(io.clock.wall()).map_err(StoreError::from)?;
        Some(super::open_store(
            dirs.data.as_ref().ok_or(Error::NoDataDir)?,
        )?)
    };
    let plan_options = PlanOptions {
        lead_in: opts.lead_in.unwrap_or(config.lead_in.value),
        ..config.plan_options()
    };
    let mut routine = planned;
    let mut plan = Plan::new(routine, &plan_options);
    let show_safety = opts.safety
        || !dirs
            .state
            .as_deref()
            .is_some_and(|dir| State::load(dir).safety_seen());
    // A state file that can't be written is told after the session, once.
    let mut not_remembered: Option<Error> = None;

    let mut answers = Answers {
        pain_before: opts.pain,
        ..Answers::default()
    };

    let (summary, started_at, elapsed, ending) = if let Some(tx) = keys {
        let quiet = opts.run.quiet || !config.bell.value;
        let mut tui =
            Tui::enter(routine, quiet, config.screen_color(), tx).map_err(Error::Terminal)?;
        // The safety screen, page by page on a small screen; remembered once all was shown.
        let mut page = 0;
        let mut safety_left = show_safety;
        while safety_left {
            let go_on = |k| matches!(k, KeyCode::Enter | KeyCode::Char(' ')).then_some(());
            match tui.choose(io, |w, h| view::safety_page(page, w, h), go_on) {
                Ok(Choice::Picked(())) => {
                    let (w, h) = Screen::size();
                    page += 1;
                    if page >= view::safety_pages(w, h) {
                        not_remembered = remember_safety(dirs, io.clock.wall()).err();
                        safety_left = false;
                    }
                }
                Ok(Choice::Cancel) => return end_early(tui, out, None, None),
                Ok(Choice::End(ending)) => return end_early(tui, out, Some(ending), None),
                Err(e) => return Err(Error::Terminal(e)),
            }
        }
        if answers.pain_before.is_none() && !preview {
            match tui.ask(
                io,
                Ask::Pain,
                "How is your back right now, 0-10?",
                PAIN_HINT,
            ) {
                Ok(Reply::Answer(a)) => answers.pain_before = a.parse().ok(),
                Ok(Reply::Skip) => {}
                Ok(Reply::Cancel) => return end_early(tui, out, None, not_remembered.as_ref()),
                Ok(Reply::End(ending)) => {
                    return end_early(tui, out, Some(ending), not_remembered.as_ref());
                }
                Err(e) => return Err(Error::Terminal(e)),
            }
        }
        if let Some(pain) = answers.pain_before.filter(|p| *p >= FLARE_AT) {
            let switch = matches!(offer, Offer::Switch { .. });
            let pick = |k| match k {
                KeyCode::Enter => Some(false),
                KeyCode::Char('f' | 'F') if switch => Some(true),
                _ => None,
            };
            let screen = |w, h| view::flare_offer(&routine.title, pain, offer, w, h);
            match tui.choose(io, screen, pick) {
                Ok(Choice::Picked(true)) => {
                    if let Some(f) = &flare {
                        routine = &f.routine;
                        plan = Plan::new(routine, &plan_options);
                        tui.switch_to(routine);
                        answers.flare_offer = Some(FlareOffer::Switched);
                    }
                }
                Ok(Choice::Picked(false)) => {
                    answers.flare_offer = switch.then_some(FlareOffer::Declined);
                }
                Ok(Choice::Cancel) => return end_early(tui, out, None, not_remembered.as_ref()),
                Ok(Choice::End(ending)) => {
                    return end_early(tui, out, Some(ending), not_remembered.as_ref());
                }
                Err(e) => return Err(Error::Terminal(e)),
            }
        }
        let (summary, started_at, elapsed, mut ending) = run(plan, io, &mut tui);
        if summary.steps.is_empty() {
            // Stopped before the first step began (at "You'll need"): nothing was done.
            let ending = (ending != Ending::Normal).then_some(ending);
            return end_early(tui, out, ending, not_remembered.as_ref());
        }
        if ending == Ending::Normal && !preview {
            ending = ask_after(&mut tui, io, &mut answers, summary.heat_on.as_deref());
        }
        drop(tui);
        (summary, started_at, elapsed, ending)
    } else {
        let width = crate::output::text_width();
        if show_safety {
            writeln!(out, "{}", view::safety_text(width))?;
            out.flush()?;
            not_remembered = remember_safety(dirs, io.clock.wall()).err();
        }
        if let Some(pain) = answers.pain_before.filter(|p| *p >= FLARE_AT) {
            writeln!(out, "{}", view::flare_text(pain, offer, width))?;
            if matches!(offer, Offer::Switch { .. }) {
                answers.flare_offer = Some(FlareOffer::Suggested);
            }
        }
        let plan = plan.without_waits();
        let total = duration(plan.total_seconds());
        let how = if preview {
            format!(" Preview at {}x speed.", opts.speed)
        } else {
            String::new()
        };
        let steps = match routine.steps.len() {
            1 => "1 step".to_owned(),
            n => format!("{n} steps"),
        };
        writeln!(
            out,
            "{}: {steps}, {total}. Ctrl-C stops.{how}",
            routine.title
        )?;
        run(plan, io, &mut Plain::new(&mut *out, routine))
    };

    let record = Record::new(routine, &summary, started_at, elapsed, answers);
    let mut lost = false;
    let saved = match &store {
        Some(store) => match store.append(&record) {
            Ok(()) => Some(store.path()),
            Err(e) => {
                // Nothing is lost without a word: the record goes to stderr, to be kept by hand.
                super::not_saved(e, &record);
                lost = true;
                None
            }
        },
        None => None,
    };
    report(out, &summary, &record, saved.as_deref(), preview, opts)?;
    out.flush()?;
    warn(not_remembered.as_ref());
    Ok(super::lost_exit(ending.exit(), lost))
}

/// Ends a session before its first step, with nothing recorded: cancelled (q or Esc, exit 0)
/// when `ending` is `None`, else as `ending` says (Ctrl-C, a signal). The terminal is given
/// back first, then `problem` is told.
fn end_early(
    tui: Tui<'_>,
    out: &mut impl Write,
    ending: Option<Ending>,
    problem: Option<&Error>,
) -> Result<Exit, Error> {
    drop(tui);
    let exit = match ending {
        None => {
            writeln!(out, "{CANCELLED}")?;
            Exit::Success
        }
        Some(ending) => ending.exit(),
    };
    warn(problem);
    Ok(exit)
}

/// Remembers, in the state folder, that the safety screen was shown and the person went on.
fn remember_safety(dirs: &Dirs, now: DateTime<FixedOffset>) -> Result<(), Error> {
    let dir = dirs.state.as_deref().ok_or(Error::NoStateDir)?;
    let mut state = State::load(dir);
    state.saw_safety(now);
    Ok(state.save(dir)?)
}

/// Tells of a problem that did not stop the session, on stderr.
fn warn(problem: Option<&Error>) {
    if let Some(e) = problem {
        e.warn(&mut io::stderr().lock());
    }
}

/// How a run went: the summary, when it started on the wall clock, how long it took on the
/// monotonic clock (so a wall clock put back can't end it before it began), and how it ended.
type Run = (Summary, DateTime<FixedOffset>, Duration, Ending);

/// Runs `plan` to its end on `front`. A terminal that fails mid-session ends it as hung up;
/// whatever happened, the engine is stopped and summed up.
fn run(plan: Plan, io: &mut Io<'_>, front: &mut impl Frontend) -> Run {
    let started_at = io.clock.wall();
    let started = io.clock.now();
    let mut engine = Engine::new(plan, started);
    let ending = Session::new(&mut engine, front)
        .run(io.clock, io.inputs, io.process)
        .unwrap_or(Ending::HungUp);
    let ended = io.clock.now();
    (
        engine.summary(ended),
        started_at,
        ended.saturating_duration_since(started),
        ending,
    )
}

/// The after questions: pain, then a note. Returns how the session ends.
fn ask_after(
    tui: &mut Tui<'_>,
    io: &mut Io<'_>,
    answers: &mut Answers,
    heat_on: Option<&str>,
) -> Ending {
    let question = match heat_on {
        Some(heat_off) => format!("{heat_off}. How is your back now, 0-10?"),
        None => "How is your back now, 0-10?".to_owned(),
    };
    match tui.ask(io, Ask::Pain, &question, PAIN_AFTER_HINT) {
        Ok(Reply::Answer(a)) => answers.pain_after = a.parse().ok(),
        Ok(Reply::Skip) => {}
        Ok(Reply::Cancel) => return Ending::Normal,
        Ok(Reply::End(ending)) => return ending,
        Err(_) => return Ending::HungUp,
    }
    match tui.ask(io, Ask::Note, "A note about today? (optional)", NOTE_HINT) {
        Ok(Reply::Answer(note)) => answers.note = Some(note),
        Ok(Reply::Skip | Reply::Cancel) => {}
        Ok(Reply::End(ending)) => return ending,
        Err(_) => return Ending::HungUp,
    }
    Ending::Normal
}

/// How many points higher pain is after than before, when that is `WORSE_BY` or more.
fn worse_by(before: Option<u8>, after: Option<u8>) -> Option<u8> {
    let rise = after?.checked_sub(before?)?;
    (rise >= WORSE_BY).then_some(rise)
}

/// The closing summary: time, steps done and skipped, pain before and after (and, when it
/// rose by 2 or more, what to do about it), where it went.
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
    if let Some(heat_off) = &summary.heat_on {
        writeln!(out, "{heat_off}.")?;
    }
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
    if let Some(high) = record
        .pain_after
        .filter(|p| *p >= FLARE_AT && worse_by(record.pain_before, record.pain_after).is_none())
    {
        writeln!(out, "  Pain is high ({high} out of 10).")?;
        writeln!(
            out,
            "  Check the red flags (backcoach strategies). If it stays this high, see a doctor."
        )?;
    }
    if let Some(worse) = worse_by(record.pain_before, record.pain_after) {
        let next = if record.routine == FLARE {
            "Next time, go back a level: do less, and more gently."
        } else {
            "Next time, try the gentler routine: backcoach start flare"
        };
        writeln!(out, "  Pain is {worse} points higher than before.")?;
        writeln!(out, "  {next}")?;
        writeln!(
            out,
            "  Check the red flags (backcoach strategies). If pain stays high, see a doctor."
        )?;
    }
    match (saved, preview, opts.run.no_log) {
        (Some(path), _, _) => writeln!(out, "  Recorded in {}.", path.display()),
        (None, true, _) => writeln!(out, "  A preview at {}x speed: not recorded.", opts.speed),
        (None, _, true) => writeln!(out, "  Not recorded (--no-log)."),
        (None, false, false) => writeln!(out, "  Not recorded: see the message above."),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use clap::Parser;

    use super::*;
    use crate::ui::terminal::Clock;

    #[test]
    fn worse_means_2_points_or_more_higher() {
        assert_eq!(worse_by(Some(3), Some(5)), Some(2));
        assert_eq!(worse_by(Some(0), Some(10)), Some(10));
        assert_eq!(worse_by(Some(3), Some(4)), None, "1 point is not worse");
        assert_eq!(worse_by(Some(6), Some(2)), None, "better is not worse");
        assert_eq!(worse_by(None, Some(9)), None);
        assert_eq!(worse_by(Some(1), None), None);
    }

    /// The summary of a session of `routine` with pain `before` and `after`.
    fn summary_of(routine: &str, before: u8, after: u8) -> String {
        summary_with(routine, before, after, false)
    }

    fn summary_with(routine: &str, before: u8, after: u8, heat_on: bool) -> String {
        let lib = Library::load(None).expect("catalogue");
        let found = lib.resolve(routine).expect("routine");
        let summary = Summary {
            status: Status::Completed,
            planned: Duration::from_secs(60),
            active: Duration::from_secs(60),
            steps: vec![],
            heat_on: heat_on.then(|| crate::routine::HEAT_OFF.to_owned()),
        };
        let at = chrono::Local::now().fixed_offset();
        let answers = Answers {
            pain_before: Some(before),
            pain_after: Some(after),
            ..Answers::default()
        };
        let record = Record::new(&found.routine, &summary, at, Duration::ZERO, answers);
        let cli = crate::cli::Cli::try_parse_from(["backcoach", "start", routine]).expect("args");
        let crate::cli::Command::Start(opts) = cli.command else {
            panic!("not start");
        };
        let mut out = Vec::new();
        report(&mut out, &summary, &record, None, false, &opts).expect("written");
        String::from_utf8(out).expect("utf8")
    }

    #[test]
    fn pain_2_points_higher_after_is_said_with_what_to_do() {
        let text = summary_of("evening", 3, 5);
        assert!(text.contains("  Pain: 3 before, 5 after.\n"), "{text}");
        assert!(
            text.contains(
                "  Pain is 2 points higher than before.\n  Next time, try the gentler routine: backcoach start flare\n  Check the red flags (backcoach strategies). If pain stays high, see a doctor.\n"
            ),
            "{text}"
        );
        let text = summary_of(FLARE, 4, 7);
        assert!(
            text.contains("Pain is 3 points higher than before."),
            "{text}"
        );
        assert!(!text.contains("backcoach start flare"), "{text}");
        assert!(text.contains("go back a level"), "{text}");
        // Every line fits an 80-column terminal.
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "{line:?}");
        }
    }

    #[test]
    fn stopped_under_the_heat_the_summary_says_heat_off_first() {
        let text = summary_with("evening", 3, 3, true);
        assert!(
            text.starts_with("Heat off: move it away and check your skin.\n"),
            "{text}"
        );
        assert!(!summary_of("evening", 3, 3).contains("Heat off"));
    }

    #[test]
    fn a_high_pain_after_points_at_the_red_flags_even_without_a_rise() {
        // Found by a new user: 9 before, 10 after said nothing.
        let text = summary_of("flare", 9, 10);
        assert!(text.contains("  Pain is high (10 out of 10).\n"), "{text}");
        assert!(text.contains("red flags (backcoach strategies)"), "{text}");
        // A rise of 2 or more says its own, longer word; not both.
        let text = summary_of("evening", 6, 9);
        assert!(!text.contains("Pain is high"), "{text}");
        assert!(text.contains("3 points higher"), "{text}");
        assert!(!summary_of("evening", 5, 4).contains("Pain is high"));
    }

    #[test]
    fn a_better_or_same_score_is_a_number_and_no_claim() {
        for (before, after) in [(6, 2), (5, 6), (4, 4)] {
            let text = summary_of("evening", before, after);
            assert!(!text.contains("higher than before"), "{text}");
            let lower = text.to_lowercase();
            for claim in ["cure", "fixed", "heal", "thanks to", "worked", "because"] {
                assert!(!lower.contains(claim), "{claim:?} in {text}");
            }
        }
    }

    /// A plain session on made-up time: the lines it prints, and the record it keeps.
    #[test]
    fn a_plain_session_on_made_up_time_prints_each_prompt_and_records() {
        let home = FakeHome::new(true);
        home.routine(
            "short.toml",
            "title = \"Short\"\nsummary = \"S\"\nrest = 0\n[[step]]\nexercise = \"plank\"\nseconds = 2\nsets = 1\n[[step]]\nname = \"Squeeze\"\nstrategy = \"mind-body\"\ncues = [\"Gently\"]\nphases = [{ say = \"Tense\", seconds = 1 }]\n",
        );
        let (exit, out) = home.run(&["start", "short", "--lead-in", "1", "--pain", "6", "--plain"]);
        assert_eq!(exit, Exit::Success);
        let all: Vec<&str> = out.lines().collect();
        // As each step begins, its caution and its cues, indented; the prompts between.
        assert!(all[2].starts_with("    ! "), "the plank's caution: {out}");
        assert!(all[3].starts_with("    - "), "then the plank's cues: {out}");
        assert!(out.contains("Squeeze, 1 s\n    - Gently\n"), "{out}");
        let lines: Vec<&str> = all
            .iter()
            .copied()
            .filter(|l| !l.starts_with("    "))
            .collect();
        assert_eq!(lines[0], "Short: 2 steps, 5 s. Ctrl-C stops.");
        assert_eq!(
            lines[1],
            "[0:00] step 1/2 Plank (knees down): Get ready: Plank (knees down), 1 s"
        );
        assert!(
            lines[2].starts_with("[0:01] step 1/2 Plank (knees down): "),
            "{out}"
        );
        assert!(lines[2].ends_with(", 2 s"), "{out}");
        assert_eq!(lines[3], "[0:03] step 2/2 Squeeze: Get ready: Squeeze, 1 s");
        assert_eq!(lines[4], "[0:04] step 2/2 Squeeze: Tense, 1 s");
        assert_eq!(lines[5], "Short: completed.");
        assert!(
            !out.contains('\x1b'),
            "no escape codes in plain mode: {out:?}"
        );
        assert!(out.contains("Pain: 6 before, - after."), "{out}");

        let records = home.records();
        assert_eq!(records.len(), 1);
        let r = &records[0];
        assert_eq!(r["version"], 1);
        assert_eq!(r["status"], "completed");
        assert_eq!(r["planned_seconds"], 5);
        assert_eq!(r["active_seconds"], 5.0);
        assert_eq!(r["pain_before"], 6);
        assert_eq!(r["steps"][1]["exercise"], serde_json::Value::Null);
        assert_eq!(r["steps"][1]["name"], "Squeeze");
        assert_eq!(r["steps"][1]["outcome"], "done");
        // The times are the clock's: exactly five seconds apart.
        assert_eq!(r["started_at"], "2026-11-25T19:00:00.000+01:00");
        assert_eq!(r["ended_at"], "2026-11-25T19:00:05.000+01:00");
    }

    /// A home in a temporary folder where `start` runs in plain mode on made-up time.
    struct FakeHome {
        tmp: tempfile::TempDir,
    }

    impl FakeHome {
        /// A home whose person has seen the safety screen, or not.
        fn new(seen_safety: bool) -> FakeHome {
            let home = FakeHome {
                tmp: tempfile::tempdir().expect("temp dir"),
            };
            std::fs::create_dir_all(home.routines()).expect("mkdir");
            if seen_safety {
                let mut state = State::default();
                state.saw_safety(
                    DateTime::parse_from_rfc3339("2026-01-01T00:00:00+00:00").expect("t"),
                );
                state.save(&home.state()).expect("state");
            }
            home
        }

        fn routines(&self) -> std::path::PathBuf {
            self.tmp.path().join("config/routines")
        }

        fn state(&self) -> std::path::PathBuf {
            self.tmp.path().join("state")
        }

        fn data(&self) -> std::path::PathBuf {
            self.tmp.path().join("data")
        }

        fn routine(&self, name: &str, text: &str) {
            std::fs::write(self.routines().join(name), text).expect("write");
        }

        /// `backcoach ARGS` in plain mode on a fake clock: the exit and what it printed.
        fn run(&self, args: &[&str]) -> (Exit, String) {
            self.try_run(args, "2026-11-25T19:00:00+01:00", None)
                .expect("runs")
        }

        /// `backcoach ARGS` on a fake clock starting at `at`, whose wall clock is put back
        /// by `put_back` two seconds in, if given.
        fn try_run(
            &self,
            args: &[&str],
            at: &str,
            put_back: Option<chrono::Duration>,
        ) -> Result<(Exit, String), Error> {
            let dirs = Dirs {
                config: Some(self.tmp.path().join("config")),
                data: Some(self.data()),
                state: Some(self.state()),
            };
            let config = Config::load(&crate::settings::Env {
                dirs: dirs.clone(),
                ..Default::default()
            })
            .expect("defaults");
            let library = Library::load(Some(self.routines())).expect("library");
            let mut line = vec!["backcoach"];
            line.extend(args);
            let cli = crate::cli::Cli::try_parse_from(line).expect("args");
            let crate::cli::Command::Start(opts) = cli.command else {
                panic!("not start");
            };
            let clock = crate::ui::terminal::clock::FakeClock::at(
                DateTime::parse_from_rfc3339(at).expect("a time"),
            );
            let wall = PutBack {
                from: clock.now() + Duration::from_secs(2),
                by: put_back.unwrap_or_default(),
                clock: clock.clone(),
            };
            let mut script = clock.script([]);
            let mut process = NoStop;
            let mut io = Io {
                clock: &wall,
                inputs: &mut script,
                process: &mut process,
            };
            let mut out = Vec::new();
            let exit = start_with(&opts, &library, &config, &dirs, &mut out, &mut io, None)?;
            Ok((exit, String::from_utf8(out).expect("utf8")))
        }

        fn records(&self) -> Vec<serde_json::Value> {
            std::fs::read_to_string(self.data().join("sessions.jsonl"))
                .unwrap_or_default()
                .lines()
                .map(|l| serde_json::from_str(l).expect("a record"))
                .collect()
        }
    }

    const BLINK: &str = "title = \"Blink\"\nsummary = \"S\"\n[[step]]\nname = \"Breathe\"\nstrategy = \"mind-body\"\ncues = [\"Gently\"]\nphases = [{ say = \"Breathe out\", seconds = 1 }]\n";

    fn flat(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn the_safety_text_comes_before_the_first_session_only_and_again_with_safety() {
        use crate::routine::guide;
        let home = FakeHome::new(false);
        home.routine("blink.toml", BLINK);
        let (exit, out) = home.run(&["start", "blink", "--lead-in", "0", "--plain"]);
        assert_eq!(exit, Exit::Success);
        let safety = out
            .find("Before you start: safety")
            .expect("the safety text");
        let first_step = out.find("step 1/1").expect("the first step");
        assert!(safety < first_step, "{out}");
        let words = flat(&out);
        for text in [
            guide::COACH,
            guide::URGENT_HEADING,
            guide::ASK_FIRST_HEADING,
            "When to stop an exercise:",
            "backcoach strategies",
        ] {
            assert!(words.contains(text), "missing {text:?}:\n{out}");
        }
        for flag in guide::URGENT {
            assert!(words.contains(&flat(flag)), "missing {flag:?}:\n{out}");
        }
        assert!(out.contains("Blink: completed."), "{out}");
        assert_eq!(home.records().len(), 1, "the session is recorded as usual");
        assert!(home.state().join("state").is_file(), "remembered");

        let (_, out) = home.run(&["start", "blink", "--lead-in", "0", "--plain"]);
        assert!(!out.contains("Before you start: safety"), "{out}");
        assert!(out.starts_with("Blink: 1 step,"), "{out}");

        let (_, out) = home.run(&["start", "blink", "--lead-in", "0", "--plain", "--safety"]);
        assert!(out.starts_with("Before you start: safety"), "{out}");
        assert_eq!(home.records().len(), 3);
    }

    #[cfg(unix)]
    #[test]
    fn the_state_file_and_the_log_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let home = FakeHome::new(false);
        home.routine("blink.toml", BLINK);
        let (exit, _) = home.run(&["start", "blink", "--lead-in", "0", "--plain"]);
        assert_eq!(exit, Exit::Success);
        let mode = |p: std::path::PathBuf| {
            std::fs::metadata(p).expect("stat").permissions().mode() & 0o777
        };
        assert_eq!(mode(home.state()), 0o700);
        assert_eq!(mode(home.state().join("state")), 0o600);
        assert_eq!(mode(home.data()), 0o700);
        assert_eq!(mode(home.data().join("sessions.jsonl")), 0o600);
        let text = std::fs::read_to_string(home.state().join("state")).expect("read");
        assert!(text.contains("safety_shown = \""), "{text}");
    }

    #[test]
    fn pain_of_8_or_more_in_plain_mode_shows_the_red_flags_and_suggests_flare() {
        let home = FakeHome::new(true);
        home.routine("blink.toml", BLINK);
        let (exit, out) = home.run(&["start", "blink", "--lead-in", "0", "--plain", "--pain", "9"]);
        assert_eq!(exit, Exit::Success);
        assert!(
            !out.contains("Before you start: safety"),
            "seen before: {out}"
        );
        let words = flat(&out);
        assert!(
            words.contains("Your back is at 9 out of 10 right now."),
            "{out}"
        );
        for flag in crate::routine::guide::URGENT {
            assert!(words.contains(&flat(flag)), "missing {flag:?}:\n{out}");
        }
        assert!(
            words.contains("The flare routine is made for that: backcoach start flare"),
            "{out}"
        );
        assert!(words.contains("Going on with blink as planned."), "{out}");
        assert!(out.contains("Blink: completed."), "{out}");
        let recs = home.records();
        assert_eq!(recs[0]["routine"], "blink");
        assert_eq!(recs[0]["pain_before"], 9);
        assert_eq!(recs[0]["flare_offer"], "suggested");

        // Below 8: none of it, and no field in the record.
        let (_, out) = home.run(&["start", "blink", "--lead-in", "0", "--plain", "--pain", "7"]);
        assert!(!out.contains("emergency department"), "{out}");
        let recs = home.records();
        assert!(recs[1].get("flare_offer").is_none(), "{}", recs[1]);
    }

    #[test]
    fn the_flare_routine_itself_shows_the_red_flags_without_suggesting_itself() {
        let home = FakeHome::new(true);
        let (exit, out) = home.run(&["start", "flare", "--lead-in", "0", "--plain", "--pain", "8"]);
        assert_eq!(exit, Exit::Success);
        assert!(
            out.contains("Your back is at 8 out of 10 right now."),
            "{out}"
        );
        assert!(
            flat(&out).contains(crate::routine::guide::URGENT_HEADING),
            "{out}"
        );
        assert!(!out.contains("backcoach start flare"), "{out}");
        assert!(!out.contains("as planned"), "{out}");
        assert_eq!(home.records()[0]["routine"], "flare");
    }

    /// A fake clock whose wall clock is put back `by` from the instant `from` on, as when
    /// the system clock is corrected mid-session.
    struct PutBack {
        clock: crate::ui::terminal::clock::FakeClock,
        from: std::time::Instant,
        by: chrono::Duration,
    }

    impl Clock for PutBack {
        fn now(&self) -> std::time::Instant {
            self.clock.now()
        }
        fn wall(&self) -> DateTime<FixedOffset> {
            let wall = self.clock.wall();
            if self.clock.now() >= self.from {
                wall - self.by
            } else {
                wall
            }
        }
        fn wait_until(&self, at: std::time::Instant, now: std::time::Instant) -> Duration {
            self.clock.wait_until(at, now)
        }
    }

    /// Issue 11: a wall clock put back mid-session made a session end before it began.
    #[test]
    fn ended_at_after_the_wall_clock_is_put_back_mid_session() {
        let home = FakeHome::new(true);
        home.routine("blink.toml", BLINK);
        let hour = chrono::Duration::hours(1);
        let (exit, _) = home
            .try_run(
                &["start", "blink", "--lead-in", "4", "--plain"],
                "2026-11-25T19:00:00+01:00",
                Some(hour),
            )
            .expect("runs");
        assert_eq!(exit, Exit::Success);
        let r = &home.records()[0];
        assert_eq!(r["started_at"], "2026-11-25T19:00:00.000+01:00");
        assert_eq!(
            r["ended_at"], "2026-11-25T19:00:05.000+01:00",
            "the start plus the 5 s the session took, not the wall clock an hour back"
        );
    }

    /// Issue 11: an unwritable log was found only after the session. It is found before
    /// the first line of the session, and nothing runs.
    #[cfg(unix)]
    #[test]
    fn a_log_that_cannot_be_written_fails_before_the_session_starts() {
        let home = FakeHome::new(true);
        home.routine("blink.toml", BLINK);
        std::fs::create_dir_all(home.data()).expect("mkdir");
        let elsewhere = home.tmp.path().join("elsewhere");
        std::fs::write(&elsewhere, "").expect("write");
        std::os::unix::fs::symlink(&elsewhere, home.data().join("sessions.jsonl"))
            .expect("symlink");
        let args = ["start", "blink", "--lead-in", "0", "--plain"];
        let err = home
            .try_run(&args, "2026-11-25T19:00:00+01:00", None)
            .expect_err("refused");
        assert!(
            matches!(
                err,
                Error::Store(crate::journal::store::StoreError::Symlink { .. })
            ),
            "{err}"
        );
        assert_eq!(err.exit(), Exit::Failure);
        assert_eq!(std::fs::read(&elsewhere).expect("read").len(), 0);
        // A clock before 1970, which the log can't keep, is found before the session too.
        std::fs::remove_file(home.data().join("sessions.jsonl")).expect("rm");
        let err = home
            .try_run(&args, "1969-07-20T20:17:00+00:00", None)
            .expect_err("refused");
        assert!(err.to_string().contains("1970 to 9999"), "{err}");
        // `--no-log` runs all the same.
        let mut no_log = args.to_vec();
        no_log.push("--no-log");
        let (exit, out) = home
            .try_run(&no_log, "1969-07-20T20:17:00+00:00", None)
            .expect("runs");
        assert_eq!(exit, Exit::Success);
        assert!(out.contains("Not recorded (--no-log)."), "{out}");
    }

    /// A record that could not be saved makes the session fail (its record goes to stderr):
    /// here it would end in the year 10000, which the log can't keep.
    #[test]
    fn a_record_that_could_not_be_saved_makes_the_session_fail() {
        let home = FakeHome::new(true);
        home.routine("blink.toml", BLINK);
        let (exit, out) = home
            .try_run(
                &["start", "blink", "--lead-in", "0", "--plain"],
                "9999-12-31T23:59:59+00:00",
                None,
            )
            .expect("runs");
        assert_eq!(exit, Exit::Failure);
        assert!(
            out.contains("Not recorded: see the message above."),
            "{out}"
        );
        assert!(!out.contains("Recorded in"), "{out}");
        assert!(home.records().is_empty());
    }

    #[derive(Debug)]
    struct NoStop;

    impl crate::ui::terminal::Process for NoStop {
        fn stop(&mut self) {}
    }
}
