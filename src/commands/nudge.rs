//! `backcoach nudge`: the day's posture nudges on the one loop. The pure `Schedule` says
//! when the next is due; between nudges the loop sleeps on one channel (keys, signals, the
//! next due time), so it uses no CPU. A nudge answered with Enter is appended to the log as
//! posture practice; plain mode prints a line per nudge and reads no keys.

use std::io::{self, IsTerminal, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use crossterm::event::{KeyCode, KeyEvent};

use crate::cli::NudgeArgs;
use crate::error::{Error, Exit};
use crate::journal::record::Record;
use crate::journal::store::{Store, StoreError};
use crate::nudge::{Cue, Cues, Event, ROUTINE, SNOOZE, Schedule};
use crate::routine::diag::Diagnostic;
use crate::routine::library::Library;
use crate::settings::Config;
use crate::settings::paths::Dirs;
use crate::ui::terminal::tui::{Screen, Surface};
use crate::ui::terminal::{self, App, Clock, Ended, Ending, SystemClock, ThisProcess, run};
use crate::ui::view;

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
    let quiet = args.run.quiet || !config.bell.value;
    let tty = !args.run.plain && io::stdin().is_terminal() && io::stdout().is_terminal();
    // Answers are recorded only on the full screen: the log is opened and checked for it
    // now, before the terminal is touched.
    let store = if tty {
        super::log_store(args.run.no_log, dirs)?
    } else {
        None
    };
    let store = store.as_ref();
    let (tx, mut rx) = mpsc::channel();
    terminal::forward_signals(tx.clone()).map_err(Error::Terminal)?;
    let clock = SystemClock::new(1.0);

    let (ending, schedule, lost) = if tty {
        let mut screen =
            Screen::enter(quiet, config.screen_color(), tx).map_err(Error::Terminal)?;
        let mut day = Day::new(args, &cues, &clock, Front::Screen(&mut screen), store);
        let ended = run(&mut day, &clock, &mut rx, &mut ThisProcess);
        let (schedule, lost) = (day.schedule, day.lost);
        drop(screen);
        (ended.map_or(Ending::HungUp, ending_of), schedule, lost)
    } else {
        let mut day = Day::new(args, &cues, &clock, Front::Plain(&mut *out), None);
        day.opening()?;
        let ended = run(&mut day, &clock, &mut rx, &mut ThisProcess);
        (
            ended.map_or(Ending::HungUp, ending_of),
            day.schedule,
            day.lost,
        )
    };
    // The screen is given back: now each record that could not be saved is told, whole.
    let not_recorded = lost.len();
    for (e, record) in lost {
        super::not_saved(e, &record);
    }
    let (shown, answered) = schedule.counts();
    let recording = store.is_some();
    writeln!(out, "{}", tally(shown, answered, recording, not_recorded))?;
    Ok(super::lost_exit(ending.exit(), not_recorded > 0))
}

/// The last line: nudges shown and done, and (when answers are recorded) that they were,
/// never claiming a record for one that could not be saved.
fn tally(shown: u32, answered: u32, recording: bool, not_recorded: usize) -> String {
    let recorded = match (recording, not_recorded) {
        (true, 0) => " (recorded as posture practice)".to_owned(),
        (true, n) => format!(
            " ({} recorded as posture practice, {n} not recorded)",
            usize::try_from(answered).map_or(0, |a| a.saturating_sub(n))
        ),
        (false, _) => String::new(),
    };
    format!("Posture nudges: {shown} shown, {answered} done{recorded}.")
}

fn ending_of(ended: Ended<()>) -> Ending {
    match ended {
        Ended::Done(()) => Ending::Normal,
        Ended::By(ending) => ending,
    }
}

/// Where the day is shown: the full screen (keys answer), or plain lines (nothing answers).
enum Front<'a> {
    Screen(&'a mut dyn Surface),
    Plain(&'a mut dyn Write),
}

/// What happened to the person's last action, for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Said {
    Nothing,
    Done,
    /// Done, with `--no-log`.
    DoneUnrecorded,
    Snoozed,
    NotRecorded(String),
}

/// A day of nudges, as the loop runs it.
struct Day<'a> {
    schedule: Schedule,
    cues: &'a Cues,
    clock: &'a dyn Clock,
    front: Front<'a>,
    store: Option<&'a Store>,
    every_minutes: u32,
    said: Said,
    /// Answered nudges that could not be recorded, and why: told once the screen is given
    /// back.
    lost: Vec<(StoreError, Record)>,
}

