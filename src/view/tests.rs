//! Snapshots of what a person sees, at 80x24 and at 40x12.

use std::time::{Duration, Instant};

use super::*;
use crate::library::Library;
use crate::plan::{Plan, PlanOptions};
use crate::session::{Command, Engine};

fn evening() -> (Routine, Plan) {
    let lib = Library::load(None).expect("catalogue");
    let found = lib.resolve("evening").expect("evening");
    let plan = Plan::new(&found.routine, &PlanOptions::default());
    (found.routine, plan)
}

/// The evening routine `at` seconds in, as a screen of `w`x`h`.
fn screen_at(at: f64, w: usize, h: usize, pause: bool, help: bool) -> String {
    let (routine, plan) = evening();
    let t0 = Instant::now();
    let mut e = Engine::new(plan, t0);
    let now = t0 + Duration::from_secs_f64(at);
    e.update(now);
    if pause {
        e.command(Command::TogglePause, now);
    }
    let state = e.state(now).expect("state");
    let frame = session(&routine, &state, help, w, h);
    assert_eq!(frame.lines.len(), h, "exactly {h} rows");
    for l in &frame.lines {
        assert!(
            l.text().width() <= w,
            "a row wider than {w}: {:?}",
            l.text()
        );
    }
    frame.text()
}

#[test]
fn lead_in_80x24() {
    insta::assert_snapshot!(screen_at(1.0, 80, 24, false, false));
}

#[test]
fn heat_80x24() {
    insta::assert_snapshot!(screen_at(125.5, 80, 24, false, false));
}

#[test]
fn breathing_in_80x24() {
    // The last step, deep breathing: 2 s into a 4-second in-breath.
    let (_, plan) = evening();
    let start: u32 = plan
        .phases
        .iter()
        .take_while(|p| p.breath.is_none())
        .map(|p| p.length.seconds())
        .sum();
    insta::assert_snapshot!(screen_at(f64::from(start) + 2.0, 80, 24, false, false));
}

#[test]
fn cat_cow_40x12() {
    // Cat-cow starts after 3 s lead-in, 600 s heat, 10 s rest and its own 3 s lead-in.
    insta::assert_snapshot!(screen_at(616.5, 40, 12, false, false));
}

#[test]
fn paused_40x12() {
    insta::assert_snapshot!(screen_at(700.0, 40, 12, true, false));
}

#[test]
fn help_80x24() {
    insta::assert_snapshot!(screen_at(5.0, 80, 24, false, true));
}

#[test]
fn question_40x12() {
    let f = question(
        "Evening: warm, stretch, release, breathe",
        "How is your back right now, 0-10?",
        "6",
        "Enter to answer, Enter on nothing to skip, Esc to cancel",
        40,
        12,
    );
    insta::assert_snapshot!(f.text());
}

#[test]
fn big_digits_line_up() {
    let rows = big("12:05");
    let widths: Vec<usize> = rows.iter().map(|r| r.width()).collect();
    assert_eq!(widths, [17, 17, 17]);
}

#[test]
fn clock_rounds_up() {
    assert_eq!(clock(Duration::from_millis(200)), "0:01");
    assert_eq!(clock(Duration::from_secs(60)), "1:00");
    assert_eq!(clock(Duration::from_millis(59_001)), "1:00");
    assert_eq!(clock(Duration::from_secs(3725)), "1:02:05");
}

#[test]
fn nudge_screens() {
    let cue = crate::nudge::Cue {
        exercise: "sitting-posture".into(),
        name: "Sitting posture check".into(),
        text: "Sit back so the chair supports your lower back".into(),
        seconds: 60,
    };
    let mut state = NudgeState {
        every_minutes: 30,
        until: "17:30".into(),
        cue: Some(&cue),
        upcoming: None,
        next_at: "14:30".into(),
        answered: 2,
        message: None,
    };
    insta::assert_snapshot!("nudge_up_80x24", nudge(&state, 80, 24).text());
    insta::assert_snapshot!("nudge_up_40x12", nudge(&state, 40, 12).text());
    state.cue = None;
    state.upcoming = Some(&cue);
    state.message = Some("Done: counted as posture practice.".into());
    insta::assert_snapshot!("nudge_waiting_80x24", nudge(&state, 80, 24).text());
}
