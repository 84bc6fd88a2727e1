//! The one loop on made-up time: a fake clock, scripted inputs, a stand-in process and a
//! front end that writes down what it was asked to show. Nothing here sleeps.

use std::time::Duration;

use chrono::DateTime;
use crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};

use super::clock::{FakeClock, Script};
use super::*;
use crate::plan::PlanOptions;
use crate::routine::library::Library;
use crate::routine::parse;
use crate::session::Status;

fn key(c: char) -> Input {
    Input::Key(KeyEvent::new_with_kind(
        KeyCode::Char(c),
        KeyModifiers::NONE,
        KeyEventKind::Press,
    ))
}

fn ctrl(c: char) -> Input {
    Input::Key(KeyEvent::new_with_kind(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
        KeyEventKind::Press,
    ))
}

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

/// A front end that writes down what it was shown.
#[derive(Debug, Default)]
struct Recorder {
    /// (seconds since the start, events, paused) of each show.
    shows: Vec<(Duration, Vec<Event>, bool)>,
    resized: u32,
    released: u32,
    reclaimed: u32,
    stays_paused: bool,
    start: Option<Instant>,
}

impl Frontend for Recorder {
    fn show(
        &mut self,
        engine: &Engine,
        now: Instant,
        events: &[Event],
        _help: bool,
    ) -> io::Result<()> {
        let start = *self.start.get_or_insert(now);
        self.shows.push((
            now.duration_since(start),
            events.to_vec(),
            engine.is_paused(),
        ));
        Ok(())
    }
    fn resize(&mut self) {
        self.resized += 1;
    }
    fn release(&mut self) -> io::Result<()> {
        self.released += 1;
        Ok(())
    }
    fn reclaim(&mut self) -> io::Result<()> {
        self.reclaimed += 1;
        Ok(())
    }
    fn stays_paused(&self) -> bool {
        self.stays_paused
    }
}

/// A process that only counts its stops.
#[derive(Debug, Default)]
struct Stops(u32);

impl Process for Stops {
    fn stop(&mut self) {
        self.0 += 1;
    }
}

/// A 20-second hold, then a 10-second one; no lead-ins or rests.
fn engine(clock: &FakeClock) -> Engine {
    let lib = Library::load(None).expect("catalogue");
    let src = "title = \"T\"\nsummary = \"S\"\n[[step]]\nexercise = \"childs-pose\"\nseconds = 20\nsets = 1\n[[step]]\nexercise = \"childs-pose\"\nseconds = 10\nsets = 1\n";
    let routine = parse::routine("t", "t.toml", src, &lib.catalogue).expect("valid");
    let opts = PlanOptions {
        lead_in: 0,
        default_rest: 0,
        switch: 0,
    };
    Engine::new(crate::plan::Plan::new(&routine, &opts), clock.now())
}

fn clock() -> FakeClock {
    FakeClock::at(DateTime::parse_from_rfc3339("2026-11-25T19:00:00+01:00").expect("a time"))
}

fn run_session(
    clock: &FakeClock,
    script: &mut Script,
    front: &mut Recorder,
    stops: &mut Stops,
) -> (Engine, Ending) {
    let mut e = engine(clock);
    let ending = Session::new(&mut e, &mut *front)
        .run(clock, script, stops)
        .expect("runs");
    (e, ending)
}

#[test]
fn untouched_a_session_runs_to_its_end_on_made_up_time() {
    let clock = clock();
    let mut script = clock.script([]);
    let mut front = Recorder::default();
    let (e, ending) = run_session(&clock, &mut script, &mut front, &mut Stops::default());
    assert_eq!(ending, Ending::Normal);
    let sum = e.summary(clock.now());
    assert_eq!(sum.status, Status::Completed);
    assert_eq!(sum.active, secs(30.0));
    // The screen was drawn at every second of the countdown: 0, 1, ... 30.
    let at: Vec<u64> = front.shows.iter().map(|(t, _, _)| t.as_secs()).collect();
    assert_eq!(at.first(), Some(&0));
    assert_eq!(at.last(), Some(&30));
    assert!(
        front.shows[0].1.contains(&Event::PhaseStarted(0)),
        "the first phase is announced"
    );
}

