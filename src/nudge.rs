//! `backcoach nudge`: posture through the working day, not in a session. `Schedule` is pure
//! (the clock is passed in, as in the session engine): it says when the next cue is due and
//! what happened. The loop sleeps on one channel until then, a key or a signal, so it uses
//! no CPU between nudges. A nudge answered with Enter is appended to the log as posture
//! practice.

use std::io::{self, IsTerminal, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Local};
use crossterm::event::{KeyCode, KeyModifiers};

use crate::cli::NudgeArgs;
use crate::error::{Error, Exit};
use crate::journal::record::Record;
use crate::journal::store::Store;
use crate::routine::Catalogue;
use crate::routine::diag::Diagnostic;
use crate::routine::library::Library;
use crate::routine::strategy::Strategy;
use crate::settings::Config;
use crate::ui::terminal::tui::Screen;
use crate::ui::terminal::{self, Clock, Ending, Input};
use crate::ui::view;

/// How long a snooze puts a nudge off.
pub const SNOOZE: Duration = Duration::from_secs(10 * 60);

/// The name nudges are logged under.
pub const ROUTINE: &str = "nudge";

/// One posture cue: the catalogue exercise it comes from and one line of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub exercise: String,
    pub name: String,
    pub text: String,
    /// The exercise's catalogue time: what an answered nudge counts for.
    pub seconds: u32,
}

/// The posture exercises of the catalogue (sitting, standing, walking), taken in turn.
#[derive(Debug, Clone)]
pub struct Cues(Vec<(String, String, Vec<String>, u32)>);

impl Cues {
    pub fn new(catalogue: &Catalogue) -> Cues {
        Cues(
            catalogue
                .exercises
                .iter()
                .filter(|(_, ex)| ex.strategy == Strategy::Posture && !ex.cues.is_empty())
                .map(|(id, ex)| {
                    let (secs, _) = ex.dosage.seconds();
                    (id.clone(), ex.name.clone(), ex.cues.clone(), secs)
                })
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The cue for nudge `k`: exercise `k mod n`, and that exercise's cues in turn.
    pub fn get(&self, k: u32) -> Option<Cue> {
        let k = k as usize;
        let n = self.0.len();
        let (id, name, cues, seconds) = self.0.get(k.checked_rem(n)?)?;
        let text = cues.get((k / n) % cues.len().max(1))?;
        Some(Cue {
            exercise: id.clone(),
            name: name.clone(),
            text: text.clone(),
            seconds: *seconds,
        })
    }
}

/// What the schedule says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Show nudge number `n` (counting from 0); `again` when it comes back from a snooze.
    Show { n: u32, again: bool },
    /// The time is up.
    Ended,
}

/// When the nudges come. They keep to a fixed grid from the start (start + every, + 2 every,
/// ...), so they never drift; a snooze brings the same nudge back after `SNOOZE`, and the
/// grid goes on after it.
#[derive(Debug, Clone)]
pub struct Schedule {
    start: Instant,
    every: Duration,
    end: Instant,
    next: Instant,
    /// How many different nudges have been shown.
    shown: u32,
    /// The nudge on screen, and since when.
    showing: Option<(u32, Instant)>,
    /// A snoozed nudge, to show again at `next`.
    snoozed: Option<u32>,
    answered: u32,
    ended: bool,
}

impl Schedule {
    pub fn new(start: Instant, every: Duration, span: Duration) -> Schedule {
        Schedule {
            start,
            every,
            end: start + span,
            next: start + every,
            shown: 0,
            showing: None,
            snoozed: None,
            answered: 0,
            ended: false,
        }
    }

    /// When something is next due: a nudge, or the end.
    pub fn next_due(&self) -> Instant {
        self.next.min(self.end)
    }

    /// The end of the day's nudges.
    pub fn end(&self) -> Instant {
        self.end
    }

    pub fn showing(&self) -> Option<u32> {
        self.showing.map(|(n, _)| n)
    }

    pub fn is_ended(&self) -> bool {
        self.ended
    }

    /// The nudge that comes next: a snoozed one, or a new one.
    pub fn upcoming(&self) -> u32 {
        self.snoozed.unwrap_or(self.shown)
    }

