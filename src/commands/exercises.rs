//! `backcoach exercises [ID]`: the catalogue (all of it, or one strategy's) as a table or
//! JSON, or one exercise in full; an unknown id is bad input with a suggestion.

use std::io::Write;

use crate::error::{Error, Exit};
use crate::output;
use crate::routine::diag::did_you_mean;
use crate::routine::library::Library;
use crate::routine::strategy::Strategy;
use crate::settings::Config;

pub fn exercises(
    library: &Library,
    config: &Config,
    id: Option<&str>,
    strategy: Option<Strategy>,
    json: bool,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    if let Some(id) = id {
        return one(library, config, id, out);
    }
    let selected = library.catalogue.by_strategy(strategy);
    if json {
        output::exercises::json(out, &selected)?;
    } else {
        output::exercises::human(out, &selected, crate::ui::terminal::width())?;
    }
    Ok(Exit::Success)
}

/// One exercise with its cues, caution and source.
fn one(library: &Library, config: &Config, id: &str, out: &mut impl Write) -> Result<Exit, Error> {
    let Some(ex) = library.catalogue.get(id) else {
        return Err(Error::UnknownExercise {
            id: id.to_owned(),
            suggestion: did_you_mean(id, library.catalogue.ids()).map(str::to_owned),
        });
    };
    output::show::step(
        out,
        "",
        ex,
        &config.plan_options(),
        crate::ui::terminal::text_width(),
        true,
    )?;
    Ok(Exit::Success)
}
