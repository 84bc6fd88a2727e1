//! A session as plain lines: one line per prompt, with the active time, and each step's
//! caution and cues as it begins. Pure, like the rest of `view`; `Lines` prints it.

use std::time::Duration;

use super::{Frame, Line};
use crate::output::duration;
use crate::output::stopwatch;
use crate::plan::{Length, PhaseKind, Plan};
use crate::routine::Routine;
use crate::session::Event;

/// The lines that `events` add, at `active` time into a session of `routine` planned as
/// `plan`; none for events that say nothing new (a countdown, the end).
pub fn lines(routine: &Routine, plan: &Plan, events: &[Event], active: Duration) -> Frame {
    let at = stopwatch(active);
    let mut lines = Vec::new();
    for event in events {
        match event {
            Event::PhaseStarted(i) => {
                if let Some(phase) = plan.phases.get(*i) {
                    phase_lines(routine, plan, *i, phase, &at, &mut lines);
                }
            }
            Event::Paused => lines.push(Line::plain(format!("[{at}] paused"))),
            Event::Resumed => lines.push(Line::plain(format!("[{at}] going on"))),
            Event::Countdown(_) | Event::Finished(_) => {}
        }
    }
    Frame { lines }
}

fn phase_lines(
    routine: &Routine,
    plan: &Plan,
    i: usize,
    phase: &crate::plan::Phase,
    at: &str,
    lines: &mut Vec<Line>,
) {
    if phase.kind == PhaseKind::Equipment {
        lines.push(Line::plain(format!("[{at}] {}", phase.prompt)));
        return;
    }
    let step = routine.steps.get(phase.step);
    let name = match (phase.kind, step) {
        (PhaseKind::Rest, _) => "Rest",
        (_, Some(ex)) => ex.name.as_str(),
        (_, None) => "",
    };
    let detail = phase
        .detail
        .as_deref()
        .map(|d| format!(" ({d})"))
        .unwrap_or_default();
    let length = match phase.length {
        Length::Timed(s) => duration(s),
        Length::UntilDone { estimate } => format!("about {}", duration(estimate)),
    };
    let prompt = phase.prompt.as_str();
    lines.push(Line::plain(format!(
        "[{at}] step {}/{} {name}: {prompt}{detail}, {length}",
        phase.step + 1,
        routine.steps.len(),
    )));
    // As a step begins: its caution, then its cues, once, for whoever follows by ear or eye
    // and never sees the full screen's rotating cue.
    if plan.step_start(phase.step) == Some(i)
        && let Some(ex) = step
    {
        if let Some(caution) = &ex.caution {
            lines.push(Line::plain(format!("    ! {caution}")));
        }
        for cue in &ex.cues {
            lines.push(Line::plain(format!("    - {cue}")));
        }
    }
}
