//! The one loop on made-up time: a fake clock, scripted inputs, a stand-in process and a
//! surface that writes down what it was shown. Nothing here sleeps.

use std::time::Duration;

use chrono::DateTime;
use crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};

use super::fake::{FakeClock, Script};
use super::fake::{Paper, Stops};
use super::*;
use crate::plan::PlanOptions;
use crate::routine::Routine;
use crate::routine::library::Library;
use crate::routine::parse;
use crate::session::Engine;
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

/// A 20-second hold, then a 10-second one; no lead-ins or rests.
fn routine() -> Routine {
    let lib = Library::load(None).expect("catalogue");
    let src = "title = \"T\"\nsummary = \"S\"\n[[step]]\nexercise = \"childs-pose\"\nseconds = 20\nsets = 1\n[[step]]\nexercise = \"childs-pose\"\nseconds = 10\nsets = 1\n";
    parse::routine("t", "t.toml", src, &lib.catalogue).expect("valid")
}

fn engine(routine: &Routine, clock: &FakeClock) -> Engine {
    let opts = PlanOptions {
        lead_in: 0,
        default_rest: 0,
        switch: 0,
        voice: false,
    };
    Engine::new(crate::plan::Plan::new(routine, &opts), clock.now())
}

fn clock() -> FakeClock {
    FakeClock::at(DateTime::parse_from_rfc3339("2026-11-25T19:00:00+01:00").expect("a time"))
}

fn run_session(
    clock: &FakeClock,
    script: &mut Script,
    surface: &mut Paper,
    stops: &mut Stops,
) -> (Engine, Ending) {
    let routine = routine();
    let mut e = engine(&routine, clock);
    let mut io = Io {
        clock,
        inputs: script,
        process: stops,
    };
    let ending = Session::new(&mut e, &routine)
        .run(surface, &mut io)
        .expect("runs");
    (e, ending)
}

#[test]
fn untouched_a_session_runs_to_its_end_on_made_up_time() {
    let clock = clock();
    let mut script = clock.script([]);
    let mut screen = Paper::screen(&clock);
    let (e, ending) = run_session(&clock, &mut script, &mut screen, &mut Stops::default());
    assert_eq!(ending, Ending::Normal);
    let sum = e.summary(clock.now());
    assert_eq!(sum.status, Status::Completed);
    assert_eq!(sum.active, secs(30.0));
    // The screen was drawn at every second of the countdown: 0, 1, ... 30.
    let at: Vec<u64> = screen.frames.iter().map(|(t, _)| t.as_secs()).collect();
    assert_eq!(at.first(), Some(&0));
    assert_eq!(at.last(), Some(&30));
    for s in 0..=30 {
        assert!(at.contains(&s), "drawn at {s} s: {at:?}");
    }
    assert!(
        screen.frames[0].1.contains("Child"),
        "{}",
        screen.frames[0].1
    );
    // A bell as each step begins, and at the 3-2-1 before the end of each.
    assert!(screen.bells >= 2, "{}", screen.bells);

    // As plain lines: a line as each step begins, and nothing else.
    let clock = self::clock();
    let mut script = clock.script([]);
    let mut lines = Paper::lines(&clock);
    run_session(&clock, &mut script, &mut lines, &mut Stops::default());
    let all = lines.all();
    assert!(all.starts_with("[0:00] step 1/2 Child"), "{all}");
    assert!(all.contains("\n[0:20] step 2/2 Child"), "{all}");
    assert_eq!(lines.bells, 0, "plain lines never ring");
}

#[test]
fn a_key_at_a_deadline_is_applied_at_its_time() {
    let clock = clock();
    // n exactly when the first hold ends: the second step starts once, not twice.
    let mut script = clock.script([(secs(20.0), key('n'))]);
    let mut lines = Paper::lines(&clock);
    let (e, ending) = run_session(&clock, &mut script, &mut lines, &mut Stops::default());
    assert_eq!(ending, Ending::Normal);
    let all = lines.all();
    assert_eq!(all.matches("step 1/2").count(), 1, "{all}");
    assert_eq!(all.matches("step 2/2").count(), 1, "{all}");
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
        let mut screen = Paper::screen(&clock);
        let (e, got) = run_session(&clock, &mut script, &mut screen, &mut Stops::default());
        assert_eq!(got, ending, "{input:?}");
        let sum = e.summary(clock.now());
        assert_eq!(sum.status, Status::Stopped, "{input:?}");
        assert_eq!(sum.active, secs(5.5), "{input:?}");
    }
}

