//! `backcoach strategies`: the guide (what a knot is, the six strategies and the safety
//! part), with the routines that use each strategy.

use std::io::Write;

use super::finish;
use crate::error::{Error, Exit};
use crate::output;
use crate::routine::library::Library;

pub fn strategies(library: &Library, out: &mut impl Write) -> Result<Exit, Error> {
    let (found, problems) = library.all()?;
    output::strategies::human(out, &found, crate::ui::terminal::text_width())?;
    finish(problems)
}
