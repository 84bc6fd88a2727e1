//! A session as the one loop runs it: the engine, shown on a surface. On the full screen it
//! draws a frame at every change and rings the bell as a prompt changes; as plain lines it
//! prints one line per prompt. Both are `view`'s, so this is only the glue. With a voice, it
//! also hands what `speech` says to a speaker, one utterance per update.

use std::io;
use std::time::Instant;

use crossterm::event::KeyEvent;

use super::input::{Action, action};
use super::speaker::Speak;
use super::{App, Ended, Ending, Io, Kind, Surface, run};
use crate::routine::Routine;
use crate::session::{Command, Engine, Event};
use crate::ui::speech::{self, Coach};
use crate::ui::view;

#[derive(Debug)]
pub struct Session<'e> {
    engine: &'e mut Engine,
    routine: &'e Routine,
    help: bool,
    /// The help paused the session when it opened; closing it goes on.
    help_paused: bool,
    /// Events from keys, shown (and rung) at the next update.
    pending: Vec<Event>,
    started: bool,
    /// The spoken coach, and what it speaks through (`--voice`).
    voice: Option<(Coach, &'e mut dyn Speak)>,
}

impl std::fmt::Debug for dyn Speak + '_ {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Speak")
    }
}

impl<'e> Session<'e> {
    pub fn new(engine: &'e mut Engine, routine: &'e Routine) -> Session<'e> {
        Session {
            engine,
            routine,
            help: false,
            help_paused: false,
            pending: Vec::new(),
            started: false,
            voice: None,
        }
    }

    /// The session said aloud through `speaker` as well.
    pub fn speaking(mut self, speaker: &'e mut dyn Speak) -> Session<'e> {
        self.voice = Some((Coach::new(), speaker));
        self
    }

    /// Runs the session to its end. Whatever ended it, the engine is stopped after.
    pub fn run(mut self, surface: &mut dyn Surface, io: &mut Io<'_>) -> io::Result<Ending> {
        let ended = run(&mut self, surface, io);
        self.engine.command(Command::Stop, io.clock.now());
        Ok(match ended? {
            Ended::Done(()) => Ending::Normal,
            Ended::By(ending) => ending,
        })
    }
}

impl App for Session<'_> {
    type Done = ();

    fn update(&mut self, now: Instant, surface: &mut dyn Surface) -> io::Result<Option<()>> {
        let mut events = std::mem::take(&mut self.pending);
        if !self.started {
            self.started = true;
            events.push(Event::PhaseStarted(0));
        }
        events.extend(self.engine.update(now));
        if let Some((coach, speaker)) = &mut self.voice {
            speaker.poll();
            let state = self.engine.state(now);
            let said = coach.hear(self.routine, self.engine.plan(), &events, state.as_ref());
            if !said.is_empty() {
                speaker.say(&speech::utterance(&said));
            }
        }
        match surface.kind() {
            Kind::Screen => {
                for _ in 0..rings(self.engine.plan(), &events) {
                    surface.bell()?;
                }
                if let Some(state) = self.engine.state(now) {
                    let (w, h) = surface.size();
                    surface.draw(&view::session(self.routine, &state, self.help, w, h))?;
                }
            }
            Kind::Lines => {
                let at = self.engine.active(now);
                let lines = view::plain::lines(self.routine, self.engine.plan(), &events, at);
                if !lines.lines.is_empty() {
                    surface.draw(&lines)?;
                }
            }
        }
        Ok(self.engine.is_finished().then_some(()))
    }

    fn next_wakeup(&self, now: Instant) -> Option<Instant> {
        self.engine.next_redraw(now)
    }

    fn key(&mut self, key: KeyEvent, now: Instant) -> io::Result<Option<()>> {
        match action(key, self.help) {
            Action::Engine(cmd) => {
                let events = self.engine.command(cmd, now);
                self.pending.extend(events);
            }
            Action::ToggleHelp if !self.help => {
                // The clock stops while the help covers the screen.
                self.help = true;
                self.help_paused = !self.engine.is_paused();
                if self.help_paused {
                    let events = self.engine.command(Command::TogglePause, now);
                    self.pending.extend(events);
                }
            }
            Action::ToggleHelp | Action::CloseHelp => {
                self.help = false;
                if std::mem::take(&mut self.help_paused) && self.engine.is_paused() {
                    let events = self.engine.command(Command::TogglePause, now);
                    self.pending.extend(events);
                }
            }
            Action::Nothing => {}
        }
        Ok(None)
    }

    /// Paused while the terminal is given back.
    fn suspend(&mut self, now: Instant) {
        if !self.engine.is_paused() {
            self.engine.command(Command::TogglePause, now);
        }
    }

    /// The full screen stays paused for the person to press space; plain lines have no key
    /// to go on with, so they go on by themselves. The time stopped does not count.
    fn resume(&mut self, now: Instant, kind: Kind) {
        if kind == Kind::Lines && self.engine.is_paused() {
            self.engine.command(Command::TogglePause, now);
        }
    }
}

/// How many times the bell rings for `events`, so that a terminal bell alone tells them
/// apart: once for a new prompt (and each second of a 3-2-1), twice for a new step, three
/// times for the end.
fn rings(plan: &crate::plan::Plan, events: &[Event]) -> usize {
    events
        .iter()
        .map(|e| match e {
            Event::Finished(_) => 3,
            Event::PhaseStarted(i) => match plan.phases.get(*i) {
                Some(p) if plan.step_start(p.step) == Some(*i) => 2,
                _ => 1,
            },
            Event::Countdown(_) => 1,
            Event::Paused | Event::Resumed => 0,
        })
        .max()
        .unwrap_or(0)
}
