//! `backcoach exercises [ID]`: the catalogue (all of it, or one strategy's) as a table or
//! JSON, or one exercise in full at the person's level of it, with its levels; an unknown id
//! is bad input with a suggestion.

use std::io::Write;

use crate::error::{Error, Exit};
use crate::output;
use crate::routine::diag::did_you_mean;
use crate::routine::library::Library;
use crate::routine::strategy::Strategy;
use crate::settings::Config;
use crate::settings::paths::Dirs;

pub fn exercises(
    library: &Library,
    config: &Config,
    dirs: &Dirs,
    id: Option<&str>,
    strategy: Option<Strategy>,
    json: bool,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    if let Some(id) = id {
        return one(library, config, dirs, id, out);
    }
    let selected = library.catalogue.by_strategy(strategy);
    if json {
        output::exercises::json(out, &selected)?;
    } else {
        output::exercises::human(out, &selected, crate::ui::terminal::width())?;
    }
    Ok(Exit::Success)
}

/// One exercise with its cues, caution and source, at the person's level of it now; then
/// its levels, when it has more than one.
fn one(
    library: &Library,
    config: &Config,
    dirs: &Dirs,
    id: &str,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    let Some(ex) = library.catalogue.get(id) else {
        return Err(Error::UnknownExercise {
            id: id.to_owned(),
            suggestion: did_you_mean(id, library.catalogue.ids()).map(str::to_owned),
        });
    };
    let width = crate::ui::terminal::text_width();
    let opts = config.plan_options();
    let top = ex.level_count();
    let level = (top > 1).then(|| {
        let now = crate::ui::terminal::clock::system_wall();
        let pins = super::pins(config, None);
        crate::journal::levels::level(&super::recent(dirs, now), id, top, pins.of(id), now)
    });
    let at = level.map_or(ex, |l| ex.at_level(l.level));
    output::show::step(out, "", at, None, &opts, width, true)?;
    if let Some(level) = level {
        output::levels::list(out, ex, &level, &opts, width)?;
    }
    Ok(Exit::Success)
}
