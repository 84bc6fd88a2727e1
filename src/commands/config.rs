//! `backcoach config [--init]`: shows the settings in effect and where each came from, or
//! writes the commented config file (never over one that is there) and says where it went.
//! A problem in the file, a warning for every other command, is the error here (exit 2),
//! after the settings that are in effect in spite of it.

use std::io::Write;

use crate::commands::author::create;
use crate::error::{Error, Exit, Printer};
use crate::output;
use crate::settings::{Config, TEMPLATE};
use crate::untrusted::escape;

pub fn config(config: &Config, init: bool, out: &mut impl Write) -> Result<Exit, Error> {
    if init {
        let path = config.path.as_ref().ok_or(Error::NoConfigDir)?;
        create(path, TEMPLATE)?;
        writeln!(out, "{}", escape(&path.display().to_string()))?;
    } else {
        output::config::human(out, config)?;
        out.flush()?;
        if let Some(outcome) = config.outcome() {
            let mut printer = Printer::stderr();
            printer.diagnostics(&config.problems);
            printer.note(outcome);
            return Ok(Exit::BadInput);
        }
    }
    Ok(Exit::Success)
}
