//! Takes the full screen as a session does, then panics: the end-to-end tests run it in a
//! pseudo-terminal to prove that a panic gives the terminal back before its message prints.
//! (A test stand-in, so the program itself has no switch to panic on purpose.)

use std::sync::mpsc;

use backcoach::ui::terminal::Screen;

#[allow(clippy::panic)]
fn main() {
    let (tx, _rx) = mpsc::channel();
    let _screen = Screen::enter(true, false, tx);
    panic!("a test panic inside the full screen");
}
