//! `backcoach nudge`: the day's posture nudges on the one loop. The pure `Schedule` says
//! when the next is due; between nudges the loop sleeps on one channel (keys, signals, the
//! next due time), so it uses no CPU. A nudge answered with Enter is appended to the log as
//! posture practice; plain mode prints a line per nudge and reads no keys. With `--notify`
//! (or `notify` in the config) each nudge also goes to the desktop, through a [`Notify`]
//! whose sending never holds the loop.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use crossterm::event::KeyEvent;

use crate::cli::NudgeArgs;
use crate::error::{Error, Exit, Printer};
use crate::journal::record::Record;
use crate::journal::store::{Store, StoreError};
use crate::nudge::{Cue, Cues, Event, ROUTINE, SNOOZE, Schedule};
use crate::output::summary;
use crate::routine::diag::Diagnostic;
use crate::routine::library::Library;
use crate::settings::paths::Dirs;
use crate::settings::{Config, NotifyWhen, Source};
use crate::ui::terminal::input::{Nudged, nudged};
use crate::ui::terminal::notifier::{self, ASK_WITHIN, Desktop, LAST_SEND, Notify};
use crate::ui::terminal::{
    self, App, Clock, Ended, Ending, Kind, Lines, Screen, Surface, System, run,
};
use crate::ui::view::{self, Said};

pub fn nudge(
    args: &NudgeArgs,
    library: &Library,
    config: &Config,
    dirs: &Dirs,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    let cues = Cues::new(&library.catalogue);
    if cues.is_empty() {
        return Err(Error::Invalid(vec![
            Diagnostic::new(
                "exercises.toml",
                "the catalogue has no posture exercise with cues",
            )
            .hint("this is a bug in backcoach's built-in catalogue; please report it"),
        ]));
    }
    let quiet = !config.bell.value;
    let mut desktop = desktop(config)?;
    let tty = terminal::full_screen(args.run.plain);
    // Answers are recorded only on the full screen: the log is opened and checked for it
    // now, before the terminal is touched.
    let preview = args.speed != 1.0;
    let store = if tty && !preview {
        super::log_store(args.run.no_log, dirs)?
    } else {
        None
    };
    let store = store.as_ref();
    let mut system = System::new(args.speed).map_err(Error::Terminal)?;
    let notify = desktop.as_mut().map(|d| d as &mut dyn Notify);
    let (ended, schedule, saved, lost) = if tty {
        let mut screen =
            Screen::enter(quiet, config.screen_color(), system.keys()).map_err(Error::Terminal)?;
        let mut io = system.io();
        let mut day = Day::new(args, &cues, io.clock, store).notifying(notify);
        let ended = run(&mut day, &mut screen, &mut io);
        (ended, day.schedule, day.saved, day.lost)
        // The screen is given back here, before anything is printed.
    } else {
        let mut lines = Lines::new(&mut *out, terminal::text_width());
        let mut io = system.io();
        let mut day = Day::new(args, &cues, io.clock, None).notifying(notify);
        let ended = run(&mut day, &mut lines, &mut io);
        (ended, day.schedule, day.saved, day.lost)
    };
    let ending = match ended {
        Ok(Ended::Done(())) => Ending::Normal,
        Ok(Ended::By(ending)) => ending,
        Err(_) => Ending::HungUp,
    };
    // The screen is given back: now each record that could not be saved is told, whole.
    let not_recorded = u32::try_from(lost.len()).unwrap_or(u32::MAX);
    for (e, record) in lost {
        super::not_saved(e, &record);
    }
    let (shown, answered) = schedule.counts();
    writeln!(
        out,
        "{}",
        summary::nudge_day(shown, answered, saved, not_recorded)
    )?;
    if let Some(failure) = desktop.and_then(|d| d.finish(LAST_SEND)) {
        out.flush()?;
        Error::Notify(failure).warn(&mut io::stderr().lock());
    }
    Ok(super::lost_exit(ending.exit(), not_recorded > 0))
}

/// The desktop's notifications, when `notify` asks for them. The service is asked for now,
/// before the terminal is touched: with none, `on` is an error (exit 2), and `auto` says so
/// once and keeps the nudges in the terminal.
fn desktop(config: &Config) -> Result<Option<Desktop>, Error> {
    let when = config.notify.value;
    if when == NotifyWhen::Off {
        return Ok(None);
    }
    match Desktop::connect(notifier::System, ASK_WITHIN) {
        Ok(desktop) => Ok(Some(desktop)),
        Err(why) if when == NotifyWhen::Auto => {
            Printer::stderr().note(format_args!(
                "no desktop notification service could be reached ({why}); the nudges stay in \
                 this terminal"
            ));
            Ok(None)
        }
        Err(why) => {
            let (asked, in_file) = match config.notify.source {
                Source::File(line) => (format!("`notify = true` (config.toml:{line})"), true),
                _ => ("--notify".to_owned(), false),
            };
            Err(Error::NoNotifications {
                asked,
                why,
                in_file,
            })
        }
    }
}

/// A day of nudges, as the loop runs it: on the full screen a nudge waits for a key; as plain
/// lines each is printed once and nothing answers.
struct Day<'a> {
    schedule: Schedule,
    cues: &'a Cues,
    clock: &'a dyn Clock,
    /// The wall clock when the day began, and the clock's instant then: the day's times are
    /// counted from these (so a preview's times run at its speed).
    began: (DateTime<FixedOffset>, Instant),
    store: Option<&'a Store>,
    every_minutes: u32,
    said: Said,
    /// How many answered nudges were saved to the log.
    saved: u32,
    /// Answered nudges that could not be recorded, and why: told once the screen is given
    /// back.
    lost: Vec<(StoreError, Record)>,
    started: bool,
    /// Where each nudge goes too, as it is shown (`--notify`).
    desktop: Option<&'a mut dyn Notify>,
}