impl<'a> Day<'a> {
    fn new(
        args: &NudgeArgs,
        cues: &'a Cues,
        clock: &'a dyn Clock,
        front: Front<'a>,
        store: Option<&'a Store>,
    ) -> Day<'a> {
        let every = Duration::from_secs(u64::from(args.every));
        let span = Duration::from_secs(u64::from(args.span));
        Day {
            schedule: Schedule::new(clock.now(), every, span),
            cues,
            clock,
            front,
            store,
            every_minutes: args.every / 60,
            said: Said::Nothing,
            lost: Vec::new(),
        }
    }

    /// The first line of plain mode: how often, and until when.
    fn opening(&mut self) -> io::Result<()> {
        let until = self.wall_at(self.schedule.end());
        if let Front::Plain(out) = &mut self.front {
            writeln!(
                out,
                "Posture nudges every {} min until {until}. Ctrl-C stops.",
                self.every_minutes
            )?;
            out.flush()?;
        }
        Ok(())
    }

    /// The wall-clock time of `at`, as "14:30".
    fn wall_at(&self, at: Instant) -> String {
        let ahead = at.saturating_duration_since(self.clock.now());
        let wall = self.clock.wall() + chrono::Duration::from_std(ahead).unwrap_or_default();
        wall.format("%H:%M").to_string()
    }

    fn draw(&mut self) -> io::Result<()> {
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
            next_at: self.wall_at(self.schedule.next_due()),
            answered,
            message: match &self.said {
                Said::Nothing => None,
                Said::Done => Some("Done: counted as posture practice.".to_owned()),
                Said::DoneUnrecorded => Some("Done (not recorded: --no-log).".to_owned()),
                Said::Snoozed => Some(format!(
                    "Snoozed: it comes back in {} minutes.",
                    SNOOZE.as_secs() / 60
                )),
                Said::NotRecorded(e) => Some(format!("Done, but not recorded: {e}")),
            },
        };
        if let Front::Screen(screen) = &mut self.front {
            let (w, h) = screen.size();
            screen.draw(&view::nudge(&state, w, h))?;
        }
        Ok(())
    }
}

impl App for Day<'_> {
    type Done = ();

    fn update(&mut self, now: Instant) -> io::Result<Option<()>> {
        match self.schedule.update(now) {
            Some(Event::Ended) => return Ok(Some(())),
            Some(Event::Show { n, .. }) => {
                self.said = Said::Nothing;
                let next_at = self.wall_at(self.schedule.next_due());
                let at = self.clock.wall().format("%H:%M").to_string();
                match &mut self.front {
                    Front::Screen(screen) => screen.bell()?,
                    Front::Plain(out) => {
                        if let Some(cue) = self.cues.get(n) {
                            writeln!(out, "{at}  {}: {} (next at {next_at})", cue.name, cue.text)?;
                            out.flush()?;
                        }
                        // Nothing can answer in plain mode; the nudge is not left waiting.
                        self.schedule.dismiss();
                    }
                }
            }
            None => {}
        }
        self.draw()?;
        Ok(None)
    }

    fn next_wakeup(&self, _now: Instant) -> Option<Instant> {
        Some(self.schedule.next_due())
    }

    fn key(&mut self, key: KeyEvent, now: Instant) -> io::Result<Option<()>> {
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => return Ok(Some(())),
            KeyCode::Char(' ') if self.schedule.snooze(now) => self.said = Said::Snoozed,
            KeyCode::Enter | KeyCode::Char('d') => {
                if let Some((n, since)) = self.schedule.answer() {
                    self.said = match (self.store, self.cues.get(n)) {
                        (Some(store), Some(cue)) => {
                            let done = record(&cue, since, now, self.clock.wall());
                            match store.append(&done) {
                                Ok(()) => Said::Done,
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
            _ => {}
        }
        Ok(None)
    }

    fn resize(&mut self) {
        if let Front::Screen(screen) = &mut self.front {
            screen.redraw();
        }
    }

    fn suspend(&mut self, _now: Instant) -> io::Result<()> {
        match &mut self.front {
            Front::Screen(screen) => screen.release(),
            Front::Plain(out) => out.flush()?,
        }
        Ok(())
    }

    fn resume(&mut self, _now: Instant) -> io::Result<()> {
        match &mut self.front {
            Front::Screen(screen) => screen.reclaim(),
            Front::Plain(_) => Ok(()),
        }
    }
}

/// The log record of an answered nudge: a completed posture session of the cue's catalogue
/// time, shown at `since` and answered at `now`, which the wall clock calls `wall`.
pub fn record(cue: &Cue, since: Instant, now: Instant, wall: DateTime<FixedOffset>) -> Record {
    let started =
        wall - chrono::Duration::from_std(now.saturating_duration_since(since)).unwrap_or_default();
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
