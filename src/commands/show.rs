//! `backcoach show <routine>`: finds the routine (by name or path) and shows it step by step
//! with the configured lead-in and rest.

use std::io::Write;

use crate::error::{Error, Exit};
use crate::output;
use crate::routine::library::Library;
use crate::settings::Config;

pub fn show(
    library: &Library,
    config: &Config,
    routine: &str,
    figures: bool,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    let found = library.resolve(routine)?;
    output::show::human(
        out,
        &found,
        &config.plan_options(),
        crate::ui::terminal::text_width(),
        figures,
    )?;
    Ok(Exit::Success)
}