    /// (shown, answered).
    pub fn counts(&self) -> (u32, u32) {
        (self.shown, self.answered)
    }

    /// Moves time on to `now`. A nudge that is still up when the next comes was not
    /// answered, and is replaced.
    pub fn update(&mut self, now: Instant) -> Option<Event> {
        if self.ended {
            return None;
        }
        if now >= self.end {
            self.ended = true;
            self.showing = None;
            return Some(Event::Ended);
        }
        if now < self.next {
            return None;
        }
        let (n, again) = match self.snoozed.take() {
            Some(n) => (n, true),
            None => {
                self.shown += 1;
                (self.shown - 1, false)
            }
        };
        self.showing = Some((n, now));
        // The next point of the grid after now: late wake-ups never shift the grid.
        let steps = now.duration_since(self.start).as_nanos() / self.every.as_nanos().max(1);
        let steps = u32::try_from(steps + 1).unwrap_or(u32::MAX);
        self.next = self.start + self.every.saturating_mul(steps);
        Some(Event::Show { n, again })
    }

    /// The person did it: returns the nudge and when it was shown.
    pub fn answer(&mut self) -> Option<(u32, Instant)> {
        let shown = self.showing.take()?;
        self.answered += 1;
        Some(shown)
    }

    /// Puts the nudge on screen off for `SNOOZE`; false if none is showing.
    pub fn snooze(&mut self, now: Instant) -> bool {
        let Some((n, _)) = self.showing.take() else {
            return false;
        };
        self.snoozed = Some(n);
        self.next = now + SNOOZE;
        true
    }
}

/// The wall-clock time of `at`, as "14:30".
fn wall(at: Instant, now: Instant, local: DateTime<Local>) -> String {
    let ahead = chrono::Duration::from_std(at.saturating_duration_since(now)).unwrap_or_default();
    (local + ahead).format("%H:%M").to_string()
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

pub fn nudge(
    args: &NudgeArgs,
    library: &Library,
    config: &Config,
    store: Option<&Store>,
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
    let every = Duration::from_secs(u64::from(args.every));
    let span = Duration::from_secs(u64::from(args.span));
    let quiet = args.run.quiet || !config.bell.value;
    let tty = !args.run.plain && io::stdin().is_terminal() && io::stdout().is_terminal();
    let (tx, rx) = mpsc::channel();
    terminal::forward_signals(tx.clone()).map_err(Error::Terminal)?;
    let clock = Clock::new(test_speed());
    let mut schedule = Schedule::new(clock.now(), every, span);

    let ending = if tty {
        let mut screen =
            Screen::enter(quiet, config.screen_color(), tx).map_err(Error::Terminal)?;
        let ending = run_screen(&mut schedule, &cues, &clock, &rx, &mut screen, store, args);
        drop(screen);
        ending.unwrap_or(Ending::HungUp)
    } else {
        run_plain(&mut schedule, &cues, &clock, &rx, out, args)?
    };
    let (shown, answered) = schedule.counts();
    let recorded = match (store, tty) {
        (Some(_), true) => " (recorded as posture practice)",
        _ => "",
    };
    writeln!(
        out,
        "Posture nudges: {shown} shown, {answered} done{recorded}."
    )?;
    Ok(ending.exit())
}

/// Debug builds only: `BACKCOACH_TEST_SPEED=F` runs the nudges' clock F times faster, so
/// the end-to-end tests need not wait half an hour. Release builds have no such switch.
#[cfg(debug_assertions)]
fn test_speed() -> f64 {
    std::env::var("BACKCOACH_TEST_SPEED")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|f| (1.0..=100_000.0).contains(f))
        .unwrap_or(1.0)
}

#[cfg(not(debug_assertions))]
fn test_speed() -> f64 {
    1.0
}

/// The full screen: a nudge waits for Enter (done), space (snooze) or q (end).
fn run_screen(
    schedule: &mut Schedule,
    cues: &Cues,
    clock: &Clock,
    rx: &Receiver<Input>,
    screen: &mut Screen,
    store: Option<&Store>,
    args: &NudgeArgs,
) -> io::Result<Ending> {
    let mut said = Said::Nothing;
    loop {
        let now = clock.now();
        match schedule.update(now) {
            Some(Event::Ended) => return Ok(Ending::Normal),
            Some(Event::Show { .. }) => {
                said = Said::Nothing;
                screen.bell()?;
            }
            None => {}
        }
        draw(screen, schedule, cues, &said, args, now)?;
        let wait = clock.wait_until(schedule.next_due(), clock.now());
        let input = match rx.recv_timeout(wait) {
            Ok(input) => input,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => Input::Lost,
        };
        match input {
            Input::Key(key) => {
                let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                match key.code {
                    KeyCode::Char('c') if ctrl => return Ok(Ending::Interrupted),
                    KeyCode::Char('z') if ctrl => screen.stop_process()?,
                    KeyCode::Char('q') | KeyCode::Esc => return Ok(Ending::Normal),
                    KeyCode::Char(' ') if schedule.snooze(clock.now()) => {
                        said = Said::Snoozed;
                    }
                    KeyCode::Enter | KeyCode::Char('d') => {
                        if let Some((n, since)) = schedule.answer() {
                            said = match (store, cues.get(n)) {
                                (Some(store), Some(cue)) => {
                                    match store.append(&record(&cue, since, clock.now())) {
                                        Ok(()) => Said::Done,
                                        Err(e) => Said::NotRecorded(e.to_string()),
                                    }
                                }
                                _ => Said::DoneUnrecorded,
                            };
                        }
                    }
                    _ => {}
                }
            }
            Input::Resize => screen.redraw(),
            Input::Signal(sig) => match Ending::of_signal(sig) {
                Some(ending) => return Ok(ending),
                None => screen.stop_process()?,
            },
            Input::Lost => return Ok(Ending::HungUp),
        }
    }
}

fn draw(
    screen: &mut Screen,
    schedule: &Schedule,
    cues: &Cues,
    said: &Said,
    args: &NudgeArgs,
    now: Instant,
) -> io::Result<()> {
    let local = Local::now();
    let cue = schedule.showing().and_then(|n| cues.get(n));
    let (_, answered) = schedule.counts();
    let upcoming = if schedule.showing().is_some() {
        None
    } else {
        cues.get(schedule.upcoming())
    };
    let state = view::NudgeState {
        every_minutes: args.every / 60,
        until: wall(schedule.end(), now, local),
        cue: cue.as_ref(),
        upcoming: upcoming.as_ref(),
        next_at: wall(schedule.next_due(), now, local),
        answered,
        message: match said {
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
    let (w, h) = Screen::size();
    screen.draw(&view::nudge(&state, w, h))
}

/// Plain lines: one per nudge, nothing to answer.
fn run_plain(
    schedule: &mut Schedule,
    cues: &Cues,
    clock: &Clock,
    rx: &Receiver<Input>,
    out: &mut impl Write,
    args: &NudgeArgs,
) -> Result<Ending, Error> {
    let now = clock.now();
    writeln!(
        out,
        "Posture nudges every {} min until {}. Ctrl-C stops.",
        args.every / 60,
        wall(schedule.end(), now, Local::now())
    )?;
    out.flush()?;
    loop {
        let now = clock.now();
        match schedule.update(now) {
            Some(Event::Ended) => return Ok(Ending::Normal),
            Some(Event::Show { n, .. }) => {
                let local = Local::now();
                if let Some(cue) = cues.get(n) {
                    writeln!(
                        out,
                        "{}  {}: {} (next at {})",
                        local.format("%H:%M"),
                        cue.name,
                        cue.text,
                        wall(schedule.next_due(), now, local)
                    )?;
                    out.flush()?;
                }
                // Nothing can answer in plain mode; the nudge is not left waiting.
                schedule.showing = None;
            }
            None => {}
        }
        let wait = clock.wait_until(schedule.next_due(), clock.now());
        match rx.recv_timeout(wait) {
            Ok(Input::Signal(sig)) => {
                if let Some(ending) = Ending::of_signal(sig) {
                    return Ok(ending);
                }
                // Ctrl-Z: nothing to give back in plain mode.
                terminal::stop_here();
            }
            Ok(_) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok(Ending::HungUp),
        }
    }
}

/// The log record of an answered nudge: a completed posture session of the cue's catalogue
/// time, shown at `since` and answered at `now`.
pub fn record(cue: &Cue, since: Instant, now: Instant) -> Record {
    let ended = Local::now().fixed_offset();
    let started = ended
        - chrono::Duration::from_std(now.saturating_duration_since(since)).unwrap_or_default();
    Record::nudge(
        ROUTINE,
        &cue.exercise,
        &cue.name,
        cue.seconds,
        started,
        ended,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    fn day(t0: Instant) -> Schedule {
        Schedule::new(t0, 30 * MIN, 8 * 60 * MIN)
    }

    #[test]
    fn nudges_keep_to_the_grid_even_when_woken_late() {
        let t0 = Instant::now();
        let mut s = day(t0);
        assert_eq!(s.next_due(), t0 + 30 * MIN);
        assert_eq!(s.update(t0 + 29 * MIN), None);
        // Woken 3 minutes late: the nudge shows, and the next is still on the grid.
        assert_eq!(
            s.update(t0 + 33 * MIN),
            Some(Event::Show { n: 0, again: false })
        );
        assert_eq!(s.next_due(), t0 + 60 * MIN);
        // Unanswered, it is replaced by the next one.
        assert_eq!(
            s.update(t0 + 60 * MIN),
            Some(Event::Show { n: 1, again: false })
        );
        assert_eq!(s.counts(), (2, 0));
    }

    #[test]
    fn snooze_brings_the_same_nudge_back_in_ten_minutes() {
        let t0 = Instant::now();
        let mut s = day(t0);
        s.update(t0 + 30 * MIN);
        assert!(s.snooze(t0 + 31 * MIN));
        assert!(!s.snooze(t0 + 31 * MIN), "nothing left to snooze");
        assert_eq!(s.upcoming(), 0, "the snoozed one comes next");
        assert_eq!(s.next_due(), t0 + 41 * MIN);
        assert_eq!(
            s.update(t0 + 41 * MIN),
            Some(Event::Show { n: 0, again: true })
        );
        // The grid goes on after it.
        assert_eq!(s.next_due(), t0 + 60 * MIN);
        assert_eq!(s.answer().map(|(n, _)| n), Some(0));
        assert_eq!(s.counts(), (1, 1));
        assert_eq!(s.answer(), None, "an answer needs a nudge on screen");
    }

    #[test]
    fn the_day_ends_on_time() {
        let t0 = Instant::now();
        let mut s = Schedule::new(t0, 30 * MIN, 45 * MIN);
        s.update(t0 + 30 * MIN);
        assert_eq!(s.next_due(), t0 + 45 * MIN);
        assert_eq!(s.update(t0 + 45 * MIN), Some(Event::Ended));
        assert!(s.is_ended());
        assert_eq!(s.update(t0 + 90 * MIN), None);
        assert_eq!(s.showing(), None);
    }

    #[test]
    fn cues_rotate_through_sitting_standing_and_walking() {
        let library = Library::load(None).expect("built-in catalogue");
        let cues = Cues::new(&library.catalogue);
        let ids: Vec<String> = (0..3)
            .filter_map(|k| cues.get(k))
            .map(|c| c.exercise)
            .collect();
        assert_eq!(
            ids,
            ["sitting-posture", "standing-posture", "walking-posture"]
        );
        let first = cues.get(0).expect("a cue");
        let fourth = cues.get(3).expect("a cue");
        assert_eq!(first.exercise, fourth.exercise);
        assert_ne!(first.text, fourth.text, "the next time, the next cue");
    }

    #[test]
    fn an_answered_nudge_is_a_posture_record() {
        let cue = Cue {
            exercise: "sitting-posture".into(),
            name: "Sitting posture check".into(),
            text: "Sit back".into(),
            seconds: 60,
        };
        let t = Instant::now();
        let r = record(&cue, t, t + Duration::from_secs(5));
        assert_eq!(r.routine, ROUTINE);
        assert_eq!(r.steps[0].strategy, Strategy::Posture);
        assert_eq!(r.active_seconds, 60.0);
        assert!(!r.manual);
        assert_eq!((r.ended_at - r.started_at).num_seconds(), 5);
    }
}
