//! `backcoach start <routine>`: resolve the routine (or an exercise on its own), fit it into
//! `--minutes`, plan it and open the log (failing before the terminal is touched), show the
//! safety screen before the first session ever (or with `--safety`), ask how the back is (at 8
//! or more: the urgent red flags and the offer of the gentler `flare` routine), say what
//! fitting changed, run the session on the full screen or as plain lines, ask again, then
//! append the record and print a short summary.

use std::io::{self, Write};
use std::time::Duration;

use chrono::{DateTime, FixedOffset};

use crate::cli::StartArgs;
use crate::error::{Error, Exit};
use crate::journal::levels::Leveled;
use crate::journal::record::{self, Answers, FlareOffer, Record};
use crate::journal::store::{Store, StoreError};
use crate::output::summary::{self, Saved};
use crate::output::{self, count, duration};
use crate::plan::{Plan, PlanOptions};
use crate::routine::Routine;
use crate::routine::guide::{FLARE_AT, FLARE_ROUTINE};
use crate::routine::library::Library;
use crate::session::{Engine, Status, Summary};
use crate::settings::Config;
use crate::settings::paths::Dirs;
use crate::settings::state::State;
use crate::ui::speech;
use crate::ui::terminal::ask::{self, Ask, Choice, Reply};
use crate::ui::terminal::input::Pick;
use crate::ui::terminal::session::{Change, Levels};
use crate::ui::terminal::speaker::{self, LAST_WORDS, Speak, Speaker, Voice};
use crate::ui::terminal::{self, Ending, Io, Kind, Lines, Screen, Session, Surface, System};
use crate::ui::view::{self, Frame, Offer};

const PAIN_HINT: &str = "0 is no pain, 10 the worst you can imagine. Type a number and press Enter; Enter alone skips, Esc cancels.";
const PAIN_AFTER_HINT: &str = "0 is no pain, 10 the worst you can imagine. Type a number and press Enter; Enter alone skips; Esc skips this and the note.";
const NOTE_HINT: &str = "One line for the log, then Enter. Enter alone or Esc skips.";
const CANCELLED: &str = "Cancelled before the first step; nothing recorded.";

pub fn start(
    opts: &StartArgs,
    library: &Library,
    config: &Config,
    dirs: &Dirs,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    let setup = Setup::new(opts, library, config, dirs, terminal::clock::system_wall())?;
    let mut system = System::new(opts.speed).map_err(Error::Terminal)?;
    let tty = terminal::full_screen(opts.run.plain);
    let coached = if tty {
        let quiet = !config.bell.value;
        let mut screen =
            Screen::enter(quiet, config.screen_color(), system.keys()).map_err(Error::Terminal)?;
        coach(&setup, &mut screen, &mut system.io())
        // The screen is given back here, before anything is printed.
    } else {
        let mut lines = Lines::new(&mut *out, terminal::text_width());
        coach(&setup, &mut lines, &mut system.io())
    };
    finish(&setup, coached?, out)
}

/// Everything a session needs that can fail, found before the terminal is touched.
#[derive(Debug)]
struct Setup<'l> {
    /// The routine, each step at its level today.
    routine: Routine,
    /// With `--minutes`: what fitting the routine changed, said before it starts.
    fitted: Option<Fitting>,
    /// The flare routine, to offer on a bad day; none when this is it, or when a routine file
    /// of the user's under that name is broken.
    flare: Option<Routine>,
    /// The steps whose level changed since last time, to say so before each, for the
    /// routine and for the flare routine.
    changes: Vec<Change>,
    flare_changes: Vec<Change>,
    plan_options: PlanOptions,
    /// Where the record goes; none for a preview or `--no-log`.
    store: Option<Store>,
    dirs: &'l Dirs,
    show_safety: bool,
    pain_before: Option<u8>,
    /// The preview speed, when not 1.
    preview: Option<f64>,
    /// The speech program, with `--voice` or `voice = true`.
    voice: Option<Voice>,
}

