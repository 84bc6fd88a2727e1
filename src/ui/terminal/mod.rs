//! The edge where backcoach meets a person: the one loop (`run`) that every screen runs on.
//! An `App` (a session, a nudge day, a question) says when it next needs waking, takes keys
//! and draws itself; the loop feeds it time from a `Clock` and inputs (keys, resizes,
//! signals) and handles what is the same everywhere: Ctrl-C, Ctrl-Z and the signals. The
//! session's front ends are the full screen (`tui`) and plain lines (`plain`); everything
//! that touches the terminal's modes is in `guard`.

pub mod clock;
pub mod guard;
pub mod input;
pub mod plain;
pub mod tui;

use std::io;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use clock::{Clock, Inputs, SystemClock, Waited};
pub use input::{Input, forward_signals, stop_here};

use crate::error::Exit;
use crate::session::{Command, Engine, Event};
use input::{Action, action};

/// How a loop ended when the app did not end it itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Completed, or stopped with q or Esc.
    Normal,
    /// Ctrl-C or SIGINT.
    Interrupted,
    /// SIGTERM.
    Terminated,
    /// SIGHUP or a terminal that went away.
    HungUp,
}

impl Ending {
    pub fn exit(self) -> Exit {
        match self {
            Ending::Normal => Exit::Success,
            Ending::Interrupted => Exit::Interrupted,
            Ending::Terminated => Exit::Terminated,
            Ending::HungUp => Exit::HungUp,
        }
    }

    /// How a signal ends a loop; `None` for SIGTSTP, which suspends it instead.
    pub fn of_signal(sig: i32) -> Option<Ending> {
        match sig {
            signal_hook::consts::SIGINT => Some(Ending::Interrupted),
            signal_hook::consts::SIGTERM => Some(Ending::Terminated),
            signal_hook::consts::SIGTSTP => None,
            _ => Some(Ending::HungUp),
        }
    }
}

/// Something the loop runs.
pub trait App {
    /// What it gives when it ends by itself (a finished session, an answer).
    type Done;
    /// Brings it to `now` and draws it; `Some` ends the loop.
    fn update(&mut self, now: Instant) -> io::Result<Option<Self::Done>>;
    /// When it next needs `update` if nothing happens; `None`: only an input wakes it.
    fn next_wakeup(&self, now: Instant) -> Option<Instant>;
    /// A key press (never Ctrl-C or Ctrl-Z: the loop takes those). `Some` ends the loop.
    fn key(&mut self, key: KeyEvent, now: Instant) -> io::Result<Option<Self::Done>>;
    /// The screen changed size: the next `update` draws it whole.
    fn resize(&mut self);
    /// Ctrl-Z or SIGTSTP: pause what should pause and give the terminal back.
    fn suspend(&mut self, now: Instant) -> io::Result<()>;
    /// The process was continued: take the terminal again.
    fn resume(&mut self, now: Instant) -> io::Result<()>;
}

/// How the loop ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended<T> {
    /// The app ended it.
    Done(T),
    /// Ctrl-C, a signal, or a lost terminal ended it.
    By(Ending),
}

/// Stops the process until it is continued (SIGCONT); tests give a stand-in.
pub trait Process {
    fn stop(&mut self);
}

/// This process.
#[derive(Debug, Clone, Copy, Default)]
pub struct ThisProcess;

impl Process for ThisProcess {
    fn stop(&mut self) {
        stop_here();
    }
}

/// Runs `app` until it ends or is ended. Sleeps until its next deadline, a key or a signal;
/// never polls.
pub fn run<A: App>(
    app: &mut A,
    clock: &dyn Clock,
    inputs: &mut dyn Inputs,
    process: &mut dyn Process,
) -> io::Result<Ended<A::Done>> {
    loop {
        let now = clock.now();
        if let Some(done) = app.update(now)? {
            return Ok(Ended::Done(done));
        }
        let wait = app
            .next_wakeup(now)
            .map(|at| clock.wait_until(at, clock.now()));
        let input = match inputs.next(wait) {
            Waited::Input(input) => input,
            Waited::Timeout => continue,
            Waited::Closed => Input::Lost,
        };
        let now = clock.now();
        let ctrl = |key: &KeyEvent, c: char| {
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
        };
        match input {
            Input::Key(key) if ctrl(&key, 'c') => return Ok(Ended::By(Ending::Interrupted)),
            Input::Key(key) if ctrl(&key, 'z') => suspend(app, clock, process)?,
            Input::Key(key) => {
                if let Some(done) = app.key(key, now)? {
                    return Ok(Ended::Done(done));
                }
            }
            Input::Resize => app.resize(),
            Input::Signal(sig) => match Ending::of_signal(sig) {
                Some(ending) => return Ok(Ended::By(ending)),
                None => suspend(app, clock, process)?,
            },
            Input::Lost => return Ok(Ended::By(Ending::HungUp)),
        }
    }
}

