//! `backcoach show <routine>`: finds the routine (by name or path, or an exercise on its own),
//! sets each step at the level it would run at now, fits it into `--minutes` when asked, and
//! shows it step by step with the configured lead-in and rest.

use std::io::Write;

use crate::cli::FitFlags;
use crate::error::{Error, Exit};
use crate::output;
use crate::routine::library::{Found, Library};
use crate::settings::Config;
use crate::settings::paths::Dirs;

pub fn show(
    library: &Library,
    config: &Config,
    dirs: &Dirs,
    routine: &str,
    figures: bool,
    fit: &FitFlags,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    let opts = config.plan_options();
    let found = super::find(library, routine, fit.meant())?;
    let now = crate::ui::terminal::clock::system_wall();
    let needed = super::has_levels(&found.routine);
    let levels = super::Levels::new(config, dirs, None, now, needed);
    let prepared = super::Prepared::new(&found.routine, &levels, fit, &opts)?;
    let decided = prepared.decided_as_run();
    let fitted = prepared.fitted;
    let found = Found {
        routine: prepared.routine,
        ..found
    };
    output::show::human(
        out,
        &found,
        fitted.as_ref(),
        &decided,
        &opts,
        crate::ui::terminal::text_width(),
        figures,
    )?;
    Ok(Exit::Success)
}