impl<'a> Day<'a> {
    fn new(
        args: &NudgeArgs,
        cues: &'a Cues,
        clock: &'a dyn Clock,
        store: Option<&'a Store>,
    ) -> Day<'a> {
        let every = Duration::from_secs(u64::from(args.every));
        let span = Duration::from_secs(u64::from(args.span));
        Day {
            schedule: Schedule::new(clock.now(), every, span),
            cues,
            clock,
            began: (clock.wall(), clock.now()),
            store,
            every_minutes: args.every / 60,
            said: Said::Nothing,
            saved: 0,
            lost: Vec::new(),
            started: false,
            desktop: None,
        }
    }

    /// The day, sending each nudge to `desktop` too as it is shown.
    fn notifying(self, desktop: Option<&'a mut dyn Notify>) -> Day<'a> {
        Day { desktop, ..self }
    }

    /// The wall-clock time of `at`, as "14:30".
    fn wall_at(&self, at: Instant) -> String {
        let (wall, then) = self.began;
        let since = at.saturating_duration_since(then);
        let wall = wall + chrono::Duration::from_std(since).unwrap_or_default();
        wall.format("%H:%M").to_string()
    }

    /// The full screen: the nudge shown (or the next one), and what was last said.
    fn screen(&self, width: usize, height: usize) -> view::Frame {
        let cue = self.schedule.showing().and_then(|n| self.cues.get(n));
        let (_, answered) = self.schedule.counts();
        let upcoming = if self.schedule.showing().is_some() {
            None
        } else {
            self.cues.get(self.schedule.upcoming())
        };
        let state = view::NudgeState {
            every_minutes: self.every_minutes,
            until: self.wall_at(self.schedule.end()),
            cue: cue.as_ref().map(|c| (c.name.as_str(), c.text.as_str())),
            upcoming: upcoming.as_ref().map(|c| c.name.as_str()),
            next_at: self.schedule.next_nudge().map(|at| self.wall_at(at)),
            answered,
            said: self.said.clone(),
            desktop: self.desktop.is_some(),
        };
        view::nudge(&state, width, height)
    }
}

impl App for Day<'_> {
    type Done = ();

    fn update(&mut self, now: Instant, surface: &mut dyn Surface) -> io::Result<Option<()>> {
        let lines = surface.kind() == Kind::Lines;
        if !self.started && lines {
            let until = self.wall_at(self.schedule.end());
            let desktop = self.desktop.is_some();
            surface.draw(&view::nudge_opening(self.every_minutes, &until, desktop))?;
        }
        self.started = true;
        match self.schedule.update(now) {
            Some(Event::Ended) => return Ok(Some(())),
            Some(Event::Show { n, .. }) => {
                self.said = Said::Nothing;
                if let (Some(desktop), Some(cue)) = (&mut self.desktop, self.cues.get(n)) {
                    let (summary, body) = view::nudge_notice(&cue.name, &cue.text);
                    desktop.notify(&summary, &body);
                }
                if lines {
                    let next = self.schedule.next_nudge().map(|at| self.wall_at(at));
                    let at = self.wall_at(now);
                    if let Some(cue) = self.cues.get(n) {
                        let line = view::nudge_line(&at, &cue.name, &cue.text, next.as_deref());
                        surface.draw(&line)?;
                    }
                    // Nothing can answer plain lines; the nudge is not left waiting.
                    self.schedule.dismiss();
                } else {
                    surface.bell()?;
                }
            }
            None => {}
        }
        if !lines {
            let (w, h) = surface.size();
            surface.draw(&self.screen(w, h))?;
        }
        Ok(None)
    }

    fn next_wakeup(&self, _now: Instant) -> Option<Instant> {
        Some(self.schedule.next_due())
    }

    fn key(&mut self, key: KeyEvent, now: Instant) -> io::Result<Option<()>> {
        match nudged(key) {
            Nudged::Quit => return Ok(Some(())),
            Nudged::Snooze if self.schedule.snooze(now) => {
                self.said = Said::Snoozed(SNOOZE.as_secs() / 60);
            }
            Nudged::Done => {
                if let Some((n, _shown_at)) = self.schedule.answer() {
                    self.said = match (self.store, self.cues.get(n)) {
                        (Some(store), Some(cue)) => {
                            let done = record(&cue, self.clock.wall());
                            match store.append(&done) {
                                Ok(()) => {
                                    self.saved += 1;
                                    Said::Done(cue.seconds)
                                }
                                Err(e) => {
                                    let said = Said::NotRecorded(e.to_string());
                                    self.lost.push((e, done));
                                    said
                                }
                            }
                        }
                        _ => Said::DoneUnrecorded,
                    };
                }
            }
            Nudged::Snooze | Nudged::Nothing => {}
        }
        Ok(None)
    }
}

/// The log record of an answered nudge: a completed posture session of the cue's catalogue
/// time (the check it stands for, however quickly the key came), ending when it was answered,
/// at `wall`; so it starts that long before, and its times agree with its length.
pub fn record(cue: &Cue, wall: DateTime<FixedOffset>) -> Record {
    let started = wall - chrono::Duration::seconds(i64::from(cue.seconds));
    Record::nudge(
        ROUTINE,
        &cue.exercise,
        &cue.name,
        cue.seconds,
        started,
        wall,
    )
}

#[cfg(test)]
mod tests;
