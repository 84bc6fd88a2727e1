//! `backcoach show <routine>`: finds the routine (by name or path) and shows it step by step
//! with the configured lead-in and rest, each step at the level it would run at now.

use std::io::Write;

use crate::error::{Error, Exit};
use crate::output;
use crate::routine::library::Library;
use crate::settings::Config;
use crate::settings::paths::Dirs;

pub fn show(
    library: &Library,
    config: &Config,
    dirs: &Dirs,
    routine: &str,
    figures: bool,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    let mut found = library.resolve(routine)?;
    let now = crate::ui::terminal::clock::system_wall();
    let (leveled, decided) = crate::journal::levels::apply(
        &found.routine,
        &super::recent(dirs, now),
        &super::pins(config),
        now,
    );
    found.routine = leveled;
    output::show::human(
        out,
        &found,
        &decided,
        &config.plan_options(),
        crate::ui::terminal::text_width(),
        figures,
    )?;
    Ok(Exit::Success)
}
