//! `backcoach start` in plain mode, with assert_cmd: what it prints, what it records, and
//! how it fails. (The full screen is tested in a pseudo-terminal in `e2e.rs`.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;
use std::time::{Duration, Instant};

use common::Home;
use serde_json::Value;

/// 1 s lead-ins are given on the command line; this routine plans 5 s.
/// The shortest session there is, for tests about what comes around a session: one second.
const BLINK: &str = r#"
title = "Blink"
summary = "For the tests"

[[step]]
name = "Breathe"
strategy = "mind-body"
cues = ["Gently"]
phases = [{ say = "Breathe out", seconds = 1 }]
"#;

fn records(home: &Home) -> Vec<Value> {
    let text = fs::read_to_string(home.data().join("backcoach/sessions.jsonl")).unwrap_or_default();
    text.lines()
        .map(|l| serde_json::from_str(l).expect("a record"))
        .collect()
}

/// The real binary on the real clock (what it prints line by line, on made-up time, is
/// tested in `commands::start`): a one-second session takes a second, and is recorded.
#[test]
fn a_real_plain_session_keeps_time_and_records() {
    let home = Home::new();
    home.routine("blink.toml", BLINK);
    let (code, out, err) = home.run(&["start", "blink", "--lead-in", "0", "--pain", "6"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Blink: 1 step, 1 s. Ctrl-C stops.");
    assert_eq!(lines[1], "[0:00] step 1/1 Breathe: Breathe out, 1 s");
    assert_eq!(lines[2], "    - Gently");
    assert_eq!(lines[3], "Blink: completed.");
    assert!(
        !out.contains('\x1b'),
        "no escape codes in plain mode: {out:?}"
    );
    let recs = records(&home);
    assert_eq!(recs.len(), 1);
    let r = &recs[0];
    assert_eq!(r["status"], "completed");
    assert_eq!(r["active_seconds"], 1.0, "active time is the plan, exactly");
    assert_eq!(r["pain_before"], 6);
    let at = |k: &str| chrono::DateTime::parse_from_rfc3339(r[k].as_str().unwrap()).unwrap();
    let wall = (at("ended_at") - at("started_at")).num_milliseconds();
    assert!(
        wall >= 1000,
        "a second on the wall clock at least: {wall} ms"
    );
}

#[test]
fn no_log_and_previews_record_nothing() {
    let home = Home::new();
    home.routine("blink.toml", BLINK);
    let (code, out, _) = home.run_until(
        &["start", "blink", "--lead-in", "0", "--no-log"],
        "step 1/1",
    );
    assert_eq!(code, 143);
    assert!(out.contains("Not recorded (--no-log)."), "{out}");
    let began = Instant::now();
    let (code, out, _) = home.run(&["start", "desk-break", "--speed", "1000"]);
    assert_eq!(code, 0);
    assert!(
        began.elapsed() < Duration::from_secs(10),
        "a 3-minute routine at 1000x takes a fraction of a second"
    );
    assert!(out.contains("Preview at 1000x speed."), "{out}");
    assert!(
        out.contains("A preview at 1000x speed: not recorded."),
        "{out}"
    );
    assert!(out.contains("step 4/4 Box breathing"), "{out}");
    assert!(records(&home).is_empty());
}

#[test]
fn self_paced_reps_take_their_estimate_in_plain_mode() {
    let home = Home::new();
    home.routine(
        "reps.toml",
        "title = \"R\"\nsummary = \"S\"\n[[step]]\nname = \"Squat\"\nstrategy = \"strengthening\"\ncues = [\"Sit back\"]\nreps = 1\n",
    );
    let (code, out, _) = home.run(&[
        "start",
        "reps",
        "--lead-in",
        "0",
        "--no-log",
        "--speed",
        "100",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Squat: 1 reps at your own pace, then press Enter, 5 s"),
        "{out}"
    );
}

#[test]
fn bad_starts_fail_before_anything_runs() {
    let home = Home::new();
    let (code, out, err) = home.run(&["start", "evenign"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("no routine named `evenign`") && err.contains("did you mean `evening`?"),
        "{err}"
    );

    home.file(
        "bad.toml",
        "title = \"B\"\nsummary = \"S\"\n[[step]]\nexercise = \"plank\"\nseconds = 0\n",
    );
    let (code, _, err) = home.run(&["start", "bad.toml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.toml:5:11: `seconds` must be at least 1, not 0"),
        "{err}"
    );

    for (args, expected) in [
        (&["start", "evening", "--pain", "11"][..], "--pain"),
        (&["start", "evening", "--speed", "0"][..], "not a speed"),
        (&["start", "evening", "--lead-in", "99"][..], "--lead-in"),
    ] {
        let (code, _, err) = home.run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    assert!(!home.data().join("backcoach/sessions.jsonl").exists());
}

#[test]
fn a_log_folder_that_cannot_be_made_fails_before_the_session() {
    let home = Home::new();
    fs::create_dir_all(home.path()).unwrap();
    fs::write(home.data(), "a file where the data folder should be").unwrap();
    let (code, out, err) = home.run(&["start", "evening", "--plain"]);
    assert_eq!(code, 1);
    assert!(
        !out.contains("step 1/7"),
        "the session did not start: {out}"
    );
    assert!(
        err.contains("cannot use the folder")
            && err.contains("for the session log")
            && err.contains("--no-log"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn sigterm_stops_and_records() {
    let home = Home::new();
    // At the first prompt, SIGTERM.
    let (code, text, _) =
        home.run_until(&["start", "evening", "--plain", "--pain", "3"], "step 1/");
    assert_eq!(code, 143);
    assert!(
        text.contains("Evening: warm, stretch, release, breathe: stopped."),
        "{text}"
    );
    let recs = records(&home);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["status"], "stopped");
    assert_eq!(recs[0]["pain_before"], 3);
}

/// The words, whatever the line breaks.

#[test]
fn a_preview_shows_the_safety_text_too_and_remembers_it() {
    let home = Home::first_run();
    home.routine("blink.toml", BLINK);
    let (code, out, _) = home.run(&["start", "blink", "--lead-in", "0", "--speed", "100"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Before you start: safety"), "{out}");
    assert!(records(&home).is_empty(), "a preview records no session");
    let (_, out, _) = home.run(&["start", "blink", "--lead-in", "0", "--speed", "100"]);
    assert!(!out.contains("Before you start: safety"), "{out}");
}

#[test]
fn a_state_file_that_cannot_be_written_warns_once_after_the_session() {
    let home = Home::first_run();
    home.routine("blink.toml", BLINK);
    fs::write(home.state(), "a file where the state folder should be").unwrap();
    let (code, out, err) =
        home.run_until(&["start", "blink", "--lead-in", "0", "--plain"], "step 1/1");
    assert_eq!(code, 143, "{err}");
    assert!(out.contains("Blink: stopped."), "the session ran: {out}");
    assert_eq!(records(&home).len(), 1, "and was recorded");
    assert_eq!(err.matches("backcoach: warning:").count(), 1, "{err}");
    assert!(
        err.contains("cannot write") && err.contains("the safety screen will show again"),
        "{err}"
    );
    // Not remembered, so shown again.
    let (_, out, _) = home.run(&["start", "blink", "--lead-in", "0", "--speed", "1000"]);
    assert!(out.contains("Before you start: safety"), "{out}");
}

/// Issue 14: `start evening --minutes 10` says what it changed, then runs a routine planned
/// within the ten minutes (here a preview, 1000 times faster, on the real clock).
#[test]
fn a_fitted_evening_runs_within_the_time() {
    let home = Home::new();
    let began = Instant::now();
    let (code, out, err) = home.run(&[
        "start",
        "evening",
        "--minutes",
        "10",
        "--plain",
        "--speed",
        "1000",
        "--no-log",
    ]);
    assert_eq!((code, err.as_str()), (0, ""));
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("Fitted to 10 min: about 9 min 53 s. Left out: "),
        "{out}"
    );
    let heading = lines
        .iter()
        .find(|l| l.starts_with("Evening: warm, stretch, release, breathe: "))
        .expect("the heading");
    assert_eq!(
        *heading,
        "Evening: warm, stretch, release, breathe: 4 steps, 9 min 53 s. Ctrl-C stops. Preview at 1000x speed."
    );
    assert!(
        out.contains("Evening: warm, stretch, release, breathe: completed."),
        "{out}"
    );
    assert!(!out.contains("Knee to chest"), "left out: {out}");
    // 593 s at 1000x is 0.6 s.
    assert!(
        began.elapsed() < Duration::from_secs(5),
        "{:?}",
        began.elapsed()
    );
}

/// A time the routine can't be fitted into fails before anything starts: exit 2, with the
/// shortest it can be.
#[test]
fn start_with_too_few_minutes_fails_before_it_starts() {
    let home = Home::new();
    let (code, out, err) = home.run(&["start", "evening", "--minutes", "1", "--plain"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with(
            "backcoach: `evening` can't be made to fit 1 min: the shortest it can be is about 6 min 20 s\n"
        ),
        "{err}"
    );
    assert!(records(&home).is_empty());
}

/// Issue 14: `start cat-cow` runs the exercise on its own, as a routine of one step.
#[test]
fn start_an_exercise_runs_it_on_its_own() {
    let home = Home::new();
    let (code, out, err) = home.run(&["start", "cat-cow", "--plain", "--speed", "100"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "Cat-cow: 1 step, 43 s. Ctrl-C stops. Preview at 100x speed."
    );
    assert!(out.contains("step 1/1 Cat-cow: Breathe in: "), "{out}");
    assert!(out.contains("Cat-cow: completed."), "{out}");
}

/// The physio's and the adversarial reviews: `start plank --level 3` ran the plank on the
/// toes under level 1's title, "Plank (knees down)". An exercise on its own is titled by
/// the level it runs at.
#[test]
fn an_exercise_on_its_own_is_titled_by_its_level() {
    let home = Home::new();
    let (code, out, err) = home.run(&[
        "start", "plank", "--level", "3", "--plain", "--speed", "1000", "--no-log",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Plank (on toes): 1 step"), "{out}");
    assert!(!out.contains("knees down"), "{out}");
}
