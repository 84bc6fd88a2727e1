//! What comes in from outside: key presses and resizes from the terminal, and signals, all
//! forwarded into one channel that the loop sleeps on. Also the session's key map. (Ctrl-C
//! and Ctrl-Z are the loop's, on every screen; the questions, the choice screens and the
//! nudge day read their few keys themselves.)

use std::sync::mpsc::Sender;
use std::thread;
use std::time::Duration;

use crossterm::event::{self, Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::guard;
use crate::session::Command;

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

/// What a key asks of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Engine(Command),
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
        _ => Action::Nothing,
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
const SECOND_SIGNAL_GRACE: Duration = Duration::from_secs(2);

/// Forwards SIGINT, SIGTERM, SIGHUP and SIGTSTP to `tx` from a thread of their own. The loop
/// ends on the first; if a second SIGINT or SIGTERM comes and the program has still not
/// finished after a grace of two seconds (something is stuck), this thread gives the terminal
/// back and exits with 128 + the signal. Nothing exits from inside a signal handler.
pub fn forward_signals(tx: Sender<Input>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGTSTP])?;
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            let mut ending = 0;
            for sig in signals.forever() {
                // Nobody listening any more: the program is finishing; let it.
                let _ = tx.send(Input::Signal(sig));
                if sig == SIGINT || sig == SIGTERM {
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

/// Stops the process here, as Ctrl-Z would have, until it is continued (SIGCONT). The
/// caller gives the terminal back first and takes it again after.
pub fn stop_here() {
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP);
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
}