#[test]
fn a_suspend_keeps_the_pause_on_the_full_screen_and_not_in_plain_mode() {
    use signal_hook::consts::SIGTSTP;
    // Each surface meets both Ctrl-Z and SIGTSTP.
    for (stays_paused, input) in [
        (true, ctrl('z')),
        (true, Input::Signal(SIGTSTP)),
        (false, Input::Signal(SIGTSTP)),
        (false, ctrl('z')),
    ] {
        let clock = clock();
        // Suspended at 5 s; continued, the full screen waits for space (at 65 s), plain
        // mode goes on at once.
        let mut script = clock.script([(secs(5.0), input.clone()), (secs(65.0), key(' '))]);
        let mut surface = if stays_paused {
            Paper::screen(&clock)
        } else {
            Paper::lines(&clock)
        };
        let mut stops = Stops::default();
        let (e, ending) = run_session(&clock, &mut script, &mut surface, &mut stops);
        assert_eq!(ending, Ending::Normal);
        assert_eq!(stops.stops, 1, "the process was stopped once");
        assert_eq!((surface.released, surface.reclaimed), (1, 1));
        let sum = e.summary(clock.now());
        assert_eq!(sum.active, secs(30.0), "{input:?}");
        assert_eq!(sum.status, Status::Completed, "{input:?}");
        let ended = surface.frames.last().map(|(t, _)| *t);
        if stays_paused {
            // Paused from 5 s until space at 65 s: the 60 s did not count, and it ended
            // 60 s late.
            assert!(
                surface
                    .frames
                    .iter()
                    .any(|(t, text)| text.contains("PAUSED")
                        && t.as_secs() >= 5
                        && t.as_secs() < 65)
            );
            assert_eq!(ended, Some(secs(90.0)), "{input:?}");
        } else {
            // Plain lines went on by themselves: ended on time, the space never read.
            assert_eq!(surface.since_start(), secs(30.0), "{input:?}");
        }
    }
}

#[test]
fn a_resize_redraws() {
    let clock = clock();
    // Half-way between two seconds, when nothing else would draw.
    let mut script = clock.script([(secs(3.5), Input::Resize), (secs(4.0), key('q'))]);
    let mut screen = Paper::screen(&clock);
    let (_, ending) = run_session(&clock, &mut script, &mut screen, &mut Stops::default());
    assert_eq!(ending, Ending::Normal);
    assert_eq!(screen.redraws, 1);
    assert!(
        screen.frames.iter().any(|(t, _)| *t == secs(3.5)),
        "drawn again at once"
    );
}

#[test]
fn kill_of_a_suspended_session_ends_it_without_taking_the_terminal_back() {
    use signal_hook::consts::SIGTERM;
    let clock = clock();
    let mut script = clock.script([(secs(5.0), ctrl('z')), (secs(5.01), Input::Signal(SIGTERM))]);
    let mut screen = Paper::screen(&clock);
    // Continued once in the background (the SIGCONT of `kill %1`).
    let mut stops = Stops::background(1);
    let (e, ending) = run_session(&clock, &mut script, &mut screen, &mut stops);
    assert_eq!(ending, Ending::Terminated);
    assert_eq!(
        (screen.released, screen.reclaimed),
        (1, 0),
        "never taken back"
    );
    assert_eq!(e.summary(clock.now()).status, Status::Stopped);
}