impl<'l> Setup<'l> {
    /// The setup for `opts`, with the wall clock showing `now`.
    fn new(
        opts: &StartArgs,
        library: &Library,
        config: &Config,
        dirs: &'l Dirs,
        now: DateTime<FixedOffset>,
    ) -> Result<Setup<'l>, Error> {
        let plan_options = config.plan_options();
        let found = super::find(library, &opts.routine, opts.fit.meant())?;
        let written = found.routine;
        // No speech program is found before the terminal is touched, not at the first step.
        let voice = if config.voice.value {
            let path = std::env::var_os("PATH");
            let command = config.voice_command.value.as_deref();
            Some(speaker::find(command, path.as_deref()).map_err(Error::NoSpeech)?)
        } else {
            None
        };
        let flare = if written.name == FLARE_ROUTINE {
            None
        } else {
            library.resolve(FLARE_ROUTINE).ok().map(|f| f.routine)
        };
        // Levels come from the end of the log (an unreadable log reads as none here: opening
        // the store says what is wrong with it), or from a pin.
        let needed = super::has_levels(&written) || flare.as_ref().is_some_and(super::has_levels);
        let levels = super::Levels::new(config, dirs, opts.level, now, needed);
        // Fitted to `--minutes` at today's levels: a level's dose is what is shortened, and
        // a change is told for the steps kept, at their new places.
        let prepared = super::Prepared::new(&written, &levels, &opts.fit, &plan_options)?;
        // Fitted, last time's level may not fit the time: d is not offered.
        let fitted_now = prepared.fitted.is_some();
        let said = changes(&written, &prepared.leveled, &prepared.decided)
            .into_iter()
            .filter_map(|c| {
                let step = prepared.new_index(c.step)?;
                let back = c.back.filter(|_| !fitted_now);
                Some(Change { step, back, ..c })
            })
            .collect();
        let (routine, fitted) = (prepared.routine, prepared.fitted);
        let fitted = fitted.map(|f| Fitting {
            shown: output::fit::report(&f, &plan_options),
            spoken: speech::fitted(&f),
        });
        let (flare, flare_changes) = match flare {
            Some(f) => {
                let (leveled, decided) = levels.apply(&f);
                let said = changes(&f, &leveled, &decided);
                (Some(leveled), said)
            }
            None => (None, Vec::new()),
        };
        let preview = (opts.speed != 1.0).then_some(opts.speed);
        let store = if opts.run.no_log || preview.is_some() {
            None
        } else {
            // The clock and the log are checked now: a session that can't be recorded is
            // found before the terminal is touched, not after twenty minutes.
            record::in_range(now).map_err(StoreError::from)?;
            Some(super::open_store(
                dirs.data.as_ref().ok_or(Error::NoDataDir)?,
            )?)
        };
        let show_safety = opts.safety
            || !dirs
                .state
                .as_deref()
                .is_some_and(|dir| State::load(dir).safety_seen());
        Ok(Setup {
            routine,
            fitted,
            flare,
            changes: said,
            flare_changes,
            plan_options,
            store,
            dirs,
            show_safety,
            pain_before: opts.pain,
            preview,
            voice,
        })
    }

    fn offer(&self) -> Offer<'_> {
        match &self.flare {
            Some(f) => Offer::Switch {
                flare: &f.title,
                planned: &self.routine.name,
            },
            None if self.routine.name == FLARE_ROUTINE => Offer::AlreadyFlare,
            None => Offer::Nothing,
        }
    }
}

/// What fitting a routine to `--minutes` changed: for the screen (and plain lines), and for
/// the ear.
#[derive(Debug)]
struct Fitting {
    shown: String,
    spoken: String,
}

/// The steps of `leveled` whose level changed since last time, each with what is said
/// before it and the step at last time's level (from `written`), for d.
fn changes(written: &Routine, leveled: &Routine, decided: &[Leveled]) -> Vec<Change> {
    decided
        .iter()
        .filter_map(|d| {
            let last = d.level.last?;
            let now = leveled.steps.get(d.step)?;
            let back = written.steps.get(d.step)?.at_level(last);
            let (note, back_note) = crate::output::levels::change_note(now, back, &d.level)?;
            Some(Change {
                step: d.step,
                note,
                back: back_note.map(|said| (back.clone(), said)),
            })
        })
        .collect()
}

/// How the coaching went.
#[derive(Debug)]
struct Coached<'l> {
    run: Option<Ran<'l>>,
    /// How it ended: `None` cancelled before the first step (q or Esc), with nothing recorded.
    ending: Option<Ending>,
    /// A state file that could not be written: told after the session, once.
    not_remembered: Option<Error>,
    /// The speech program failed: told after the session, once.
    not_said: Option<Error>,
}

/// A session that ran (at least its first step began).
#[derive(Debug)]
struct Ran<'l> {
    /// As it ran: with any step put back at last time's level.
    routine: std::borrow::Cow<'l, Routine>,
    summary: Summary,
    started_at: DateTime<FixedOffset>,
    /// How long it took on the monotonic clock (so a wall clock put back can't end it
    /// before it began).
    elapsed: Duration,
    answers: Answers,
}

