//! `backcoach config [--init]`: shows the settings in effect and where each came from, or
//! writes the commented config file (never over one that is there) and says where it went.

use std::io::Write;

use crate::commands::author::create;
use crate::error::{Error, Exit};
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
    }
    Ok(Exit::Success)
}