#[test]
fn continued_in_the_background_the_full_screen_stops_again_until_fg() {
    let clock = clock();
    let mut script = clock.script([(secs(5.0), ctrl('z')), (secs(60.0), key(' '))]);
    let mut screen = Paper::screen(&clock);
    // `bg` first (nothing ends it: stopped again), then `fg`.
    let mut stops = Stops::background(1);
    let (e, ending) = run_session(&clock, &mut script, &mut screen, &mut stops);
    assert_eq!(ending, Ending::Normal);
    assert_eq!(stops.stops, 2, "stopped again after bg");
    assert_eq!((screen.released, screen.reclaimed), (1, 1));
    assert_eq!(e.summary(clock.now()).status, Status::Completed);

    // Plain lines go on in the background.
    let clock = self::clock();
    let mut script = clock.script([(secs(5.0), ctrl('z'))]);
    let mut lines = Paper::lines(&clock);
    let mut stops = Stops::background(1);
    let (_, ending) = run_session(&clock, &mut script, &mut lines, &mut stops);
    assert_eq!(ending, Ending::Normal);
    assert_eq!(stops.stops, 1);
}

/// Issue 12: the clock ran on while the `?` help covered the screen.
#[test]
fn the_clock_stops_while_the_help_is_open() {
    let clock = clock();
    let mut script = clock.script([(secs(5.0), key('?')), (secs(65.0), key('?'))]);
    let mut screen = Paper::screen(&clock);
    let (e, ending) = run_session(&clock, &mut script, &mut screen, &mut Stops::default());
    assert_eq!(ending, Ending::Normal);
    let sum = e.summary(clock.now());
    assert_eq!(sum.status, Status::Completed);
    assert_eq!(sum.active, secs(30.0), "the minute of help did not count");
    // Ended 60 s later than untouched: the session waited while the help was open.
    assert_eq!(screen.frames.last().map(|(t, _)| *t), Some(secs(90.0)));

    // Paused before the help: closing it leaves it paused.
    let clock = self::clock();
    let mut script = clock.script([
        (secs(5.0), key(' ')),
        (secs(6.0), key('?')),
        (secs(7.0), key('?')),
        (secs(70.0), key('q')),
    ]);
    let mut screen = Paper::screen(&clock);
    let (e, _) = run_session(&clock, &mut script, &mut screen, &mut Stops::default());
    assert_eq!(e.summary(clock.now()).active, secs(5.0));
}

#[test]
fn a_dumb_or_unknown_terminal_gets_plain_lines() {
    assert!(!super::can_draw(""));
    assert!(!super::can_draw("dumb"));
    assert!(super::can_draw("xterm-256color"));
    assert!(super::can_draw("screen"));
}

/// Found by the adversarial review of issue 11: after a stop that was not ours (`kill
/// -STOP`, SIGTTOU) and `fg`, the session ran on a cooked terminal. SIGCONT takes it again.
#[test]
fn a_sigcont_takes_the_terminal_again() {
    use signal_hook::consts::SIGCONT;
    let clock = clock();
    let mut script = clock.script([(secs(5.5), Input::Signal(SIGCONT)), (secs(6.0), key('q'))]);
    let mut screen = Paper::screen(&clock);
    let (_, ending) = run_session(&clock, &mut script, &mut screen, &mut Stops::default());
    assert_eq!(ending, Ending::Normal);
    assert_eq!((screen.released, screen.reclaimed), (1, 1));
    // In the background (after bg), it is left alone.
    let clock = self::clock();
    let mut script = clock.script([(secs(5.5), Input::Signal(SIGCONT)), (secs(6.0), key('q'))]);
    let mut screen = Paper::screen(&clock);
    let mut stops = Stops::background(1);
    let (_, ending) = run_session(&clock, &mut script, &mut screen, &mut stops);
    assert_eq!(ending, Ending::Normal);
    assert_eq!((screen.released, screen.reclaimed), (0, 0));
}

