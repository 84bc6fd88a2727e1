//! `backcoach show <routine>`: the routine as a person reads it before doing it: each step
//! with its dosage, cues, cautions and source, the rests, and the total time. Its text comes
//! from a file: parsing refused control characters in it, and the file's path is escaped.

use std::io::{self, Write};

use super::{BOLD, WARN, count, dosage_summary, duration, paint, strategy_style, wrap};
use crate::fit::Fitted;
use crate::journal::levels::Leveled;
use crate::plan::{PREPARE_ESTIMATE, PlanOptions};
use crate::routine::library::{Found, Source};
use crate::routine::{Dosage, Exercise, When};
use crate::untrusted::escape;

pub fn human(
    out: &mut impl Write,
    found: &Found,
    fitted: Option<&Fitted>,
    levels: &[Leveled],
    opts: &PlanOptions,
    width: usize,
    figures: bool,
) -> io::Result<()> {
    let r = &found.routine;
    let total = r.extent(opts).seconds;
    let about = if r.is_estimate() { "about " } else { "" };

    writeln!(out, "{}", paint(BOLD, &escape(&r.title)))?;
    let source = match (&found.path, found.replaces_built_in) {
        (Some(p), true) => format!(
            "from {}, in place of the built-in",
            escape(&p.display().to_string())
        ),
        (Some(p), false) => format!("from {}", escape(&p.display().to_string())),
        (None, _) if found.source == Source::Exercise => "an exercise on its own".to_owned(),
        (None, _) => "built-in".to_owned(),
    };
    let steps = count(u64::try_from(r.steps.len()).unwrap_or(u64::MAX), "step");
    let when = match r.when {
        When::Morning => "in the morning",
        When::Day => "during the day",
        When::Evening => "in the evening",
        When::Any => "at any time",
    };
    writeln!(
        out,
        "{} ({source}) · {steps} · {about}{} · {when}",
        escape(&r.name),
        duration(total)
    )?;
    writeln!(out, "{}", wrap(&escape(&r.summary), width, "", ""))?;
    if let Some(purpose) = &r.purpose {
        let purpose = format!("For: {}.", escape(purpose));
        writeln!(out, "{}", wrap(&purpose, width, "", "  "))?;
    }
    let strategies: Vec<&str> = r.strategies().iter().map(|s| s.id()).collect();
    writeln!(out, "Strategies: {}", strategies.join(", "))?;
    if !r.equipment.is_empty() {
        let need = format!("You'll need: {}.", escape(&r.equipment.join(", ")));
        writeln!(out, "{}", wrap(&need, width, "", "  "))?;
    }
    if let Some(fitted) = fitted {
        writeln!(out)?;
        let report = super::fit::report(fitted, opts);
        writeln!(out, "{}", paint(BOLD, &wrap(&report, width, "", "  ")))?;
    }

    let rest = r.rest_seconds(opts);
    for (i, ex) in r.steps.iter().enumerate() {
        writeln!(out)?;
        let n = format!("{:>2}. ", i + 1);
        let level = levels
            .iter()
            .find(|l| l.step == i)
            .map(|l| super::levels::level_line(&l.level, l.top));
        step(out, &n, ex, level.as_deref(), opts, width, figures)?;
        if i + 1 < r.steps.len() && rest > 0 {
            writeln!(out, "    Then rest {}.", duration(rest))?;
        }
    }

    writeln!(out)?;
    let work = r
        .steps
        .iter()
        .map(|ex| ex.extent(opts).seconds)
        .fold(0, u64::saturating_add);
    let mut parts = vec![format!("{} of exercise", duration(work))];
    let rests = r.steps.len().saturating_sub(1);
    if rest > 0 && rests > 0 {
        let rests = count(u64::try_from(rests).unwrap_or(u64::MAX), "rest");
        parts.push(format!("{rests} of {}", duration(rest)));
    }
    let longer = r.steps.iter().any(|ex| ex.get_ready.is_some());
    if opts.lead_in > 0 || longer {
        let where_asked = if longer {
            " (longer where a step asks)"
        } else {
            ""
        };
        parts.push(format!(
            "{} to get ready before each step{where_asked}",
            duration(opts.lead_in)
        ));
    }
    let mut total_line = format!("Total: {about}{}: {}.", duration(total), parts.join(", "));
    if r.self_paced() {
        total_line.push_str(&format!(
            " Self-paced reps are counted at {} each.",
            duration(crate::routine::SELF_PACED_REP_ESTIMATE)
        ));
    }
    if r.sets_up() {
        total_line.push_str(&format!(
            " Setting up before a step is counted at {} and waits for Enter.",
            duration(PREPARE_ESTIMATE)
        ));
    }
    writeln!(out, "{}", wrap(&total_line, width, "", "  "))?;
    let mut how = match (&found.source, &found.path) {
        (Source::File, Some(p)) => escape(&p.display().to_string()).into_owned(),
        _ => escape(&r.name).into_owned(),
    };
    if let Some(f) = fitted {
        how.push_str(&format!(" --minutes {}", minutes_arg(f.seconds)));
    }
    writeln!(out, "Start it with `backcoach start {how}`.")?;
    writeln!(out)?;
    let safety = "Stop if pain spreads, gets worse, or is new. backcoach is a coach, not a clinician: \
                  `backcoach strategies` says when to get medical help.";
    writeln!(out, "{}", wrap(safety, width, "", ""))
}

