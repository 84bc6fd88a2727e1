//! The plain front end: one line per prompt with the elapsed time, no raw mode, no cursor
//! movement, no questions. What scripts, logs and screen readers get.

use std::io::{self, Write};
use std::time::Instant;

use super::Frontend;
use crate::plan::{Length, PhaseKind};
use crate::routine::Routine;
use crate::session::{Engine, Event};
use crate::ui::view::stopwatch;

#[derive(Debug)]
pub struct Plain<'a, W: Write> {
    out: W,
    routine: &'a Routine,
}

impl<'a, W: Write> Plain<'a, W> {
    pub fn new(out: W, routine: &'a Routine) -> Plain<'a, W> {
        Plain { out, routine }
    }
}

impl<W: Write> Frontend for Plain<'_, W> {
    fn show(
        &mut self,
        engine: &Engine,
        now: Instant,
        events: &[Event],
        _help: bool,
    ) -> io::Result<()> {
        for event in events {
            let line = match event {
                Event::PhaseStarted(i) => {
                    let Some(phase) = engine.plan().phases.get(*i) else {
                        continue;
                    };
                    if phase.kind == PhaseKind::Equipment {
                        let at = stopwatch(engine.active(now));
                        writeln!(self.out, "[{at}] {}", phase.prompt)?;
                        continue;
                    }
                    let step = self.routine.steps.get(phase.step);
                    let name = match (phase.kind, step) {
                        (PhaseKind::Rest, _) => "Rest".to_owned(),
                        (_, Some(ex)) => ex.name.clone(),
                        (_, None) => String::new(),
                    };
                    let detail = phase
                        .detail
                        .as_deref()
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default();
                    let length = match phase.length {
                        Length::Timed(s) => crate::output::duration(s),
                        Length::UntilDone { estimate } => {
                            format!("about {}", crate::output::duration(estimate))
                        }
                    };
                    let prompt = if phase.kind == PhaseKind::Rest {
                        "Rest"
                    } else {
                        phase.prompt.as_str()
                    };
                    let mut line = format!(
                        "[{}] step {}/{} {name}: {prompt}{detail}, {length}",
                        stopwatch(engine.active(now)),
                        phase.step + 1,
                        self.routine.steps.len(),
                    );
                    // As a step begins: its caution, then its cues, once, for whoever
                    // follows by ear or eye and never sees the full screen's rotating cue.
                    if engine.plan().step_start(phase.step) == Some(*i)
                        && let Some(ex) = step
                    {
                        if let Some(caution) = &ex.caution {
                            line.push_str(&format!("\n    ! {caution}"));
                        }
                        for cue in &ex.cues {
                            line.push_str(&format!("\n    - {cue}"));
                        }
                    }
                    line
                }
                Event::Paused => format!("[{}] paused", stopwatch(engine.active(now))),
                Event::Resumed => format!("[{}] going on", stopwatch(engine.active(now))),
                Event::Countdown(_) | Event::Finished(_) => continue,
            };
            writeln!(self.out, "{line}")?;
        }
        self.out.flush()
    }

    fn resize(&mut self) {}

    fn release(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn reclaim(&mut self) -> io::Result<()> {
        Ok(())
    }

    /// There is no key to go on with, so a plain session resumes by itself; the time it
    /// was stopped does not count.
    fn stays_paused(&self) -> bool {
        false
    }
}
