//! `backcoach exercises`: the catalogue, as a table or as JSON (the table's text escaped,
//! as all text from a file is).

use std::io::{self, Write};

use super::{Fit, dosage_summary, table};
use crate::routine::Exercise;
use crate::untrusted::escape;

pub fn human(
    out: &mut impl Write,
    exercises: &[&Exercise],
    width: Option<usize>,
) -> io::Result<()> {
    let rows: Vec<Vec<String>> = exercises
        .iter()
        .map(|e| {
            vec![
                escape(e.id.as_deref().unwrap_or_default()).into_owned(),
                escape(&e.name).into_owned(),
                e.strategy.id().to_owned(),
                dosage_summary(e),
            ]
        })
        .collect();
    table(
        out,
        &["ID", "NAME", "STRATEGY", "DOSAGE"],
        &rows,
        Fit {
            width,
            shrink: &[3, 1],
            strategies: &[2],
        },
    )?;
    writeln!(out)?;
    let note = "`backcoach exercises <ID>` shows one with its cues, caution and source; \
                use it in a routine step as `exercise = \"ID\"`.";
    writeln!(
        out,
        "{}",
        super::wrap(note, width.unwrap_or(80).clamp(40, 100), "", "")
    )
}

pub fn json(out: &mut impl Write, exercises: &[&Exercise]) -> io::Result<()> {
    super::json(out, exercises)
}