#[test]
fn a_key_at_a_deadline_is_applied_at_its_time() {
    let clock = clock();
    // n exactly when the first hold ends: the second step starts once, not twice.
    let mut script = clock.script([(secs(20.0), key('n'))]);
    let mut front = Recorder::default();
    let (e, ending) = run_session(&clock, &mut script, &mut front, &mut Stops::default());
    assert_eq!(ending, Ending::Normal);
    let starts = front
        .shows
        .iter()
        .flat_map(|(_, ev, _)| ev)
        .filter(|ev| matches!(ev, Event::PhaseStarted(_)))
        .count();
    assert!(starts >= 2, "{:?}", front.shows);
    assert_eq!(e.summary(clock.now()).status, Status::Completed);
}

#[test]
fn each_signal_ends_with_its_own_ending_and_stops_the_engine() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    for (input, ending) in [
        (Input::Signal(SIGINT), Ending::Interrupted),
        (Input::Signal(SIGTERM), Ending::Terminated),
        (Input::Signal(SIGHUP), Ending::HungUp),
        (ctrl('c'), Ending::Interrupted),
        (Input::Lost, Ending::HungUp),
    ] {
        let clock = clock();
        let mut script = clock.script([(secs(5.5), input.clone())]);
        let mut front = Recorder::default();
        let (e, got) = run_session(&clock, &mut script, &mut front, &mut Stops::default());
        assert_eq!(got, ending, "{input:?}");
        let sum = e.summary(clock.now());
        assert_eq!(sum.status, Status::Stopped, "{input:?}");
        assert_eq!(sum.active, secs(5.5), "{input:?}");
    }
}

#[test]
fn a_suspend_keeps_the_pause_on_the_full_screen_and_not_in_plain_mode() {
    use signal_hook::consts::SIGTSTP;
    for (stays_paused, input) in [(true, ctrl('z')), (false, Input::Signal(SIGTSTP))] {
        let clock = clock();
        // Suspended at 5 s; continued, the full screen waits for space, plain mode goes on.
        let mut script = clock.script([(secs(5.0), input.clone()), (secs(65.0), key(' '))]);
        let mut front = Recorder {
            stays_paused,
            ..Recorder::default()
        };
        let mut stops = Stops::default();
        let (e, ending) = run_session(&clock, &mut script, &mut front, &mut stops);
        assert_eq!(ending, Ending::Normal);
        assert_eq!(stops.0, 1, "the process was stopped once");
        assert_eq!((front.released, front.reclaimed), (1, 1));
        let sum = e.summary(clock.now());
        if stays_paused {
            // Paused from 5 s until space at 65 s: the space resumed it, 60 s not counted.
            assert_eq!(sum.active, secs(30.0));
            assert!(
                front
                    .shows
                    .iter()
                    .any(|(t, _, paused)| *paused && t.as_secs() >= 5 && t.as_secs() < 65)
            );
        } else {
            // Plain mode went on at once; the space at 65 s paused it after the end.
            assert_eq!(sum.active, secs(30.0));
        }
        assert_eq!(sum.status, Status::Completed, "{input:?}");
    }
}

#[test]
fn a_resize_redraws() {
    let clock = clock();
    let mut script = clock.script([(secs(3.0), Input::Resize), (secs(4.0), key('q'))]);
    let mut front = Recorder::default();
    let (_, ending) = run_session(&clock, &mut script, &mut front, &mut Stops::default());
    assert_eq!(ending, Ending::Normal);
    assert_eq!(front.resized, 1);
    assert!(
        front.shows.iter().any(|(t, _, _)| *t == secs(3.0)),
        "drawn again at once"
    );
}
