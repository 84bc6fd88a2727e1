//! `backcoach exercises`: the catalogue, as a table or as JSON.

use std::io::{self, Write};

use super::{Fit, dosage_summary, table};
use crate::routine::Exercise;

pub fn human(
    out: &mut impl Write,
    exercises: &[&Exercise],
    width: Option<usize>,
) -> io::Result<()> {
    let rows: Vec<Vec<String>> = exercises
        .iter()
        .map(|e| {
            vec![
                e.id.clone().unwrap_or_default(),
                e.name.clone(),
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
    serde_json::to_writer_pretty(&mut *out, exercises)?;
    writeln!(out)
}
