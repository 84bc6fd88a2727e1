//! `backcoach list`: every routine, built-in and the user's, as a table or as JSON; a broken
//! file of the user's is listed as a problem after the rest.

use std::io::Write;

use super::finish;
use crate::error::{Error, Exit};
use crate::output;
use crate::routine::library::Library;
use crate::settings::Config;

pub fn list(
    library: &Library,
    config: &Config,
    json: bool,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    let (found, problems) = library.all()?;
    if json {
        output::list::json(out, &found, &config.plan_options())?;
    } else {
        let width = crate::ui::terminal::width();
        output::list::human(out, &found, &config.plan_options(), width)?;
    }
    finish(problems)
}
