//! `backcoach strategies`: the seven topics of the guide: what a knot is, the six strategies
//! with why each helps and the routines that use it, then the safety part in full: the red
//! flags, who should ask a clinician first, when to stop an exercise, and the plain statement
//! that this is a coach, not a clinician.

use std::io::{self, Write};

use super::{BOLD, WARN, paint, strategy_style, wrap};
use crate::routine::guide;
use crate::routine::library::Found;
use crate::routine::strategy::Strategy;
use crate::untrusted::escape;

pub fn human(out: &mut impl Write, found: &[Found], width: usize) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        paint(BOLD, &format!("1. {}", guide::KNOTS_TITLE))
    )?;
    writeln!(out, "{}", wrap(guide::KNOTS, width, "   ", "   "))?;
    for (i, s) in Strategy::ALL.into_iter().enumerate() {
        writeln!(out)?;
        let heading = format!("{}. {} ({})", i + 2, s.title(), s.id());
        writeln!(out, "{}", paint(strategy_style(s).bold(), &heading))?;
        writeln!(out, "{}", wrap(guide::why(s), width, "   ", "   "))?;
        let routines = routines_using(found, s);
        let line = if routines.is_empty() {
            "Routines: none yet.".to_owned()
        } else {
            format!("Routines: {}.", routines.join(", "))
        };
        writeln!(out, "{}", wrap(&line, width, "   ", "     "))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", paint(WARN.bold(), guide::RED_FLAGS_TITLE))?;
    writeln!(out, "{}", wrap(guide::URGENT_HEADING, width, "   ", "   "))?;
    for flag in guide::URGENT {
        writeln!(out, "{}", wrap(flag, width, "   - ", "     "))?;
    }
    writeln!(out, "{}", wrap(guide::SOON_HEADING, width, "   ", "   "))?;
    for flag in guide::SOON {
        writeln!(out, "{}", wrap(flag, width, "   - ", "     "))?;
    }
    writeln!(
        out,
        "{}",
        wrap(guide::RED_FLAGS_SOURCE, width, "   ", "   ")
    )?;
    writeln!(out)?;
    writeln!(out, "{}", paint(WARN.bold(), guide::ASK_FIRST_TITLE))?;
    writeln!(
        out,
        "{}",
        wrap(guide::ASK_FIRST_HEADING, width, "   ", "   ")
    )?;
    for ask in guide::ASK_FIRST {
        let line = format!("{}: {}", ask.who, ask.care);
        writeln!(out, "{}", wrap(&line, width, "   - ", "     "))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", paint(WARN.bold(), guide::WHEN_TO_STOP_TITLE))?;
    for rule in guide::WHEN_TO_STOP {
        writeln!(out, "{}", wrap(rule, width, "   - ", "     "))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", wrap(guide::NOT_A_CLINICIAN, width, "", ""))
}

/// Routine names using `s`, the ones centred on it first, marked.
fn routines_using(found: &[Found], s: Strategy) -> Vec<String> {
    let (mut centred, mut other) = (Vec::new(), Vec::new());
    for f in found.iter().filter(|f| f.routine.strategies().contains(&s)) {
        if f.routine.main_strategy() == Some(s) {
            centred.push(format!("{} (main focus)", escape(&f.routine.name)));
        } else {
            other.push(escape(&f.routine.name).into_owned());
        }
    }
    centred.extend(other);
    centred
}
