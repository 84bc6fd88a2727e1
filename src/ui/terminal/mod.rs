//! The edge where backcoach meets a person: the one loop (`run`) that every screen runs on.
//! An `App` (a session, a question, a choice; the nudge day's is in `commands::nudge`) says
//! when it next needs waking, takes keys and draws itself on a `Surface`: the full screen
//! (`screen`), plain lines (`lines`), or a stand-in in tests (`fake`). The loop feeds it time from a `Clock` and inputs (keys,
//! resizes, signals) and handles, once for every screen, what is the same everywhere: Ctrl-C,
//! Ctrl-Z, the signals, a resize and a lost terminal. Everything that touches the terminal's
//! modes is in `guard`.

pub mod ask;
pub mod clock;
#[cfg(test)]
pub mod fake;
pub mod guard;
pub mod input;
pub mod lines;
pub mod notifier;
pub mod screen;
pub mod session;
pub mod speaker;

use std::io;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Instant;

use crossterm::event::KeyEvent;

pub use clock::{Clock, SystemClock};
pub use input::{Input, Inputs, Waited, forward_signals, stop_here};
pub use lines::Lines;
pub use screen::Screen;
pub use session::Session;

use crate::error::Exit;
use crate::ui::view::Frame;
use input::Loop;

/// The terminal's width when standard output is a terminal; `None` for a pipe or a file.
pub fn width() -> Option<usize> {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size()
        .ok()
        .map(|(cols, _)| usize::from(cols))
}

/// Is a person at a terminal: are standard input and output both terminals?
pub fn interactive() -> bool {
    use std::io::IsTerminal;
    io::stdin().is_terminal() && io::stdout().is_terminal()
}

/// Width for wrapped text: the terminal's, between 40 and 100 columns; 80 when not a terminal.
pub fn text_width() -> usize {
    width().map_or(80, |w| w.clamp(40, 100))
}

/// Can a session or the nudges take the full screen? Not with `--plain`, not when standard
/// input or output is not a terminal, and not on a terminal that says it can't move the
/// cursor (`TERM` unset, empty or `dumb`); those get plain lines.
pub fn full_screen(plain: bool) -> bool {
    use std::io::IsTerminal;
    let term = std::env::var("TERM").unwrap_or_default();
    !plain && can_draw(&term) && io::stdin().is_terminal() && io::stdout().is_terminal()
}

/// Does the terminal type `term` (the value of `TERM`) take cursor movement?
fn can_draw(term: &str) -> bool {
    !term.is_empty() && term != "dumb"
}

/// How a session or a day ended: normally (by the app itself, or q), or by Ctrl-C, a signal
/// or a lost terminal, which the loop reports.
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
    /// Another signal that ends a program: SIGQUIT, SIGUSR1, SIGUSR2 or SIGALRM.
    Signal(i32),
}

impl Ending {
    pub fn exit(self) -> Exit {
        match self {
            Ending::Normal => Exit::Success,
            Ending::Interrupted => Exit::Interrupted,
            Ending::Terminated => Exit::Terminated,
            Ending::HungUp => Exit::HungUp,
            Ending::Signal(sig) => Exit::Signal(sig),
        }
    }

    /// How a signal ends a loop; `None` for SIGTSTP, which suspends it instead.
    pub fn of_signal(sig: i32) -> Option<Ending> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
        match sig {
            SIGINT => Some(Ending::Interrupted),
            SIGTERM => Some(Ending::Terminated),
            SIGHUP => Some(Ending::HungUp),
            SIGTSTP => None,
            other => Some(Ending::Signal(other)),
        }
    }
}

/// What a surface is: a full screen, where each frame replaces the last, or plain lines,
/// where each frame is printed after the last and nothing is ever taken back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Screen,
    Lines,
}

