//! `backcoach strategies`: the guide (what a knot is, the six strategies and the safety
//! part), with the routines that use each strategy. It must always print: whatever is broken
//! (the config file, a routine, the routines folder), the red flags come first.

use std::io::Write;

use super::finish;
use crate::error::{Error, Exit};
use crate::output;
use crate::routine::library::Library;

pub fn strategies(library: &Library, out: &mut impl Write) -> Result<Exit, Error> {
    // The red flags are printed whatever else is wrong: a folder of routines that can't be
    // read leaves the built-in ones to name, and is told after.
    let (found, problems, failed) = match library.all() {
        Ok((found, problems)) => (found, problems, None),
        Err(e) => (library.built_ins(), Vec::new(), Some(e)),
    };
    output::strategies::human(out, &found, crate::ui::terminal::text_width())?;
    if let Some(e) = failed {
        out.flush()?;
        return Err(e.into());
    }
    finish(problems)
}