/// The coach, on `surface`: the safety screen, the questions and the flare offer (on the full
/// screen; plain lines print the safety and flare text and ask nothing), then the session.
fn coach<'l>(
    setup: &'l Setup<'_>,
    surface: &mut dyn Surface,
    io: &mut Io<'_>,
) -> Result<Coached<'l>, Error> {
    let mut coached = Coached {
        run: None,
        ending: Some(Ending::Normal),
        not_remembered: None,
        not_said: None,
    };
    let mut answers = Answers {
        pain_before: setup.pain_before,
        ..Answers::default()
    };
    let mut routine = &setup.routine;
    let full = surface.kind() == Kind::Screen;
    let offer = setup.offer();
    let t = Error::Terminal;
    if full {
        // The safety screen, page by page on a small screen; remembered once all was shown.
        if setup.show_safety {
            match pages(surface, io, view::safety_page, view::safety_pages).map_err(t)? {
                Choice::Picked(()) => {
                    coached.not_remembered = remember_safety(setup.dirs, io.clock.wall()).err();
                }
                Choice::Cancel => return Ok(coached.early(None)),
                Choice::End(ending) => return Ok(coached.early(Some(ending))),
            }
        }
        if answers.pain_before.is_none() && setup.preview.is_none() {
            let question = "How is your back right now, 0-10?";
            let speaking = aloud(
                setup.voice.as_ref(),
                "How is your back right now, from 0 to 10?",
            );
            let reply = ask::ask(surface, io, Ask::Pain, &routine.title, question, PAIN_HINT);
            hush(speaking, &mut coached.not_said);
            match reply.map_err(t)? {
                Reply::Answer(a) => answers.pain_before = a.parse().ok(),
                Reply::Skip => {}
                Reply::Cancel => return Ok(coached.early(None)),
                Reply::End(ending) => return Ok(coached.early(Some(ending))),
            }
        }
        if let Some(pain) = answers.pain_before.filter(|p| *p >= FLARE_AT) {
            let switch = matches!(offer, Offer::Switch { .. });
            let choice = |p| match p {
                Pick::GoOn => Some(false),
                Pick::Flare if switch => Some(true),
                _ => None,
            };
            // Page by page on a small screen, so that no red flag is cut; Enter on a page
            // before the last shows the next.
            let mut page = 0;
            loop {
                let title = routine.title.as_str();
                let shown = |w, h| view::flare_offer_page(page, title, pain, offer, w, h);
                let picked = ask::choose(surface, io, shown, choice).map_err(t)?;
                let (w, h) = surface.size();
                let last = page + 1 >= view::flare_offer_pages(title, pain, offer, w, h);
                match picked {
                    Choice::Picked(false) if !last => page += 1,
                    Choice::Picked(true) => {
                        if let Some(flare) = &setup.flare {
                            routine = flare;
                            answers.flare_offer = Some(FlareOffer::Switched);
                        }
                        break;
                    }
                    Choice::Picked(false) => {
                        answers.flare_offer = switch.then_some(FlareOffer::Declined);
                        break;
                    }
                    Choice::Cancel => return Ok(coached.early(None)),
                    Choice::End(ending) => return Ok(coached.early(Some(ending))),
                }
            }
        }
    } else {
        let (width, _) = surface.size();
        if setup.show_safety {
            surface.draw(&Frame::text_of(&view::safety_text(width)))?;
            coached.not_remembered = remember_safety(setup.dirs, io.clock.wall()).err();
        }
        if let Some(pain) = answers.pain_before.filter(|p| *p >= FLARE_AT) {
            let text = view::flare_text(pain, offer, setup.show_safety, width);
            surface.draw(&Frame::text_of(&text))?;
            if matches!(offer, Offer::Switch { .. }) {
                answers.flare_offer = Some(FlareOffer::Suggested);
            }
        }
    }

    // What `--minutes` changed, before the routine it changed (not before flare, switched to).
    let switched = answers.flare_offer == Some(FlareOffer::Switched);
    if let Some(fitting) = setup.fitted.as_ref().filter(|_| !switched) {
        let report = &fitting.shown;
        if full {
            let title = routine.title.as_str();
            let speaking = aloud(setup.voice.as_ref(), &fitting.spoken);
            let chosen = pages(
                surface,
                io,
                |page, w, h| view::fitted_page(page, title, report, w, h),
                |w, h| view::fitted_pages(title, report, w, h),
            );
            hush(speaking, &mut coached.not_said);
            match chosen.map_err(t)? {
                Choice::Picked(()) => {}
                Choice::Cancel => return Ok(coached.early(None)),
                Choice::End(ending) => return Ok(coached.early(Some(ending))),
            }
        } else {
            let (width, _) = surface.size();
            surface.draw(&Frame::text_of(&output::wrap(report, width, "", "  ")))?;
        }
    }

    let mut plan = Plan::new(routine, &setup.plan_options);
    if !full {
        plan = plan.without_waits();
        let heading = heading(routine, &plan, setup.preview);
        surface.draw(&Frame::text_of(&heading))?;
    }
    let started_at = io.clock.wall();
    let started = io.clock.now();
    let mut engine = Engine::new(plan, started);
    // A terminal that fails mid-session ends it as hung up; whatever happened, the engine is
    // stopped and summed up.
    // A preview says so at the top of the screen: its clock is not the real one.
    let previewed = setup.preview.filter(|_| full).map(|speed| Routine {
        title: format!("{} (preview, {speed}x)", routine.title),
        ..routine.clone()
    });
    let mut speaker = setup.voice.clone().map(Speaker::new);
    let mut levels = Levels {
        changes: if std::ptr::eq(routine, &setup.routine) {
            setup.changes.clone()
        } else {
            setup.flare_changes.clone()
        },
        options: setup.plan_options.clone(),
        ..Levels::default()
    };
    let mut session =
        Session::new(&mut engine, previewed.as_ref().unwrap_or(routine)).leveled(&mut levels);
    if let Some(speaker) = &mut speaker {
        session = session.speaking(speaker);
    }
    let mut ending = session.run(surface, io).unwrap_or(Ending::HungUp);
    // The record says the level each step ran at, and how it felt.
    let mut ran = std::borrow::Cow::Borrowed(routine);
    for change in levels
        .changes
        .iter()
        .filter(|c| levels.went_back.contains(&c.step))
    {
        if let (Some((back, _)), Some(step)) =
            (&change.back, ran.to_mut().steps.get_mut(change.step))
        {
            *step = back.clone();
        }
    }
    answers.ratings = std::mem::take(&mut levels.ratings);
    // The session ends here, whatever is still being said after it (and before the last
    // step's rating, if that was asked).
    let ended = levels.ended.unwrap_or_else(|| io.clock.now());
    // Nothing is left speaking after the session: "Session complete" gets a moment to be
    // said; a session that was ended is silenced at once.
    let completed =
        engine.is_finished() && engine.summary(io.clock.now()).status == Status::Completed;
    let grace = if ending == Ending::Normal && completed {
        LAST_WORDS
    } else {
        Duration::ZERO
    };
    if let Some(failure) = speaker.and_then(|s| s.finish(grace)) {
        coached.not_said.get_or_insert(Error::Speech(failure));
    }
    let summary = engine.summary(ended);
    let elapsed = ended.saturating_duration_since(started);
    if summary.steps.is_empty() {
        // Stopped before the first step began (at "You'll need"): nothing was done.
        return Ok(coached.early((ending != Ending::Normal).then_some(ending)));
    }
    if full && ending == Ending::Normal && setup.preview.is_none() {
        ending = ask_after(
            surface,
            io,
            &routine.title,
            &mut answers,
            summary.heat_on.as_deref(),
            (setup.voice.as_ref(), &mut coached.not_said),
        );
    }
    coached.ending = Some(ending);
    coached.run = Some(Ran {
        routine: ran,
        summary,
        started_at,
        elapsed,
        answers,
    });
    Ok(coached)
}

