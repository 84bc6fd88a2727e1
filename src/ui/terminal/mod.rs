//! The edge where a session meets a person: one loop (`drive`) that feeds the engine the
//! clock, keys and signals, and two front ends that show it: the full screen (`tui`) and
//! plain lines (`plain`). Everything that touches the terminal's modes is in `guard`.

pub mod guard;
pub mod plain;
pub mod tui;

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::error::Exit;
use crate::session::{Command, Engine, Event};

/// Something from outside the program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    Resize,
    /// A signal arrived (SIGINT, SIGTERM, SIGHUP, SIGTSTP).
    Signal(i32),
    /// The terminal is gone: reading it failed.
    Lost,
}

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Engine(Command),
    ToggleHelp,
    CloseHelp,
    Interrupt,
    Suspend,
    Nothing,
}

/// The session keys. Only presses count; the front end filters the rest.
pub fn action(key: KeyEvent, help_open: bool) -> Action {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c') if ctrl => Action::Interrupt,
        KeyCode::Char('z') if ctrl => Action::Suspend,
        KeyCode::Esc if help_open => Action::CloseHelp,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char(' ') => Action::Engine(Command::TogglePause),
        KeyCode::Char('n') | KeyCode::Right => Action::Engine(Command::Next),
        KeyCode::Char('p') | KeyCode::Left => Action::Engine(Command::Back),
        KeyCode::Char('+') | KeyCode::Char('=') => Action::Engine(Command::More),
        KeyCode::Char('-') | KeyCode::Char('_') => Action::Engine(Command::Less),
        KeyCode::Enter => Action::Engine(Command::Done),
        KeyCode::Char('q') | KeyCode::Esc => Action::Engine(Command::Stop),
        _ => Action::Nothing,
    }
}

/// Time as the session sees it: real time, or faster for a preview (`--speed`).
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    origin: Instant,
    speed: f64,
}

impl Clock {
    pub fn new(speed: f64) -> Clock {
        Clock {
            origin: Instant::now(),
            speed,
        }
    }

    pub fn now(&self) -> Instant {
        let real = self.origin.elapsed();
        if self.speed == 1.0 {
            self.origin + real
        } else {
            self.origin + real.mul_f64(self.speed)
        }
    }

    /// Real time to wait until the session's clock shows `at`.
    pub fn wait_until(&self, at: Instant, now: Instant) -> Duration {
        at.saturating_duration_since(now).div_f64(self.speed)
    }
}

/// A way of showing a session.
pub trait Frontend {
    /// Shows the engine's state after `events`; called after every change.
    fn show(
        &mut self,
        engine: &Engine,
        now: Instant,
        events: &[Event],
        help: bool,
    ) -> std::io::Result<()>;
    /// The screen changed size: draw everything again.
    fn resize(&mut self);
    /// Give the terminal back, stop the process until it is continued (Ctrl-Z), and take
    /// the terminal again.
    fn stop_process(&mut self) -> std::io::Result<()>;
    /// Does the session stay paused after a suspend (the person presses space to go on)?
    fn stays_paused(&self) -> bool;
}

/// How a session loop ended.
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

    /// How a signal ends a session; `None` for SIGTSTP, which suspends it instead.
    pub fn of_signal(sig: i32) -> Option<Ending> {
        match sig {
            signal_hook::consts::SIGINT => Some(Ending::Interrupted),
            signal_hook::consts::SIGTERM => Some(Ending::Terminated),
            signal_hook::consts::SIGTSTP => None,
            _ => Some(Ending::HungUp),
        }
    }
}

/// How long to sleep when nothing is due (paused, or waiting for "done"): signals and keys
/// still wake the loop at once.
const IDLE: Duration = Duration::from_secs(3600);

