//! `backcoach list`: every routine, built-in and the user's, as a table or as JSON, each at
//! your levels today (so its length is the one `show` and `start` give); a broken file of
//! the user's is listed as a problem after the rest.

use std::io::Write;

use super::finish;
use crate::error::{Error, Exit};
use crate::output;
use crate::routine::library::Library;
use crate::settings::Config;
use crate::settings::paths::Dirs;

pub fn list(
    library: &Library,
    config: &Config,
    dirs: &Dirs,
    json: bool,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    let (mut found, problems) = library.all()?;
    let now = crate::ui::terminal::clock::system_wall();
    let needed = found.iter().any(|f| super::has_levels(&f.routine));
    let at = super::Levels::new(config, dirs, None, now, needed);
    for f in &mut found {
        f.routine = at.apply(&f.routine).0;
    }
    if json {
        output::list::json(out, &found, &config.plan_options())?;
    } else {
        let width = crate::ui::terminal::width();
        output::list::human(out, &found, &config.plan_options(), width)?;
    }
    finish(problems)
}