/// A screen that may take several pages on a small screen, page after page: Enter shows the
/// next, and on the last goes on (`Picked`); q or Esc cancels, as anywhere else.
fn pages(
    surface: &mut dyn Surface,
    io: &mut Io<'_>,
    page: impl Fn(usize, usize, usize) -> Frame,
    count: impl Fn(usize, usize) -> usize,
) -> io::Result<Choice<()>> {
    let mut at = 0;
    loop {
        let go_on = |p| (p == Pick::GoOn).then_some(());
        match ask::choose(surface, io, |w, h| page(at, w, h), go_on)? {
            Choice::Picked(()) => {
                let (w, h) = surface.size();
                at += 1;
                if at >= count(w, h) {
                    return Ok(Choice::Picked(()));
                }
            }
            other => return Ok(other),
        }
    }
}

impl Coached<'_> {
    /// Ended before the first step: cancelled (`None`) or as `ending` says; nothing recorded.
    fn early(mut self, ending: Option<Ending>) -> Self {
        self.ending = ending;
        self
    }
}

/// The line before a plain session: its title, steps and length, and how to stop it.
fn heading(routine: &Routine, plan: &Plan, preview: Option<f64>) -> String {
    let how = preview.map_or(String::new(), |speed| {
        format!(" Preview at {speed}x speed.")
    });
    let steps = count(
        u64::try_from(routine.steps.len()).unwrap_or(u64::MAX),
        "step",
    );
    let total = duration(plan.total_seconds());
    format!("{}: {steps}, {total}. Ctrl-C stops.{how}", routine.title)
}

/// After the terminal is given back: the record appended (or printed, if it can't be), the
/// summary, and any problem that did not stop the session.
fn finish(setup: &Setup<'_>, coached: Coached<'_>, out: &mut impl Write) -> Result<Exit, Error> {
    let (text, exit) = match (&coached.run, coached.ending) {
        (None, None) => (format!("{CANCELLED}\n"), Exit::Success),
        (None, Some(ending)) => (String::new(), ending.exit()),
        (Some(ran), ending) => {
            let record = Record::new(
                &ran.routine,
                &ran.summary,
                ran.started_at,
                ran.elapsed,
                ran.answers.clone(),
            );
            let path = setup.store.as_ref().map(Store::path);
            let saved = match (&setup.store, &path, setup.preview) {
                (Some(store), Some(path), _) => match store.append(&record) {
                    Ok(()) => Saved::In(path),
                    Err(e) => {
                        // Nothing is lost without a word: the record goes to stderr, to be
                        // kept by hand, and the command fails.
                        super::not_saved(e, &record);
                        Saved::Failed
                    }
                },
                (_, _, Some(speed)) => Saved::Preview(speed),
                _ => Saved::NoLog,
            };
            let lost = matches!(saved, Saved::Failed);
            let text = summary::human(&ran.summary, &record, saved);
            let exit = super::lost_exit(ending.unwrap_or(Ending::Normal).exit(), lost);
            (text, exit)
        }
    };
    // A terminal that went away ended the session (exit 129); that the summary can't be
    // shown on it is no further news.
    let shown = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    if coached.ending != Some(Ending::HungUp) {
        shown?;
    }
    if let Some(e) = &coached.not_remembered {
        e.warn(&mut io::stderr().lock());
    }
    if let Some(e) = &coached.not_said {
        e.warn(&mut io::stderr().lock());
    }
    Ok(exit)
}

/// Remembers, in the state folder, that the safety screen was shown and the person went on.
fn remember_safety(dirs: &Dirs, now: DateTime<FixedOffset>) -> Result<(), Error> {
    let dir = dirs.state.as_deref().ok_or(Error::NoStateDir)?;
    let mut state = State::load(dir);
    state.saw_safety(now);
    Ok(state.save(dir)?)
}

/// Says `text` aloud with `voice`, when the session has one, until the answer comes: the
/// questions are spoken too, for whoever follows by ear.
fn aloud(voice: Option<&Voice>, text: &str) -> Option<Speaker> {
    voice.cloned().map(|voice| {
        let mut speaker = Speaker::new(voice);
        speaker.say(text);
        speaker
    })
}

/// Stops a question's speech once it is answered, keeping its failure if it is the first.
fn hush(speaker: Option<Speaker>, not_said: &mut Option<Error>) {
    if let Some(failure) = speaker.and_then(|s| s.finish(Duration::ZERO)) {
        not_said.get_or_insert(Error::Speech(failure));
    }
}