/// Seconds as `--minutes` takes them: "10", or "7.5" where they are not whole minutes.
fn minutes_arg(seconds: u64) -> String {
    if seconds.is_multiple_of(60) {
        (seconds / 60).to_string()
    } else {
        let tenths = seconds.saturating_mul(10) / 60;
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// One exercise, indented under a `lead` like " 1. ", with its length as a step: the same
/// in `show` and in `exercises <id>`; with `level` ("level 2 of 3"), the level it runs at;
/// with `figures`, each frame of its figure under what it shows.
pub fn step(
    out: &mut impl Write,
    lead: &str,
    ex: &Exercise,
    level: Option<&str>,
    opts: &PlanOptions,
    width: usize,
    figures: bool,
) -> io::Result<()> {
    let ind = " ".repeat(lead.len());
    let optional = if ex.optional { " · optional" } else { "" };
    writeln!(
        out,
        "{lead}{} · {} · {}{optional}",
        paint(BOLD, &escape(&ex.name)),
        paint(strategy_style(ex.strategy), ex.strategy.id()),
        duration(ex.extent(opts).seconds)
    )?;
    writeln!(out, "{}", wrap(&dosage_summary(ex), width, &ind, &ind))?;
    if let Some(level) = level {
        let line = format!("At {level}.");
        writeln!(out, "{}", wrap(&line, width, &ind, &format!("{ind}  ")))?;
    }
    if let Some(p) = &ex.prepare {
        let first = format!("{ind}First, before the timer: ");
        writeln!(
            out,
            "{}",
            wrap(&escape(p), width, &first, &format!("{ind}  "))
        )?;
    }
    if let Dosage::Phases { phases, .. } = &ex.dosage {
        for p in phases {
            let first = format!("{ind}  {:>4}  ", duration(p.seconds));
            let rest = " ".repeat(first.len());
            writeln!(out, "{}", wrap(&escape(&p.say), width, &first, &rest))?;
        }
    }
    if let Some(fig) = ex.figure.as_ref().filter(|_| figures) {
        let n = fig.frames.len();
        for (i, (frame, label)) in fig.frames.iter().zip(ex.frame_labels()).enumerate() {
            let head = if n > 1 {
                format!("{} of {n}: {}", i + 1, escape(&label))
            } else {
                escape(&label).into_owned()
            };
            writeln!(
                out,
                "{}",
                wrap(&head, width, &format!("{ind}  "), &format!("{ind}    "))
            )?;
            for line in frame {
                writeln!(out, "{ind}    {}", escape(line).trim_end())?;
            }
        }
    }
    for cue in &ex.cues {
        writeln!(
            out,
            "{}",
            wrap(
                &escape(cue),
                width,
                &format!("{ind}- "),
                &format!("{ind}  ")
            )
        )?;
    }
    if ex.strategy == crate::routine::strategy::Strategy::Heat {
        let off = format!("Then: {}.", escape(ex.heat_off_prompt()));
        writeln!(out, "{}", wrap(&off, width, &ind, &format!("{ind}  ")))?;
    }
    if let Some(c) = &ex.caution {
        let caution = wrap(
            &format!("Caution: {}", escape(c)),
            width,
            &format!("{ind}! "),
            &format!("{ind}  "),
        );
        writeln!(out, "{}", paint(WARN, &caution))?;
    }
    if let Some(s) = &ex.source {
        writeln!(
            out,
            "{}",
            wrap(
                &format!("Source: {}", escape(s)),
                width,
                &format!("{ind}  "),
                &format!("{ind}  ")
            )
        )?;
    }
    Ok(())
}