/// `--voice` on the full screen: each change is said once, as one utterance, at its made-up
/// time; a pause and the help are said too, and q ends it without "Session complete".
#[test]
fn a_spoken_session_says_each_change_once_at_its_time() {
    use super::fake::Mouth;
    let clock = clock();
    let routine = routine();
    let mut e = engine(&routine, &clock);
    let mut script = clock.script([
        (secs(12.5), key(' ')),
        (secs(14.0), key(' ')),
        (secs(26.0), key('q')),
    ]);
    let mut paper = Paper::screen(&clock);
    let mut stops = Stops::default();
    let mut mouth = Mouth::new(&clock);
    let mut io = Io {
        clock: &clock,
        inputs: &mut script,
        process: &mut stops,
    };
    let ending = Session::new(&mut e, &routine)
        .speaking(&mut mouth)
        .run(&mut paper, &mut io)
        .expect("runs");
    assert_eq!(ending, Ending::Normal);
    let said: Vec<(f64, &str)> = mouth
        .said
        .iter()
        .map(|(at, s)| (at.as_secs_f64(), s.as_str()))
        .collect();
    let (name, prompt) = (&routine.steps[0].name, e.plan().phases[0].prompt.as_str());
    let first = format!("T. Step 1 of 2: {name}, 20 seconds. {prompt}");
    let second = format!("Step 2 of 2: {name}, 10 seconds. {prompt}");
    // q at 26 s, before the second hold's countdown: nothing more is said.
    assert_eq!(
        said,
        [
            (0.0, first.as_str()),
            (12.5, "Paused"),
            (14.0, "Going on"),
            // 1.5 s paused: the countdown is that much later.
            (18.5, "3"),
            (19.5, "2"),
            (20.5, "1"),
            (21.5, second.as_str()),
        ]
    );
    assert!(mouth.polls >= 20, "reaped at every update: {}", mouth.polls);
}

/// Issue 13: one identical bell at every change; "switch side", "next step" and "3-2-1"
/// sounded the same. Now: twice as a step begins, once for a new prompt or a count, three
/// times at the end.
#[test]
fn the_bell_rings_once_for_a_prompt_twice_for_a_step_three_times_at_the_end() {
    let clock = clock();
    let mut script = clock.script([]);
    let mut screen = Paper::screen(&clock);
    run_session(&clock, &mut script, &mut screen, &mut Stops::default());
    // Step 1 begins (2), its 3-2-1 (3), step 2 begins (2), its 3-2-1 (3), the end (3).
    assert_eq!(screen.bells, 13);
}

/// Issue 14: after each stretching or strengthening step on the full screen, one key rates
/// it (said aloud too); any other key or 5 s of silence passes the question, the last one
/// after the end, which is taken when the last step ended.
#[test]
fn a_step_is_rated_with_one_key_and_silence_passes_the_question() {
    use super::fake::Mouth;
    use super::session::{Levels, RATING_WAIT_SPOKEN};
    use crate::session::Rating;
    let clock = clock();
    let routine = routine();
    let mut e = engine(&routine, &clock);
    // 3 at 21 s rates the first hold "hard"; the second is left to pass.
    let mut script = clock.script([(secs(21.0), key('3'))]);
    let mut paper = Paper::screen(&clock);
    let mut stops = Stops::default();
    let mut mouth = Mouth::new(&clock);
    let mut levels = Levels::default();
    let mut io = Io {
        clock: &clock,
        inputs: &mut script,
        process: &mut stops,
    };
    let start = clock.now();
    let ending = Session::new(&mut e, &routine)
        .leveled(&mut levels)
        .speaking(&mut mouth)
        .run(&mut paper, &mut io)
        .expect("runs");
    assert_eq!(ending, Ending::Normal);
    assert_eq!(
        levels.ratings.into_iter().collect::<Vec<_>>(),
        [(0, Rating::Hard)]
    );
    let frames = paper.all();
    assert!(
        frames.contains("How was Child's pose? 1 easy · 2 about right · 3 hard · 4 it hurt"),
        "{frames}"
    );
    let asked: Vec<f64> = mouth
        .said
        .iter()
        .filter(|(_, s)| s.contains("How was that? 1 easy, 2 about right, 3 hard, 4 it hurt"))
        .map(|(at, _)| at.as_secs_f64())
        .collect();
    assert_eq!(asked, [20.0, 30.0], "said as each hold ends");
    // The session ended with its last hold; the question, said aloud too, kept the screen
    // 10 s more.
    assert_eq!(levels.ended.map(|t| t - start), Some(secs(30.0)));
    assert_eq!(paper.since_start(), secs(30.0) + RATING_WAIT_SPOKEN);
}
