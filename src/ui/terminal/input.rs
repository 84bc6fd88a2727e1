//! What comes in from outside: key presses and resizes from the terminal, and signals, all
//! forwarded into one channel that the loop sleeps on; and the one key map: what the loop
//! takes itself (Ctrl-C, Ctrl-Z, signals, resizes) and what each screen's keys mean.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::Duration;

use crossterm::event::{self, Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::{Ending, guard};
use crate::session::{Command, Rating};

/// Something from outside the program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    Resize,
    /// A signal arrived (SIGINT, SIGTERM, SIGHUP, SIGTSTP, or one of `ENDING`).
    Signal(i32),
    /// The terminal is gone: reading it failed.
    Lost,
}

/// What waiting for an input gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waited {
    Input(Input),
    /// The time to wait ran out first.
    Timeout,
    /// Nothing can come any more: the sources are gone.
    Closed,
}

/// Where inputs come from: keys, resizes and signals.
pub trait Inputs {
    /// Waits up to `wait` (without end when `None`) for the next input.
    fn next(&mut self, wait: Option<Duration>) -> Waited;
}

/// How long to wait when nothing is due: keys and signals still wake the loop at once.
const IDLE: Duration = Duration::from_secs(3600);

impl Inputs for Receiver<Input> {
    fn next(&mut self, wait: Option<Duration>) -> Waited {
        match self.recv_timeout(wait.unwrap_or(IDLE)) {
            Ok(input) => Waited::Input(input),
            Err(RecvTimeoutError::Timeout) => Waited::Timeout,
            Err(RecvTimeoutError::Disconnected) => Waited::Closed,
        }
    }
}

/// What an input means to the loop, before any screen sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loop {
    /// A key for the screen.
    Key(KeyEvent),
    Resize,
    /// Ctrl-Z or SIGTSTP: give the terminal back and stop until continued.
    Suspend,
    /// Ctrl-C, a signal that ends, or a lost terminal.
    End(Ending),
    /// SIGCONT: the process was continued, perhaps after a stop that was not ours (`kill
    /// -STOP`, SIGTTOU), which left the terminal as the shell keeps it: take it again.
    Continued,
}

/// What the loop makes of `input`: Ctrl-C and Ctrl-Z are the loop's, the same on every screen.
pub fn for_loop(input: Input) -> Loop {
    let ctrl = |key: &KeyEvent, c: char| {
        key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
    };
    match input {
        Input::Key(key) if ctrl(&key, 'c') => Loop::End(Ending::Interrupted),
        Input::Key(key) if ctrl(&key, 'z') => Loop::Suspend,
        Input::Key(key) => Loop::Key(key),
        Input::Resize => Loop::Resize,
        Input::Signal(signal_hook::consts::SIGCONT) => Loop::Continued,
        Input::Signal(sig) => Ending::of_signal(sig).map_or(Loop::Suspend, Loop::End),
        Input::Lost => Loop::End(Ending::HungUp),
    }
}

/// What a key asks of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Engine(Command),
    /// 1 to 4: how the step just done felt.
    Rate(Rating),
    /// d: last time's level for the step whose level changed.
    LastLevel,
    ToggleHelp,
    CloseHelp,
    Nothing,
}

/// The session keys. Only presses count, and Ctrl-C and Ctrl-Z never get here: the loop
/// takes them, the same on every screen.
pub fn action(key: KeyEvent, help_open: bool) -> Action {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return Action::Nothing;
    }
    match key.code {
        KeyCode::Esc if help_open => Action::CloseHelp,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char(' ') => Action::Engine(Command::TogglePause),
        KeyCode::Char('n') | KeyCode::Right => Action::Engine(Command::Next),
        KeyCode::Char('p') | KeyCode::Left => Action::Engine(Command::Back),
        KeyCode::Char('+') | KeyCode::Char('=') => Action::Engine(Command::More),
        KeyCode::Char('-') | KeyCode::Char('_') => Action::Engine(Command::Less),
        KeyCode::Enter => Action::Engine(Command::Done),
        KeyCode::Char('q') | KeyCode::Esc => Action::Engine(Command::Stop),
        KeyCode::Char('d') => Action::LastLevel,
        KeyCode::Char(c) => Rating::from_key(c).map_or(Action::Nothing, Action::Rate),
        _ => Action::Nothing,
    }
}

