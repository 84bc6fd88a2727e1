//! The few lines printed when a session ends: how it ended, the time, the steps done and
//! skipped, pain before and after (and what to do when it rose or is high), and where the
//! record went.

use std::path::Path;

use crate::journal::record::Record;
use crate::output::{clock, stopwatch};
use crate::routine::guide::{FLARE_AT, FLARE_ROUTINE, worse_by};
use crate::session::{Outcome, Status, Summary};

/// Where the record of a session went.
#[derive(Debug, Clone, Copy)]
pub enum Saved<'a> {
    In(&'a Path),
    /// A preview at this speed: never recorded.
    Preview(f64),
    /// `--no-log`.
    NoLog,
    /// It could not be saved; the error, with the record, was printed before.
    Failed,
}

/// The line after a day of nudges: how many were shown and done, and how many of those done
/// are in the log (`saved`) or could not be saved (`lost`): never "recorded" of one that is
/// not.
pub fn nudge_day(shown: u32, answered: u32, saved: u32, lost: u32) -> String {
    let recorded = match (saved, lost) {
        (0, 0) => String::new(),
        (n, 0) if n == answered => " (recorded as posture practice)".to_owned(),
        (n, 0) => format!(" ({n} recorded as posture practice)"),
        (0, m) => format!(" ({m} not recorded)"),
        (n, m) => format!(" ({n} recorded as posture practice, {m} not recorded)"),
    };
    format!("Posture nudges: {shown} shown, {answered} done{recorded}.")
}

