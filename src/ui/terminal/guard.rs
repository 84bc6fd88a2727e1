//! The one terminal guard. Raw mode, the alternate screen and the hidden cursor are restored
//! on every way out: when the guard drops (the end, q, an error), from the panic hook before
//! the panic message prints, and before the process stops for Ctrl-Z. Restoring never panics
//! and happens at most once per entry.

use std::io::{self, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::{cursor, execute, terminal};

/// Whether the terminal is currently in our modes.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static HOOK: Once = Once::new();

#[derive(Debug)]
pub struct Guard(());

impl Guard {
    /// Raw mode, the alternate screen, no cursor.
    pub fn enter() -> io::Result<Guard> {
        install_panic_hook();
        claim()?;
        Ok(Guard(()))
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Enters our modes; on failure, undoes what it did.
pub fn claim() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    if let Err(e) = execute!(out, terminal::EnterAlternateScreen, cursor::Hide) {
        restore();
        return Err(e);
    }
    Ok(())
}

/// Gives the terminal back as we found it. Safe to call any number of times, from anywhere.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut out = io::stdout();
        let _ = execute!(out, cursor::Show, terminal::LeaveAlternateScreen);
        let _ = out.flush();
        let _ = terminal::disable_raw_mode();
    }
}

/// Gives the terminal back from another thread while the main one may be stuck, holding
/// std's stdout lock or blocked writing to a terminal that nobody reads: raw mode off at once
/// (that does not wait for output), and the screen codes written to the terminal without
/// blocking and past std's stdout. Best effort, for the last resort before exiting.
pub fn restore_from_outside() {
    if !ACTIVE.load(Ordering::SeqCst) {
        return;
    }
    let _ = terminal::disable_raw_mode();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        if let Ok(mut tty) = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open("/dev/tty")
        {
            let _ = tty.write_all(b"\x1b[?25h\x1b[?1049l");
        }
    }
}

fn install_panic_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