/// Where an app shows itself: the terminal's full screen, plain lines, or a stand-in.
pub trait Surface {
    fn kind(&self) -> Kind;
    /// The size to draw for, in columns and rows.
    fn size(&self) -> (usize, usize);
    /// Shows `frame`: on a screen in place of the last one, as lines after the last ones.
    fn draw(&mut self, frame: &Frame) -> io::Result<()>;
    fn bell(&mut self) -> io::Result<()>;
    /// Draw everything again next time (after a resize).
    fn redraw(&mut self) {}
    /// Give the terminal back before the process stops.
    fn release(&mut self) -> io::Result<()> {
        Ok(())
    }
    /// Take it again after the process is continued.
    fn reclaim(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Something the loop runs.
pub trait App {
    /// What it gives when it ends by itself (a finished session, an answer).
    type Done;
    /// Brings it to `now` and draws it on `surface`; `Some` ends the loop.
    fn update(&mut self, now: Instant, surface: &mut dyn Surface)
    -> io::Result<Option<Self::Done>>;
    /// When it next needs `update` if nothing happens; `None`: only an input wakes it.
    fn next_wakeup(&self, now: Instant) -> Option<Instant>;
    /// A key press (never Ctrl-C or Ctrl-Z: the loop takes those). `Some` ends the loop.
    fn key(&mut self, key: KeyEvent, now: Instant) -> io::Result<Option<Self::Done>>;
    /// Ctrl-Z or SIGTSTP, before the terminal is given back: pause what should pause.
    fn suspend(&mut self, _now: Instant) {}
    /// The process was continued and the terminal taken again, on a surface of `kind`.
    fn resume(&mut self, _now: Instant, _kind: Kind) {}
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
    /// Is it in the terminal's foreground (after `fg`), or was it continued in the
    /// background (`bg`, or the SIGCONT that `kill %1` sends with its signal)?
    fn in_foreground(&self) -> bool;
}

/// This process.
#[derive(Debug, Clone, Copy, Default)]
pub struct ThisProcess;

impl Process for ThisProcess {
    fn stop(&mut self) {
        stop_here();
    }

    /// Its process group is the terminal's foreground group; true when standard input is no
    /// terminal to ask.
    fn in_foreground(&self) -> bool {
        match rustix::termios::tcgetpgrp(std::io::stdin()) {
            Ok(group) => group == rustix::process::getpgrp(),
            Err(_) => true,
        }
    }
}

/// What the loop runs on: the clock, the inputs, and the process to stop on Ctrl-Z.
pub struct Io<'a> {
    pub clock: &'a dyn Clock,
    pub inputs: &'a mut dyn Inputs,
    pub process: &'a mut dyn Process,
}

impl std::fmt::Debug for Io<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Io").finish_non_exhaustive()
    }
}

/// The real `Io`: the system clock, the channel that signals (and, once a screen is entered,
/// keys) arrive on, and this process.
#[derive(Debug)]
pub struct System {
    clock: SystemClock,
    tx: Sender<Input>,
    rx: Receiver<Input>,
    process: ThisProcess,
}

impl System {
    /// Starts forwarding the signals; `speed` above 1 runs a preview faster.
    pub fn new(speed: f64) -> io::Result<System> {
        let (tx, rx) = mpsc::channel();
        forward_signals(tx.clone())?;
        Ok(System {
            clock: SystemClock::new(speed),
            tx,
            rx,
            process: ThisProcess,
        })
    }

    /// Where a screen sends its keys.
    pub fn keys(&self) -> Sender<Input> {
        self.tx.clone()
    }

    pub fn io(&mut self) -> Io<'_> {
        Io {
            clock: &self.clock,
            inputs: &mut self.rx,
            process: &mut self.process,
        }
    }
}

/// Runs `app` on `surface` until it ends or is ended. Sleeps until its next deadline, a key
/// or a signal; never polls.
pub fn run<A: App + ?Sized>(
    app: &mut A,
    surface: &mut dyn Surface,
    io: &mut Io<'_>,
) -> io::Result<Ended<A::Done>> {
    loop {
        let now = io.clock.now();
        if let Some(done) = app.update(now, surface)? {
            return Ok(Ended::Done(done));
        }
        let wait = app
            .next_wakeup(now)
            .map(|at| io.clock.wait_until(at, io.clock.now()));
        let input = match io.inputs.next(wait) {
            Waited::Input(input) => input,
            Waited::Timeout => continue,
            Waited::Closed => Input::Lost,
        };
        let now = io.clock.now();
        match input::for_loop(input) {
            Loop::Key(key) => {
                if let Some(done) = app.key(key, now)? {
                    return Ok(Ended::Done(done));
                }
            }
            Loop::Resize => surface.redraw(),
            Loop::Suspend => {
                app.suspend(now);
                surface.release()?;
                if let Some(ending) = stop_until_foreground(surface.kind(), io) {
                    return Ok(Ended::By(ending));
                }
                surface.reclaim()?;
                app.resume(io.clock.now(), surface.kind());
            }
            Loop::End(ending) => return Ok(Ended::By(ending)),
            Loop::Continued => {
                if surface.kind() == Kind::Screen && io.process.in_foreground() {
                    // Give back and take again: raw mode as it was before the stop is set
                    // afresh, and the screen is drawn whole.
                    surface.release()?;
                    surface.reclaim()?;
                }
            }
        }
    }
}

/// How long, continued in the background, to wait for a signal that came with the SIGCONT.
const BACKGROUND_WAIT: std::time::Duration = std::time::Duration::from_millis(100);

/// Stops the process until it is continued in the foreground. A full screen can't be taken
/// back from the background (the terminal would stop the process again, on SIGTTOU): so,
/// continued there, an ending signal that came with the SIGCONT (`kill %1`) ends the loop
/// at once, and otherwise the process stops again until `fg`, as vim does. Plain lines go on
/// in the background.
fn stop_until_foreground(kind: Kind, io: &mut Io<'_>) -> Option<Ending> {
    loop {
        io.process.stop();
        if kind == Kind::Lines || io.process.in_foreground() {
            return None;
        }
        loop {
            match io.inputs.next(Some(BACKGROUND_WAIT)) {
                Waited::Input(input) => {
                    if let Loop::End(ending) = input::for_loop(input) {
                        return Some(ending);
                    }
                }
                Waited::Timeout => break,
                Waited::Closed => return Some(Ending::HungUp),
            }
        }
    }
}

#[cfg(test)]
mod tests;
