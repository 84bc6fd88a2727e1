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
    let found = super::find(library, routine, fit.exercise)?;
    let now = crate::ui::terminal::clock::system_wall();
    let (leveled, mut decided) = crate::journal::levels::apply(
        &found.routine,
        &super::recent(dirs, now),
        &super::pins(config, None, &library.catalogue),
        now,
    );
    let (routine, fitted) = super::fit_to(leveled, fit, &opts)?;
    if let Some(f) = &fitted {
        // The levels of the steps kept, at their new places.
        decided.retain_mut(|d| match f.new_index(d.step) {
            Some(i) => {
                d.step = i;
                true
            }
            None => false,
        });
    }
    let found = Found { routine, ..found };
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