/// What a key does to an answer being typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typing {
    Type(char),
    Erase,
    Submit,
    /// Esc: leave the question.
    Leave,
    Nothing,
}

/// The question keys: text, Backspace, Enter and Esc.
pub fn typing(key: KeyEvent) -> Typing {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc => Typing::Leave,
        KeyCode::Enter => Typing::Submit,
        KeyCode::Backspace => Typing::Erase,
        KeyCode::Char(c) if !ctrl => Typing::Type(c),
        _ => Typing::Nothing,
    }
}

/// What a key picks on a screen of choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// Enter or space: go on.
    GoOn,
    /// f: the flare routine instead.
    Flare,
    /// q or Esc.
    Cancel,
    Nothing,
}

/// The keys of the choice screens (the safety pages, the flare offer).
pub fn pick(key: KeyEvent) -> Pick {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return Pick::Nothing;
    }
    match key.code {
        KeyCode::Enter | KeyCode::Char(' ') => Pick::GoOn,
        KeyCode::Char('f' | 'F') => Pick::Flare,
        KeyCode::Char('q') | KeyCode::Esc => Pick::Cancel,
        _ => Pick::Nothing,
    }
}

/// What a key does to a shown nudge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nudged {
    Done,
    Snooze,
    Quit,
    Nothing,
}

/// The nudge keys: Enter or d done, space snooze, q or Esc ends the day.
pub fn nudged(key: KeyEvent) -> Nudged {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return Nudged::Nothing;
    }
    match key.code {
        KeyCode::Enter | KeyCode::Char('d') => Nudged::Done,
        KeyCode::Char(' ') => Nudged::Snooze,
        KeyCode::Char('q') | KeyCode::Esc => Nudged::Quit,
        _ => Nudged::Nothing,
    }
}

/// Forwards key presses and resizes until the terminal can't be read or nobody listens.
pub fn read_keys(tx: Sender<Input>) -> std::io::Result<()> {
    thread::Builder::new().name("keys".into()).spawn(move || {
        loop {
            let input = match event::read() {
                Ok(TermEvent::Key(key)) if key.kind == KeyEventKind::Press => Input::Key(key),
                Ok(TermEvent::Resize(..)) => Input::Resize,
                Ok(_) => continue,
                Err(_) => Input::Lost,
            };
            let lost = input == Input::Lost;
            if tx.send(input).is_err() || lost {
                return;
            }
        }
    })?;
    Ok(())
}

/// How long the loop has, after a second SIGINT or SIGTERM, to end the session, record it and
/// give the terminal back by itself, before the signal thread does the last two at once.
const SECOND_SIGNAL_GRACE: Duration = Duration::from_secs(1);

/// The signals that end a session the way SIGTERM does (stop, record, give the terminal
/// back, exit 128 + the signal), besides SIGINT, SIGTERM and SIGHUP. SIGKILL cannot be caught
/// by anyone: after one, `reset` gives the terminal back.
pub const ENDING: [i32; 7] = [
    signal_hook::consts::SIGQUIT,
    signal_hook::consts::SIGUSR1,
    signal_hook::consts::SIGUSR2,
    signal_hook::consts::SIGALRM,
    signal_hook::consts::SIGXCPU,
    signal_hook::consts::SIGVTALRM,
    signal_hook::consts::SIGPROF,
];

/// Forwards SIGINT, SIGTERM, SIGHUP, SIGTSTP and the other ending signals to `tx` from a
/// thread of their own. The loop ends on the first that ends; if a second ending signal
/// comes and the program has still not finished after a grace of a second (something is
/// stuck), this thread gives the terminal back and exits with 128 + the signal. Nothing
/// exits from inside a signal handler.
pub fn forward_signals(tx: Sender<Input>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
    let mut all = vec![SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT];
    all.extend(ENDING);
    let mut signals = signal_hook::iterator::Signals::new(all)?;
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            let mut ending = 0;
            for sig in signals.forever() {
                // Nobody listening any more: the program is finishing; let it.
                let _ = tx.send(Input::Signal(sig));
                if sig != SIGTSTP && sig != SIGHUP && sig != SIGCONT {
                    ending += 1;
                    if ending >= 2 {
                        thread::sleep(SECOND_SIGNAL_GRACE);
                        // Never through std's stdout: the stuck main thread may hold it.
                        guard::restore_from_outside();
                        // _exit: no flushing of std's stdout on the way out, which would wait too.
                        signal_hook::low_level::exit(128 + sig);
                    }
                }
            }
        })?;
    Ok(())
}