/// Runs `engine` to its end, showing it on `front`. Sleeps until the next deadline, key or
/// signal; never polls.
pub fn drive(
    engine: &mut Engine,
    clock: &Clock,
    inputs: &Receiver<Input>,
    front: &mut impl Frontend,
) -> std::io::Result<Ending> {
    let mut help = false;
    let first = clock.now();
    front.show(engine, first, &[Event::PhaseStarted(0)], help)?;
    loop {
        let now = clock.now();
        let events = engine.update(now);
        if !events.is_empty() {
            front.show(engine, now, &events, help)?;
        }
        if engine.is_finished() {
            return Ok(Ending::Normal);
        }
        let wait = engine
            .next_redraw(now)
            .map_or(IDLE, |at| clock.wait_until(at, now));
        let input = match inputs.recv_timeout(wait) {
            Ok(input) => input,
            Err(RecvTimeoutError::Timeout) => {
                front.show(engine, clock.now(), &[], help)?;
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => Input::Lost,
        };
        let now = clock.now();
        let ending = match input {
            Input::Key(key) => match action(key, help) {
                Action::Engine(cmd) => {
                    let events = engine.command(cmd, now);
                    front.show(engine, now, &events, help)?;
                    None
                }
                Action::ToggleHelp => {
                    help = !help;
                    front.show(engine, now, &[], help)?;
                    None
                }
                Action::CloseHelp => {
                    help = false;
                    front.show(engine, now, &[], help)?;
                    None
                }
                Action::Interrupt => Some(Ending::Interrupted),
                Action::Suspend => {
                    suspend(engine, clock, front)?;
                    front.show(engine, clock.now(), &[], help)?;
                    None
                }
                Action::Nothing => None,
            },
            Input::Resize => {
                front.resize();
                front.show(engine, now, &[], help)?;
                None
            }
            Input::Signal(sig) => match Ending::of_signal(sig) {
                None => {
                    suspend(engine, clock, front)?;
                    front.show(engine, clock.now(), &[], help)?;
                    None
                }
                ending => ending,
            },
            Input::Lost => Some(Ending::HungUp),
        };
        if let Some(ending) = ending {
            engine.command(Command::Stop, clock.now());
            return Ok(ending);
        }
    }
}

/// Pauses, gives the terminal back, stops the process, and takes the terminal again when
/// it continues.
fn suspend(engine: &mut Engine, clock: &Clock, front: &mut impl Frontend) -> std::io::Result<()> {
    if !engine.is_paused() {
        engine.command(Command::TogglePause, clock.now());
    }
    front.stop_process()?;
    if !front.stays_paused() && engine.is_paused() {
        engine.command(Command::TogglePause, clock.now());
    }
    Ok(())
}

/// Stops the process here, as Ctrl-Z would have, until it is continued (SIGCONT). The
/// caller gives the terminal back first and takes it again after.
pub fn stop_here() {
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP);
}

/// Forwards SIGINT, SIGTERM, SIGHUP and SIGTSTP to `tx` from a thread of their own. A second
/// SIGINT or SIGTERM while the first is being handled ends the process at once.
pub fn forward_signals(tx: Sender<Input>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;
    let second = Arc::new(AtomicBool::new(false));
    for sig in [SIGINT, SIGTERM] {
        signal_hook::flag::register_conditional_shutdown(sig, 130, Arc::clone(&second))?;
        signal_hook::flag::register(sig, Arc::clone(&second))?;
    }
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGTSTP])?;
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                if tx.send(Input::Signal(sig)).is_err() {
                    break;
                }
            }
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventKind;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new_with_kind(code, modifiers, KeyEventKind::Press)
    }

    #[test]
    fn the_keys_do_the_obvious_thing() {
        let none = KeyModifiers::NONE;
        let cases = [
            (KeyCode::Char(' '), Action::Engine(Command::TogglePause)),
            (KeyCode::Char('n'), Action::Engine(Command::Next)),
            (KeyCode::Right, Action::Engine(Command::Next)),
            (KeyCode::Char('p'), Action::Engine(Command::Back)),
            (KeyCode::Left, Action::Engine(Command::Back)),
            (KeyCode::Char('+'), Action::Engine(Command::More)),
            (KeyCode::Char('-'), Action::Engine(Command::Less)),
            (KeyCode::Enter, Action::Engine(Command::Done)),
            (KeyCode::Char('q'), Action::Engine(Command::Stop)),
            (KeyCode::Esc, Action::Engine(Command::Stop)),
            (KeyCode::Char('?'), Action::ToggleHelp),
            (KeyCode::Char('x'), Action::Nothing),
        ];
        for (code, expected) in cases {
            assert_eq!(action(key(code, none), false), expected, "{code:?}");
        }
        assert_eq!(
            action(key(KeyCode::Char('c'), KeyModifiers::CONTROL), false),
            Action::Interrupt
        );
        assert_eq!(
            action(key(KeyCode::Char('z'), KeyModifiers::CONTROL), false),
            Action::Suspend
        );
        // With the help open, Esc closes it rather than stopping the session.
        assert_eq!(action(key(KeyCode::Esc, none), true), Action::CloseHelp);
    }

    #[test]
    fn signals_end_a_session_with_their_own_exit_code() {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
        assert_eq!(
            Ending::of_signal(SIGINT).map(Ending::exit),
            Some(Exit::Interrupted)
        );
        assert_eq!(
            Ending::of_signal(SIGTERM).map(Ending::exit),
            Some(Exit::Terminated)
        );
        assert_eq!(
            Ending::of_signal(SIGHUP).map(Ending::exit),
            Some(Exit::HungUp)
        );
        assert_eq!(
            Ending::of_signal(SIGTSTP),
            None,
            "a stop suspends, it does not end"
        );
    }

    #[test]
    fn a_preview_clock_runs_fast_and_waits_less() {
        let clock = Clock::new(10.0);
        let now = clock.now();
        assert_eq!(
            clock.wait_until(now + Duration::from_secs(10), now),
            Duration::from_secs(1)
        );
        assert_eq!(
            clock.wait_until(now, now + Duration::from_secs(1)),
            Duration::ZERO
        );
    }
}
