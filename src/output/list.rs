//! `backcoach list`: every routine, as a table or as JSON. The table's text is escaped: it
//! comes from files.

use std::io::{self, Write};

use serde::Serialize;

use super::{Fit, minutes, table};
use crate::plan::PlanOptions;
use crate::routine::library::Found;
use crate::routine::strategy::Strategy;
use crate::untrusted::escape;

/// One routine in `list --json`. The field names are a stable interface (see README.md).
#[derive(Debug, Serialize)]
pub struct ListItem<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub when: crate::routine::When,
    /// What it is for and when to pick it ("a bad day"); null when the routine doesn't say.
    #[serde(rename = "for")]
    pub purpose: Option<&'a str>,
    /// What to have at hand.
    pub equipment: &'a [String],
    /// Planned length with the configured lead-in and rest, both included.
    pub seconds: u64,
    /// True when `seconds` includes an estimate for self-paced reps.
    pub estimate: bool,
    pub steps: usize,
    /// In order of first use.
    pub strategies: Vec<Strategy>,
    /// The strategy with the most time.
    pub main_strategy: Option<Strategy>,
    /// `built-in`, `user` or `file`.
    pub source: &'static str,
    pub path: Option<String>,
    pub replaces_built_in: bool,
}

pub fn items<'a>(found: &'a [Found], opts: &PlanOptions) -> Vec<ListItem<'a>> {
    found
        .iter()
        .map(|f| ListItem {
            name: &f.routine.name,
            title: &f.routine.title,
            summary: &f.routine.summary,
            when: f.routine.when,
            purpose: f.routine.purpose.as_deref(),
            equipment: &f.routine.equipment,
            seconds: f.routine.extent(opts).seconds,
            estimate: f.routine.is_estimate(),
            steps: f.routine.steps.len(),
            strategies: f.routine.strategies(),
            main_strategy: f.routine.main_strategy(),
            source: f.source.label(),
            path: f.path.as_ref().map(|p| p.display().to_string()),
            replaces_built_in: f.replaces_built_in,
        })
        .collect()
}

pub fn human(
    out: &mut impl Write,
    found: &[Found],
    opts: &PlanOptions,
    width: Option<usize>,
) -> io::Result<()> {
    let rows: Vec<Vec<String>> = items(found, opts)
        .iter()
        .map(|i| {
            let source = if i.replaces_built_in {
                "user (replaces built-in)".to_owned()
            } else {
                i.source.to_owned()
            };
            let min = format!(
                "{}{}",
                if i.estimate { "~" } else { "" },
                minutes(i.seconds)
            );
            let strategies: Vec<&str> = i.strategies.iter().map(|s| s.id()).collect();
            vec![
                escape(i.name).into_owned(),
                escape(i.purpose.unwrap_or("-")).into_owned(),
                escape(i.title).into_owned(),
                min,
                strategies.join(", "),
                source,
            ]
        })
        .collect();
    // On a narrow terminal the strategies are cut first, then the title, then what it is for.
    let fit = Fit {
        width,
        shrink: &[1, 2, 4],
        strategies: &[4],
    };
    table(
        out,
        &["NAME", "FOR", "TITLE", "MIN", "STRATEGIES", "SOURCE"],
        &rows,
        fit,
    )
}

pub fn json(out: &mut impl Write, found: &[Found], opts: &PlanOptions) -> io::Result<()> {
    super::json(out, &items(found, opts))
}