/// The summary of a session that ran, as `record` recorded it.
pub fn human(summary: &Summary, record: &Record, saved: Saved<'_>) -> String {
    let mut out = Vec::new();
    let status = match summary.status {
        Status::Completed => "completed",
        Status::Stopped => "stopped",
    };
    if let Some(heat_off) = &summary.heat_on {
        out.push(format!("{heat_off}."));
    }
    out.push(format!("{}: {status}.", record.title));
    let count = |o: Outcome| summary.steps.iter().filter(|r| r.outcome == o).count();
    out.push(format!(
        "  Time: {} (planned {}). Steps: {} done, {} partly done, {} skipped.",
        stopwatch(summary.active),
        clock(summary.planned),
        count(Outcome::Done),
        count(Outcome::Partial),
        count(Outcome::Skipped),
    ));
    let pain = |p: Option<u8>| p.map_or("-".to_owned(), |n| n.to_string());
    if record.pain_before.is_some() || record.pain_after.is_some() {
        out.push(format!(
            "  Pain: {} before, {} after.",
            pain(record.pain_before),
            pain(record.pain_after)
        ));
    }
    let worse = worse_by(record.pain_before, record.pain_after);
    if let Some(high) = record
        .pain_after
        .filter(|p| *p >= FLARE_AT && worse.is_none())
    {
        out.push(format!("  Pain is high ({high} out of 10)."));
        out.push(
            "  Check the red flags (backcoach strategies). If it stays this high, see a doctor."
                .to_owned(),
        );
    }
    if let Some(worse) = worse {
        out.push(format!("  Pain is {worse} points higher than before."));
        out.push("  Next time, go back a level: an easier version, fewer repetitions.".to_owned());
        if record.routine != FLARE_ROUTINE {
            out.push(format!(
                "  On a bad day, the gentler routine: backcoach start {FLARE_ROUTINE}"
            ));
        }
        out.push(
            "  Check the red flags (backcoach strategies). If pain stays high, see a doctor."
                .to_owned(),
        );
    }
    // What was rated "it hurt": said once more at the end, with what follows from it.
    let hurt: Vec<&crate::journal::record::StepRecord> = record
        .steps
        .iter()
        .filter(|s| s.rating == Some(crate::session::Rating::Hurt))
        .collect();
    if !hurt.is_empty() {
        let names: Vec<String> = hurt
            .iter()
            .map(|s| crate::untrusted::escape(&s.name).into_owned())
            .collect();
        out.push(format!("  It hurt: {}.", names.join("; ")));
        // An easier level is promised only where there is one.
        let easier = hurt.iter().any(|s| s.level > 1);
        out.push(format!(
            "  {} Pain below the knee, or a leg that tingles, goes numb or feels weak: check \
             the red flags (backcoach strategies).",
            if easier {
                "Next time it runs a level easier."
            } else {
                "Go gently with it next time."
            }
        ));
    }
    out.push(match saved {
        Saved::In(path) => format!(
            "  Recorded in {}.",
            crate::untrusted::escape(&path.display().to_string())
        ),
        Saved::Preview(speed) => format!("  A preview at {speed}x speed: not recorded."),
        Saved::NoLog => "  Not recorded (--no-log).".to_owned(),
        Saved::Failed => "  Not recorded: see the message above.".to_owned(),
    });
    let mut text = out.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::journal::record::Answers;
    use crate::routine::library::Library;
    use crate::session::StepResult;

    /// The summary of a session of `routine` with pain `before` and `after`.
    fn summary_of(routine: &str, before: u8, after: u8) -> String {
        summary_with(routine, before, after, false, Saved::NoLog)
    }

    fn summary_with(routine: &str, before: u8, after: u8, heat_on: bool, saved: Saved) -> String {
        let lib = Library::load(None).expect("catalogue");
        let found = lib.resolve(routine).expect("routine");
        let summary = Summary {
            status: Status::Completed,
            planned: Duration::from_secs(60),
            active: Duration::from_secs(60),
            steps: vec![],
            heat_on: heat_on.then(|| crate::routine::HEAT_OFF.to_owned()),
        };
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-25T19:00:00+01:00").expect("t");
        let answers = Answers {
            pain_before: Some(before),
            pain_after: Some(after),
            ..Answers::default()
        };
        let record = Record::new(&found.routine, &summary, at, Duration::ZERO, answers);
        human(&summary, &record, saved)
    }

    /// The adversarial review: two steps rated "it hurt", and the summary said nothing of
    /// it. It says which, what follows, and when to check the red flags.
    #[test]
    fn what_hurt_is_said_again_at_the_end() {
        let lib = Library::load(None).expect("catalogue");
        let found = lib.resolve("core").expect("routine");
        let summary = Summary {
            status: Status::Completed,
            planned: Duration::from_secs(60),
            active: Duration::from_secs(60),
            steps: vec![StepResult {
                step: 2,
                outcome: Outcome::Done,
                active: Duration::from_secs(60),
            }],
            heat_on: None,
        };
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-25T19:00:00+01:00").expect("t");
        let mut answers = Answers {
            pain_before: Some(3),
            pain_after: Some(3),
            ..Answers::default()
        };
        answers.ratings.insert(2, crate::session::Rating::Hurt);
        let record = Record::new(&found.routine, &summary, at, Duration::ZERO, answers);
        let text = human(&summary, &record, Saved::NoLog);
        assert!(text.contains("  It hurt: Bird-dog (leg only).\n"), "{text}");
        // At level 1 there is no easier level to promise.
        assert!(text.contains("  Go gently with it next time."), "{text}");
        // Above level 1, the next time is a level easier, and it says so.
        let mut higher = record.clone();
        for step in &mut higher.steps {
            step.level = 2;
        }
        let text = human(&summary, &higher, Saved::NoLog);
        assert!(
            text.contains("  Next time it runs a level easier."),
            "{text}"
        );
        assert!(!summary_of("core", 3, 3).contains("It hurt"));
    }

    #[test]
    fn a_stopped_session_with_its_steps_and_where_it_went() {
        let lib = Library::load(None).expect("catalogue");
        let found = lib.resolve("evening").expect("routine");
        let step = |step, outcome, secs| StepResult {
            step,
            outcome,
            active: Duration::from_secs(secs),
        };
        let summary = Summary {
            status: Status::Stopped,
            planned: Duration::from_secs(1320),
            active: Duration::from_secs(412),
            steps: vec![
                step(0, Outcome::Done, 300),
                step(1, Outcome::Skipped, 2),
                step(2, Outcome::Partial, 110),
            ],
            heat_on: None,
        };
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-25T19:00:00+01:00").expect("t");
        let answers = Answers {
            pain_before: Some(5),
            ..Answers::default()
        };
        let record = Record::new(&found.routine, &summary, at, Duration::ZERO, answers);
        let path = Path::new("/home/ana/.local/share/backcoach/sessions.jsonl");
        insta::assert_snapshot!(human(&summary, &record, Saved::In(path)));
    }

    #[test]
    fn pain_2_points_higher_after_is_said_with_what_to_do() {
        let text = summary_of("evening", 3, 5);
        assert!(text.contains("  Pain: 3 before, 5 after.\n"), "{text}");
        assert!(
            text.contains(
                "  Pain is 2 points higher than before.\n  Next time, go back a level: an easier version, fewer repetitions.\n  On a bad day, the gentler routine: backcoach start flare\n  Check the red flags (backcoach strategies). If pain stays high, see a doctor.\n"
            ),
            "{text}"
        );
        insta::assert_snapshot!(text);
        let text = summary_of(FLARE_ROUTINE, 4, 7);
        assert!(
            text.contains("Pain is 3 points higher than before."),
            "{text}"
        );
        assert!(!text.contains("backcoach start flare"), "{text}");
        assert!(text.contains("go back a level"), "{text}");
        // Every line fits an 80-column terminal.
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "{line:?}");
        }
    }

    #[test]
    fn stopped_under_the_heat_the_summary_says_heat_off_first() {
        let text = summary_with("evening", 3, 3, true, Saved::NoLog);
        assert!(
            text.starts_with("Heat off: move it away and check your skin.\n"),
            "{text}"
        );
        assert!(!summary_of("evening", 3, 3).contains("Heat off"));
    }

    #[test]
    fn a_high_pain_after_points_at_the_red_flags_even_without_a_rise() {
        // Found by a new user: 9 before, 10 after said nothing.
        let text = summary_of("flare", 9, 10);
        assert!(text.contains("  Pain is high (10 out of 10).\n"), "{text}");
        assert!(text.contains("red flags (backcoach strategies)"), "{text}");
        // A rise of 2 or more says its own, longer word; not both.
        let text = summary_of("evening", 6, 9);
        assert!(!text.contains("Pain is high"), "{text}");
        assert!(text.contains("3 points higher"), "{text}");
        assert!(!summary_of("evening", 5, 4).contains("Pain is high"));
    }

    #[test]
    fn a_better_or_same_score_is_a_number_and_no_claim() {
        for (before, after) in [(6, 2), (5, 6), (4, 4)] {
            let text = summary_of("evening", before, after);
            assert!(!text.contains("higher than before"), "{text}");
            let lower = text.to_lowercase();
            for claim in ["cure", "fixed", "heal", "thanks to", "worked", "because"] {
                assert!(!lower.contains(claim), "{claim:?} in {text}");
            }
        }
    }

    #[test]
    fn where_the_record_went_is_said_in_each_case() {
        let said = |saved| {
            let text = summary_with("evening", 3, 3, false, saved);
            text.lines().last().unwrap_or_default().to_owned()
        };
        assert_eq!(
            said(Saved::Preview(4.0)),
            "  A preview at 4x speed: not recorded."
        );
        assert_eq!(said(Saved::NoLog), "  Not recorded (--no-log).");
        assert_eq!(
            said(Saved::Failed),
            "  Not recorded: see the message above."
        );
    }
}