fn suspend<A: App>(app: &mut A, clock: &dyn Clock, process: &mut dyn Process) -> io::Result<()> {
    app.suspend(clock.now())?;
    process.stop();
    app.resume(clock.now())
}

/// A way of showing a session: the full screen or plain lines.
pub trait Frontend {
    /// Shows the engine's state after `events`; called after every change.
    fn show(
        &mut self,
        engine: &Engine,
        now: Instant,
        events: &[Event],
        help: bool,
    ) -> io::Result<()>;
    /// The screen changed size: draw everything again.
    fn resize(&mut self);
    /// Give the terminal back before the process stops.
    fn release(&mut self) -> io::Result<()>;
    /// Take the terminal again after it is continued.
    fn reclaim(&mut self) -> io::Result<()>;
    /// Does the session stay paused after a suspend (the person presses space to go on)?
    fn stays_paused(&self) -> bool;
}

impl<F: Frontend + ?Sized> Frontend for &mut F {
    fn show(
        &mut self,
        engine: &Engine,
        now: Instant,
        events: &[Event],
        help: bool,
    ) -> io::Result<()> {
        (**self).show(engine, now, events, help)
    }
    fn resize(&mut self) {
        (**self).resize();
    }
    fn release(&mut self) -> io::Result<()> {
        (**self).release()
    }
    fn reclaim(&mut self) -> io::Result<()> {
        (**self).reclaim()
    }
    fn stays_paused(&self) -> bool {
        (**self).stays_paused()
    }
}

/// A session as the loop runs it: the engine, shown on a front end.
#[derive(Debug)]
pub struct Session<'e, F> {
    engine: &'e mut Engine,
    front: F,
    help: bool,
    /// Events from keys, shown (and rung) at the next update.
    pending: Vec<Event>,
    started: bool,
}

impl<'e, F: Frontend> Session<'e, F> {
    pub fn new(engine: &'e mut Engine, front: F) -> Session<'e, F> {
        Session {
            engine,
            front,
            help: false,
            pending: Vec::new(),
            started: false,
        }
    }

    /// Runs the session to its end. Whatever ended it, the engine is stopped after.
    pub fn run(
        mut self,
        clock: &dyn Clock,
        inputs: &mut dyn Inputs,
        process: &mut dyn Process,
    ) -> io::Result<Ending> {
        let ended = run(&mut self, clock, inputs, process);
        self.engine.command(Command::Stop, clock.now());
        Ok(match ended? {
            Ended::Done(()) => Ending::Normal,
            Ended::By(ending) => ending,
        })
    }
}

impl<F: Frontend> App for Session<'_, F> {
    type Done = ();

    fn update(&mut self, now: Instant) -> io::Result<Option<()>> {
        let mut events = std::mem::take(&mut self.pending);
        if !self.started {
            self.started = true;
            events.push(Event::PhaseStarted(0));
        }
        events.extend(self.engine.update(now));
        self.front.show(self.engine, now, &events, self.help)?;
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
            Action::ToggleHelp => self.help = !self.help,
            Action::CloseHelp => self.help = false,
            Action::Nothing => {}
        }
        Ok(None)
    }

    fn resize(&mut self) {
        self.front.resize();
    }

    fn suspend(&mut self, now: Instant) -> io::Result<()> {
        if !self.engine.is_paused() {
            self.engine.command(Command::TogglePause, now);
        }
        self.front.release()
    }

    fn resume(&mut self, now: Instant) -> io::Result<()> {
        self.front.reclaim()?;
        if !self.front.stays_paused() && self.engine.is_paused() {
            self.engine.command(Command::TogglePause, now);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
