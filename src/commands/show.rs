//! `backcoach show <routine>`: finds the routine (by name or path, or an exercise on its own),
//! fits it into `--minutes` when asked, and shows it step by step with the configured lead-in
//! and rest.

use std::io::Write;

use crate::cli::FitFlags;
use crate::error::{Error, Exit};
use crate::output;
use crate::routine::library::Library;
use crate::settings::Config;

pub fn show(
    library: &Library,
    config: &Config,
    routine: &str,
    figures: bool,
    fit: &FitFlags,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    let opts = config.plan_options();
    let (found, fitted) = super::runnable(library, routine, fit, &opts)?;
    output::show::human(
        out,
        &found,
        fitted.as_ref(),
        &opts,
        crate::ui::terminal::text_width(),
        figures,
    )?;
    Ok(Exit::Success)
}