/// Stops the process here, as Ctrl-Z would have, until it is continued (SIGCONT): the whole
/// process group, as vim does, so that a wrapper script (or `cargo run`) waiting for backcoach
/// stops with it and the shell gets its prompt back. The caller gives the terminal back first
/// and takes it again after.
pub fn stop_here() {
    if rustix::process::kill_current_process_group(rustix::process::Signal::STOP).is_err() {
        let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // With the help open, Esc closes it rather than stopping the session.
        assert_eq!(action(key(KeyCode::Esc, none), true), Action::CloseHelp);
        // Ctrl-C is the loop's, on every screen; a session never sees it as "c".
        assert_eq!(
            action(key(KeyCode::Char('c'), KeyModifiers::CONTROL), false),
            Action::Nothing
        );
    }

    #[test]
    fn the_loop_takes_ctrl_c_ctrl_z_and_the_signals_on_every_screen() {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
        let ctrl = |c| Input::Key(key(KeyCode::Char(c), KeyModifiers::CONTROL));
        assert_eq!(for_loop(ctrl('c')), Loop::End(Ending::Interrupted));
        assert_eq!(for_loop(ctrl('z')), Loop::Suspend);
        assert_eq!(for_loop(Input::Signal(SIGTSTP)), Loop::Suspend);
        assert_eq!(
            for_loop(Input::Signal(SIGINT)),
            Loop::End(Ending::Interrupted)
        );
        assert_eq!(
            for_loop(Input::Signal(SIGTERM)),
            Loop::End(Ending::Terminated)
        );
        assert_eq!(for_loop(Input::Signal(SIGHUP)), Loop::End(Ending::HungUp));
        for sig in ENDING {
            assert_eq!(for_loop(Input::Signal(sig)), Loop::End(Ending::Signal(sig)));
            assert_eq!(
                Ending::Signal(sig).exit().code(),
                u8::try_from(128 + sig).expect("small")
            );
        }
        assert_eq!(
            Ending::Signal(signal_hook::consts::SIGQUIT).exit().code(),
            131
        );
        assert_eq!(for_loop(Input::Lost), Loop::End(Ending::HungUp));
        assert_eq!(for_loop(Input::Resize), Loop::Resize);
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(for_loop(Input::Key(q)), Loop::Key(q));
    }

    #[test]
    fn each_screen_has_its_few_keys() {
        let none = KeyModifiers::NONE;
        assert_eq!(typing(key(KeyCode::Char('7'), none)), Typing::Type('7'));
        assert_eq!(typing(key(KeyCode::Backspace, none)), Typing::Erase);
        assert_eq!(typing(key(KeyCode::Enter, none)), Typing::Submit);
        assert_eq!(typing(key(KeyCode::Esc, none)), Typing::Leave);
        assert_eq!(
            typing(key(KeyCode::Char('u'), KeyModifiers::CONTROL)),
            Typing::Nothing
        );
        assert_eq!(pick(key(KeyCode::Enter, none)), Pick::GoOn);
        assert_eq!(pick(key(KeyCode::Char(' '), none)), Pick::GoOn);
        assert_eq!(pick(key(KeyCode::Char('f'), none)), Pick::Flare);
        assert_eq!(pick(key(KeyCode::Esc, none)), Pick::Cancel);
        assert_eq!(pick(key(KeyCode::Char('x'), none)), Pick::Nothing);
        assert_eq!(nudged(key(KeyCode::Enter, none)), Nudged::Done);
        assert_eq!(nudged(key(KeyCode::Char('d'), none)), Nudged::Done);
        assert_eq!(nudged(key(KeyCode::Char(' '), none)), Nudged::Snooze);
        assert_eq!(nudged(key(KeyCode::Char('q'), none)), Nudged::Quit);
    }
}