/// The after questions: pain, then a note. Returns how the session ends.
fn ask_after(
    surface: &mut dyn Surface,
    io: &mut Io<'_>,
    title: &str,
    answers: &mut Answers,
    heat_on: Option<&str>,
    (voice, not_said): (Option<&Voice>, &mut Option<Error>),
) -> Ending {
    let question = match heat_on {
        Some(heat_off) => format!("{heat_off}. How is your back now, 0-10?"),
        None => "How is your back now, 0-10?".to_owned(),
    };
    let spoken = match heat_on {
        Some(heat_off) => format!("{heat_off}. How is your back now, from 0 to 10?"),
        None => "How is your back now, from 0 to 10?".to_owned(),
    };
    let speaking = aloud(voice, &spoken);
    let reply = ask::ask(surface, io, Ask::Pain, title, &question, PAIN_AFTER_HINT);
    hush(speaking, not_said);
    match reply {
        Ok(Reply::Answer(a)) => answers.pain_after = a.parse().ok(),
        Ok(Reply::Skip) => {}
        Ok(Reply::Cancel) => return Ending::Normal,
        Ok(Reply::End(ending)) => return ending,
        Err(_) => return Ending::HungUp,
    }
    let question = "A note about today? (optional)";
    match ask::ask(surface, io, Ask::Note, title, question, NOTE_HINT) {
        Ok(Reply::Answer(note)) => answers.note = Some(note),
        Ok(Reply::Skip | Reply::Cancel) => {}
        Ok(Reply::End(ending)) => return ending,
        Err(_) => return Ending::HungUp,
    }
    Ending::Normal
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use clap::Parser;
    use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

    use super::*;
    use crate::ui::terminal::Clock;
    use crate::ui::terminal::Input;
    use crate::ui::terminal::fake::{FakeClock, Paper, Stops};

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
            "[0:00] step 1/2 Plank (knees down): Get ready: Plank (knees down), on your forearms and knees, 1 s"
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
            let (exit, out, _) = self.run_on(args, None, []);
            (exit, out)
        }

        /// `backcoach ARGS` on a stand-in full screen, with keys at made-up times: the exit,
        /// what was printed after the screen was given back, and the screen's frames.
        fn run_screen(
            &self,
            args: &[&str],
            keys: impl IntoIterator<Item = (u64, KeyCode)>,
        ) -> (Exit, String, Paper) {
            let (exit, out, paper) = self.run_on(args, Some(()), keys);
            (exit, out, paper.expect("a screen"))
        }

        fn run_on(
            &self,
            args: &[&str],
            screen: Option<()>,
            keys: impl IntoIterator<Item = (u64, KeyCode)>,
        ) -> (Exit, String, Option<Paper>) {
            let press = |code| {
                Input::Key(KeyEvent::new_with_kind(
                    code,
                    KeyModifiers::NONE,
                    KeyEventKind::Press,
                ))
            };
            let inputs = keys
                .into_iter()
                .map(|(ms, code)| (Duration::from_millis(ms), press(code)))
                .collect();
            self.run_with(args, screen, inputs, "2026-11-25T19:00:00+01:00", None)
                .expect("runs")
        }

        /// `backcoach ARGS` in plain mode on a fake clock starting at `at`, whose wall clock
        /// is put back by `put_back` two seconds in, if given.
        fn try_run(
            &self,
            args: &[&str],
            at: &str,
            put_back: Option<chrono::Duration>,
        ) -> Result<(Exit, String), Error> {
            let (exit, out, _) = self.run_with(args, None, Vec::new(), at, put_back)?;
            Ok((exit, out))
        }

        /// The whole of `start` on made-up time: set up, coach on a stand-in screen (with
        /// `screen`) or plain lines, and finish.
        /// What `start` would be given in this home: the folders, the library, the settings
        /// (with the flags) and the arguments.
        fn parts(&self, args: &[&str]) -> (Dirs, Library, Config, StartArgs) {
            let dirs = Dirs {
                config: Some(self.tmp.path().join("config")),
                data: Some(self.data()),
                state: Some(self.state()),
            };
            let library = Library::load(Some(self.routines())).expect("library");
            let mut line = vec!["backcoach"];
            line.extend(args);
            let cli = crate::cli::Cli::try_parse_from(line).expect("args");
            let config = Config::load(&crate::settings::Env {
                dirs: dirs.clone(),
                ..Default::default()
            })
            .with_flags(&cli.flags());
            let crate::cli::Command::Start(opts) = cli.command else {
                panic!("not start");
            };
            (dirs, library, config, opts)
        }

        fn run_with(
            &self,
            args: &[&str],
            screen: Option<()>,
            inputs: Vec<(Duration, Input)>,
            at: &str,
            put_back: Option<chrono::Duration>,
        ) -> Result<(Exit, String, Option<Paper>), Error> {
            let (dirs, library, config, opts) = self.parts(args);
            let clock = FakeClock::at(DateTime::parse_from_rfc3339(at).expect("a time"));
            let wall = PutBack {
                from: clock.now() + Duration::from_secs(2),
                by: put_back.unwrap_or_default(),
                clock: clock.clone(),
            };
            let mut script = clock.script(inputs);
            let mut stops = Stops::default();
            let mut io = Io {
                clock: &wall,
                inputs: &mut script,
                process: &mut stops,
            };
            let mut out = Vec::new();
            let setup = Setup::new(&opts, &library, &config, &dirs, wall.wall())?;
            let (coached, paper) = match screen {
                Some(()) => {
                    let mut paper = Paper::screen(&clock);
                    let coached = coach(&setup, &mut paper, &mut io);
                    (coached, Some(paper))
                }
                None => {
                    let mut lines = Lines::new(&mut out, 80);
                    (coach(&setup, &mut lines, &mut io), None)
                }
            };
            let exit = finish(&setup, coached?, &mut out)?;
            Ok((exit, String::from_utf8(out).expect("utf8"), paper))
        }

        /// `backcoach ARGS` on a stand-in full screen that is lost after `lost_ms`, with a
        /// standard output that can no longer be written: how it finishes.
        fn run_lost(&self, args: &[&str], lost_ms: u64) -> Result<Exit, Error> {
            let (dirs, library, config, opts) = self.parts(args);
            let clock = FakeClock::at(
                DateTime::parse_from_rfc3339("2026-11-25T19:00:00+01:00").expect("a time"),
            );
            let mut script = clock.script([(Duration::from_millis(lost_ms), Input::Lost)]);
            let mut stops = Stops::default();
            let mut io = Io {
                clock: &clock,
                inputs: &mut script,
                process: &mut stops,
            };
            let setup = Setup::new(&opts, &library, &config, &dirs, clock.wall())?;
            let coached = coach(&setup, &mut Paper::screen(&clock), &mut io)?;
            finish(&setup, coached, &mut Gone)
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

    #[test]
    fn on_the_full_screen_pain_before_after_and_a_note_are_asked_and_recorded() {
        let home = FakeHome::new(true);
        home.routine("blink.toml", BLINK);
        let keys = [
            (0, KeyCode::Char('5')),
            (1, KeyCode::Enter),
            // The session: 1 s, untouched. Then the after questions.
            (3000, KeyCode::Char('3')),
            (3001, KeyCode::Enter),
            (3002, KeyCode::Char('o')),
            (3003, KeyCode::Char('k')),
            (3004, KeyCode::Enter),
        ];
        let (exit, out, paper) = home.run_screen(&["start", "blink", "--lead-in", "0"], keys);
        assert_eq!(exit, Exit::Success);
        let frames = paper.all();
        assert!(
            frames.contains("How is your back right now, 0-10?"),
            "{frames}"
        );
        assert!(frames.contains("How is your back now, 0-10?"), "{frames}");
        assert!(frames.contains("A note about today?"), "{frames}");
        assert!(out.starts_with("Blink: completed.\n"), "{out}");
        assert!(out.contains("  Pain: 5 before, 3 after.\n"), "{out}");
        let r = &home.records()[0];
        assert_eq!(r["pain_before"], 5);
        assert_eq!(r["pain_after"], 3);
        assert_eq!(r["note"], "ok");
        assert_eq!(r["status"], "completed");
    }

    #[test]
    fn on_the_full_screen_pain_of_9_offers_flare_and_f_switches_to_it() {
        let home = FakeHome::new(true);
        home.routine("blink.toml", BLINK);
        let keys = [
            (0, KeyCode::Char('9')),
            (1, KeyCode::Enter),
            (2, KeyCode::Char('f')),
            // Past its "You'll need", then stopped a minute in; the after questions skipped.
            (3, KeyCode::Enter),
            (60_000, KeyCode::Char('q')),
            (60_001, KeyCode::Enter),
            (60_002, KeyCode::Enter),
        ];
        let (exit, out, paper) = home.run_screen(&["start", "blink"], keys);
        assert_eq!(exit, Exit::Success);
        let frames = paper.all();
        assert!(frames.contains("Your back is at 9 out of 10"), "{frames}");
        assert!(
            frames.contains(crate::routine::guide::URGENT_HEADING),
            "{frames}"
        );
        assert!(out.contains("stopped."), "{out}");
        let r = &home.records()[0];
        assert_eq!(r["routine"], "flare");
        assert_eq!(r["flare_offer"], "switched");
        assert_eq!(r["pain_before"], 9);
    }

    /// Three comfortable sessions of bird-dog at level 1 in the last days, as `start` writes
    /// them.
    fn three_good_bird_dogs() -> String {
        (1..=3)
            .map(|d| {
                format!(
                    "{{\"version\":1,\"id\":\"{d}\",\"routine\":\"dog\",\"title\":\"Dog\",\"started_at\":\"2026-11-2{d}T19:00:00.000+01:00\",\"ended_at\":\"2026-11-2{d}T19:10:00.000+01:00\",\"status\":\"completed\",\"planned_seconds\":600,\"active_seconds\":600.0,\"steps\":[{{\"exercise\":\"bird-dog\",\"name\":\"Bird-dog (leg only)\",\"strategy\":\"strengthening\",\"outcome\":\"done\",\"seconds\":90.0,\"level\":1}}],\"pain_before\":3,\"pain_after\":3,\"note\":null}}\n"
                )
            })
            .collect()
    }

    const DOG: &str = "title = \"Dog\"\nsummary = \"S\"\nrest = 5\n[[step]]\nexercise = \"plank\"\nseconds = 2\n[[step]]\nexercise = \"bird-dog\"\ncycles = 1\n";

    /// Issue 14: after three comfortable sessions bird-dog is at level 2, said in the rest
    /// before it; d puts it back at level 1. Each strengthening step is rated with one key
    /// (the last one after the session's end), and the record keeps the levels and ratings.
    #[test]
    fn a_level_change_is_said_before_the_step_and_d_goes_back() {
        let home = FakeHome::new(true);
        home.routine("dog.toml", DOG);
        std::fs::create_dir_all(home.data()).expect("mkdir");
        std::fs::write(home.data().join("sessions.jsonl"), three_good_bird_dogs()).expect("log");
        // Get ready 1 s, the plank 2 s, then 5 s of rest: rated "about right" at 3.5 s, d at
        // 5 s; bird-dog at level 1 (get ready 1 s, one round of 18 s) ends at 27 s.
        let keys = [
            (3_500, KeyCode::Char('2')),
            (5_000, KeyCode::Char('d')),
            (27_500, KeyCode::Char('4')),
            // "It hurt" is noted, with when to stop, until a key (after the last step).
            (28_000, KeyCode::Char(' ')),
            (28_100, KeyCode::Enter),
            (28_200, KeyCode::Enter),
        ];
        let (exit, _, paper) =
            home.run_screen(&["start", "dog", "--pain", "3", "--lead-in", "1"], keys);
        assert_eq!(exit, Exit::Success);
        let frames = flat(&paper.all());
        assert!(
            frames.contains(
                "How was Plank (knees down)? 1 easy · 2 about right · 3 hard · 4 it hurt (pain, not effort)"
            ),
            "{frames}"
        );
        assert!(
            frames.contains("Bird-dog, arm and leg: level 2 today, after 3 comfortable sessions. Press d for last time's level."),
            "{frames}"
        );
        assert!(
            frames.contains("Bird-dog (leg only): level 1, as last time."),
            "{frames}"
        );
        assert!(frames.contains("How was Bird-dog (leg only)?"), "{frames}");
        // Rated "it hurt" at level 1: no easier level to promise.
        assert!(
            frames.contains(crate::ui::terminal::session::HURT_ADVICE_NO_EASIER),
            "{frames}"
        );
        let records = home.records();
        assert_eq!(records.len(), 4, "{records:?}");
        let r = &records[3];
        assert_eq!(r["steps"][0]["level"], 1);
        assert_eq!(r["steps"][0]["rating"], "right");
        assert_eq!(r["steps"][1]["name"], "Bird-dog (leg only)");
        assert_eq!(r["steps"][1]["level"], 1);
        assert_eq!(r["steps"][1]["rating"], "hurt");
        assert_eq!(r["steps"][1]["outcome"], "done");
        assert_eq!(r["active_seconds"], 27.0);
        // The session ended with its last step, not with the question after it.
        assert_eq!(r["ended_at"], "2026-11-25T19:00:27.000+01:00");
    }

    /// Without d, the step runs at its new level, and a question left alone passes.
    #[test]
    fn a_level_up_runs_the_harder_version_and_silence_skips_the_rating() {
        let home = FakeHome::new(true);
        home.routine("dog.toml", DOG);
        std::fs::create_dir_all(home.data()).expect("mkdir");
        std::fs::write(home.data().join("sessions.jsonl"), three_good_bird_dogs()).expect("log");
        // Bird-dog at level 2: one round of 22 s, ending at 31 s; 5 s later the question has
        // gone, and Enter answers the pain question.
        let keys = [(36_500, KeyCode::Enter), (36_600, KeyCode::Enter)];
        let (exit, _, _) =
            home.run_screen(&["start", "dog", "--pain", "3", "--lead-in", "1"], keys);
        assert_eq!(exit, Exit::Success);
        let r = &home.records()[3];
        assert_eq!(r["steps"][1]["level"], 2);
        assert_eq!(r["steps"][1]["name"], "Bird-dog, arm and leg");
        assert!(r["steps"][1].get("rating").is_none(), "{r}");
        assert!(r["steps"][0].get("rating").is_none(), "{r}");
        // Pinned, it runs at the pin and nothing is said of a change.
        let (_, out) = home.run(&["start", "dog", "--pain", "3", "--plain", "--level", "3"]);
        assert!(out.contains("Bird-dog, longer holds"), "{out}");
        assert!(!out.contains("today"), "{out}");
        assert_eq!(home.records()[4]["steps"][1]["level"], 3);
    }

    /// Issue 14, "done when": someone who does the same routine every day sees bird-dog move
    /// up after three comfortable sessions and, after a session where it hurt, back down.
    #[test]
    fn a_week_of_sessions_moves_bird_dog_up_then_down_after_it_hurt() {
        let home = FakeHome::new(true);
        home.routine(
            "dog.toml",
            "title = \"Dog\"\nsummary = \"S\"\n[[step]]\nexercise = \"bird-dog\"\ncycles = 1\n",
        );
        let press = |ms: u64, code| {
            (
                Duration::from_millis(ms),
                Input::Key(KeyEvent::new_with_kind(
                    code,
                    KeyModifiers::NONE,
                    KeyEventKind::Press,
                )),
            )
        };
        let args = ["start", "dog", "--pain", "3", "--lead-in", "1"];
        // One evening: rated "about right" (2), Enter at the questions after. A session with
        // no answers at all would not count toward moving up.
        let day = |d: u32, keys: Vec<(Duration, Input)>| {
            let at = format!("2026-11-{d:02}T19:00:00+01:00");
            let (_, _, paper) = home
                .run_with(&args, Some(()), keys, &at, None)
                .expect("runs");
            flat(&paper.expect("a screen").all())
        };
        let quiet = || vec![press(30_000, KeyCode::Enter), press(30_100, KeyCode::Enter)];
        for d in 10..13 {
            let mut keys = vec![press(23_500, KeyCode::Char('2'))];
            keys.extend(quiet());
            let frames = day(d, keys);
            assert!(!frames.contains(" today, "), "day {d}: {frames}");
        }
        // The fourth day: level 2, said before the step (get ready 1 s, one round of 22 s);
        // it hurt (4 after it).
        let mut keys = vec![press(23_500, KeyCode::Char('4'))];
        keys.extend(quiet());
        let frames = day(13, keys);
        // Rated "it hurt" at level 2: an easier level there is, and it says so.
        assert!(
            frames.contains(crate::ui::terminal::session::HURT_ADVICE),
            "{frames}"
        );
        assert!(
            frames.contains("Bird-dog, arm and leg: level 2 today, after 3 comfortable sessions"),
            "{frames}"
        );
        // The fifth: back to level 1 (no rating: the question passes).
        let frames = day(14, quiet());
        assert!(
            frames.contains("Bird-dog (leg only): level 1 today, as it hurt last time"),
            "{frames}"
        );
        let levels: Vec<u64> = home
            .records()
            .iter()
            .map(|r| r["steps"][0]["level"].as_u64().unwrap_or(0))
            .collect();
        assert_eq!(levels, [1, 1, 1, 2, 1]);
        assert_eq!(home.records()[3]["steps"][0]["rating"], "hurt");
    }

    /// Found by a new user: a preview on the full screen looked like a session (only the
    /// summary said otherwise). Its title says so.
    #[test]
    fn a_preview_says_so_at_the_top_of_the_screen() {
        let home = FakeHome::new(true);
        home.routine("blink.toml", BLINK);
        let (exit, out, paper) = home.run_screen(&["start", "blink", "--speed", "10"], []);
        assert_eq!(exit, Exit::Success);
        assert!(
            paper.all().contains("Blink (preview, 10x)"),
            "{}",
            paper.all()
        );
        assert!(
            out.contains("A preview at 10x speed: not recorded."),
            "{out}"
        );
        assert!(home.records().is_empty());
    }

    /// `--minutes` on the full screen: what fitting changed is shown before the first step;
    /// Enter starts the fitted routine, which is what the record plans.
    #[test]
    fn on_the_full_screen_a_fitted_routine_says_what_it_changed_first() {
        let home = FakeHome::new(true);
        let keys = [
            (0, KeyCode::Enter),
            // "You'll need", then the heating pad's setting up; stopped a minute in.
            (1, KeyCode::Enter),
            (2, KeyCode::Enter),
            (60_000, KeyCode::Char('q')),
            (60_001, KeyCode::Enter),
            (60_002, KeyCode::Enter),
        ];
        let args = ["start", "evening", "--minutes", "10", "--pain", "3"];
        let (exit, _, paper) = home.run_screen(&args, keys);
        assert_eq!(exit, Exit::Success);
        let first = paper
            .frames
            .first()
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        assert!(first.contains("Fitted to 10 min: "), "{first}");
        assert!(first.contains("Left out: "), "{first}");
        assert!(first.contains("Enter: start"), "{first}");
        let r = &home.records()[0];
        assert_eq!(r["routine"], "evening");
        assert!(
            r["planned_seconds"].as_u64().is_some_and(|s| s <= 600),
            "{r}"
        );
    }

    /// Issue 14: an exercise on its own runs as a routine of one step and is recorded under
    /// its id.
    #[test]
    fn an_exercise_on_its_own_is_recorded_under_its_id() {
        let home = FakeHome::new(true);
        let (exit, out) = home.run(&["start", "cat-cow", "--plain", "--pain", "2"]);
        assert_eq!(exit, Exit::Success);
        assert!(out.starts_with("Cat-cow: 1 step, 43 s."), "{out}");
        let r = &home.records()[0];
        assert_eq!(
            (&r["routine"], &r["title"]),
            (&"cat-cow".into(), &"Cat-cow".into())
        );
        assert_eq!(r["steps"][0]["exercise"], "cat-cow");
        assert_eq!(r["status"], "completed");
    }

    /// Esc at that screen cancels, and nothing is recorded.
    #[test]
    fn esc_before_a_fitted_routine_records_nothing() {
        let home = FakeHome::new(true);
        let args = ["start", "evening", "--minutes", "10", "--pain", "3"];
        let (exit, out, _) = home.run_screen(&args, [(0, KeyCode::Esc)]);
        assert_eq!(exit, Exit::Success);
        assert_eq!(out, format!("{CANCELLED}\n"));
        assert!(home.records().is_empty());
    }

    #[test]
    fn esc_at_the_first_question_records_nothing() {
        let home = FakeHome::new(true);
        home.routine("blink.toml", BLINK);
        let (exit, out, _) = home.run_screen(&["start", "blink"], [(0, KeyCode::Esc)]);
        assert_eq!(exit, Exit::Success);
        assert_eq!(out, format!("{CANCELLED}\n"));
        assert!(home.records().is_empty());
    }

    #[test]
    fn plain_first_run_with_pain_9_prints_the_red_flags_once() {
        let home = FakeHome::new(false);
        home.routine("blink.toml", BLINK);
        let (_, out) = home.run(&["start", "blink", "--lead-in", "0", "--plain", "--pain", "9"]);
        let heading = flat(crate::routine::guide::URGENT_HEADING);
        assert_eq!(flat(&out).matches(&heading).count(), 1, "{out}");
        assert!(flat(&out).contains("listed above"), "{out}");
    }

    /// A fake clock whose wall clock is put back `by` from the instant `from` on, as when
    /// the system clock is corrected mid-session.
    struct PutBack {
        clock: crate::ui::terminal::fake::FakeClock,
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

    /// A standard output that went away with the terminal.
    struct Gone;

    impl Write for Gone {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from_raw_os_error(5))
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::Error::from_raw_os_error(5))
        }
    }

    #[test]
    fn a_terminal_that_went_away_exits_129_and_the_session_is_recorded() {
        let home = FakeHome::new(true);
        home.routine(
            "long.toml",
            "title = \"Long\"\nsummary = \"S\"\n[[step]]\nname = \"Breathe\"\nstrategy = \"mind-body\"\ncues = [\"Gently\"]\nphases = [{ say = \"Breathe\", seconds = 600 }]\n",
        );
        let exit = home.run_lost(&["start", "long", "--pain", "4"], 90_000);
        assert_eq!(exit.expect("no error for a lost terminal"), Exit::HungUp);
        let r = &home.records()[0];
        assert_eq!(r["status"], "stopped");
        assert_eq!(r["pain_before"], 4);
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
}
