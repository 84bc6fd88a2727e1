//! `backcoach today`: the suggestion in words, for a person (a heading and two or three short
//! lines of why) or as JSON. The why is said here, from the facts `today` decided on; the
//! pain answers are given as they are, and a trend only as `stats` judges it, never as
//! something a routine did. Names from files and the log are escaped.

use std::io::{self, Write};

use chrono::NaiveDateTime;
use serde::Serialize;

use super::{count, minutes};
use crate::journal::stats::Verdict;
use crate::journal::stats::verdict::Judged;
use crate::routine::guide::{FLARE_ROUTINE, worse_by};
use crate::routine::strategy::Strategy;
use crate::today::{Bad, Fit, Part, Reason, Suggestion, WEEK_DAYS};
use crate::untrusted::escape;

/// The command that starts the suggestion.
pub fn command(s: &Suggestion<'_>) -> String {
    let mut command = format!("backcoach start {}", s.routine.name);
    if let Some((m, Fit::Shortened)) = s.fit {
        command.push_str(&format!(" --minutes {m}"));
    }
    if s.built_in {
        command.push_str(" --built-in");
    }
    command
}

/// The heading: name, title, length, and what it is for; with `--minutes`, how it fits.
pub fn heading(s: &Suggestion<'_>) -> String {
    let r = s.routine;
    let length = format!(
        "{}{} min",
        if s.estimate { "~" } else { "" },
        minutes(s.seconds)
    );
    let mut parts = vec![escape(&r.name).into_owned(), escape(&r.title).into_owned()];
    parts.push(match s.fit {
        Some((m, Fit::Fits)) => format!("{length}, fits in {m}"),
        Some((m, Fit::Shortened)) => format!("{length} when shortened to fit in {m} min"),
        Some((m, Fit::NothingFits)) => {
            format!("{length}: nothing fits in {m} min, this is the shortest")
        }
        Some((m, Fit::Longer)) => format!("{length}, more than your {m}"),
        None => length,
    });
    if let Some(purpose) = &r.purpose {
        parts.push(escape(purpose).into_owned());
    }
    parts.join(" · ")
}

/// Why, in two or three short lines.
pub fn why(s: &Suggestion<'_>) -> Vec<String> {
    let name = escape(&s.routine.name);
    match &s.reason {
        Reason::NothingLogged { ever } => vec![
            format!(
                "{}: a gentle start, {}.",
                if *ever {
                    "Nothing logged in the last 4 weeks"
                } else {
                    "Nothing logged yet"
                },
                if s.routine.when == s.part.when() {
                    format!("with the shortest routine made for {}", part_words(s.part))
                } else {
                    "with a short routine".to_owned()
                }
            ),
            "Move into mild tension, never pain; stop if pain spreads below the knee, or a leg \
             tingles, goes numb or feels weak."
                .to_owned(),
        ],
        Reason::BadSession(bad) => vec![
            bad_words(bad, s),
            if bad.routine == FLARE_ROUTINE {
                // Flare itself: no routine is the next step.
                "It was higher after flare too: if it keeps rising, or it is new, severe or \
                 different, contact your GP or NHS 111 today."
                    .to_owned()
            } else if s.routine.name != FLARE_ROUTINE {
                format!(
                    "Keep moving gently, little and often; this late, no heat (never fall \
                     asleep on it): {name} is gentle, and flare can wait for the day."
                )
            } else {
                format!(
                    "On a bad day, keep moving gently, little and often: {name} is the gentle \
                     routine for it."
                )
            },
            "Numbness around your genitals or buttocks, a leg getting weaker, or new trouble \
             passing urine: get medical help now (every red flag: `backcoach strategies`)."
                .to_owned(),
        ],
        Reason::BestMatch => vec![days_words(s), strategies_words(s), pain_words(s)],
    }
}

fn part_words(part: Part) -> &'static str {
    match part {
        Part::Morning => "the morning",
        Part::Day => "the day",
        Part::Evening => "the evening",
    }
}

/// "Yesterday at 18:00, your back was 2 points worse after core (3 -> 5)."
fn bad_words(bad: &Bad, s: &Suggestion<'_>) -> String {
    let day = if bad.started_at.date() == s.now.date() {
        "Today"
    } else {
        "Yesterday"
    };
    let when = format!("{day} at {}", bad.started_at.format("%H:%M"));
    let routine = escape(&bad.routine);
    let pain = super::pain_change(bad.before, bad.after);
    match worse_by(bad.before, bad.after) {
        Some(n) => format!("{when}, your back was {n} points worse after {routine} ({pain})."),
        None => {
            // Pain as high as that before the session, or only after it: said as it was,
            // never as something the routine did.
            let (high, at) = match (bad.before, bad.after) {
                (Some(b), Some(a)) if a > b => (a, "after"),
                (Some(b), _) => (b, "when you started"),
                (None, a) => (a.unwrap_or(0), "after"),
            };
            format!("{when}, {at} {routine}, your back was at {high} out of 10 ({pain}).")
        }
    }
}

/// "Evening; done today: desk-break; 5 sessions in the last 7 days."
fn days_words(s: &Suggestion<'_>) -> String {
    let part = match s.part {
        Part::Morning => "Morning",
        Part::Day => "Daytime",
        Part::Evening => "Evening",
    };
    let today = if s.done_today.is_empty() {
        "nothing done today yet".to_owned()
    } else {
        // Each routine once, in the order first done, with how many times when more than once.
        let mut seen: Vec<(&str, u32)> = Vec::new();
        for name in &s.done_today {
            match seen.iter_mut().find(|(n, _)| n == name) {
                Some((_, times)) => *times += 1,
                None => seen.push((name, 1)),
            }
        }
        let names: Vec<String> = seen
            .into_iter()
            .map(|(name, times)| match times {
                1 => escape(name).into_owned(),
                n => format!("{} ({n} times)", escape(name)),
            })
            .collect();
        format!("done today: {}", names.join(", "))
    };
    format!(
        "{part}; {today}; {} in the last {WEEK_DAYS} days.",
        count(s.sessions_week, "session")
    )
}

fn ids(strategies: &[Strategy]) -> String {
    let ids: Vec<&str> = strategies.iter().map(|s| s.id()).collect();
    ids.join(", ")
}

/// "Not practised in the last 7 days: heat, self-massage; evening has heat, self-massage."
fn strategies_words(s: &Suggestion<'_>) -> String {
    if s.neglected.is_empty() {
        return format!("All six strategies practised in the last {WEEK_DAYS} days.");
    }
    let not = format!(
        "Not practised in the last {WEEK_DAYS} days: {}",
        ids(&s.neglected)
    );
    if s.covers.is_empty() {
        format!("{not}.")
    } else {
        format!("{not}; {} has {}.", escape(&s.routine.name), ids(&s.covers))
    }
}

/// The last pain answers, and the trend only as `stats` judges it.
fn pain_words(s: &Suggestion<'_>) -> String {
    if s.pains.is_empty() {
        return "No pain answers lately: answering before a session shows how your back is \
                doing over the weeks."
            .to_owned();
    }
    let pains: Vec<String> = s.pains.iter().map(u8::to_string).collect();
    let last = format!(
        "Pain before your last {}: {}",
        if s.pains.len() == 1 {
            "session".to_owned()
        } else {
            format!("{} sessions", s.pains.len())
        },
        pains.join(", ")
    );
    let went = |from: &Judged, to: &Judged| {
        format!(
            "than in the week from {} ({:.1} -> {:.1})",
            from.week.format("%b %-d"),
            from.pain,
            to.pain
        )
    };
    let trend = match &s.trend {
        Verdict::TooFewAnswers { .. } => {
            "too few weeks of answers to judge a trend (`backcoach stats`)".to_owned()
        }
        Verdict::Rose { from, to, .. } => format!(
            "higher {}: check the red flags (`backcoach strategies`), and consider seeing a \
             clinician",
            went(from, to)
        ),
        Verdict::Flat { from, to } => format!("no lower {}", went(from, to)),
        Verdict::Dropped {
            from,
            to,
            matters: true,
            ..
        } => format!(
            "lower {}, a change that matters by Farrar's measure; most back pain eases with \
             time anyway",
            went(from, to)
        ),
        Verdict::Dropped { from, to, .. } => format!(
            "a little lower {}, short of a change that matters (`backcoach stats`)",
            went(from, to)
        ),
        Verdict::LowStart { from, to, .. } => format!("lower {}", went(from, to)),
    };
    format!("{last}; {trend}.")
}

/// The suggestion for a person, the why wrapped to `width` columns.
pub fn human(out: &mut impl Write, s: &Suggestion<'_>, width: usize) -> io::Result<()> {
    writeln!(out, "{}", heading(s))?;
    for line in why(s) {
        for l in super::wrap_indented(&line, width, "  ", "    ") {
            writeln!(out, "{l}")?;
        }
    }
    Ok(())
}

/// `today --json`: one object. The field names are a stable interface (see README.md).
#[derive(Debug, Serialize)]
pub struct Json<'a> {
    /// The time the suggestion is for, local, to the second.
    pub at: String,
    pub part: Part,
    pub routine: &'a str,
    pub title: &'a str,
    #[serde(rename = "for")]
    pub purpose: Option<&'a str>,
    pub seconds: u64,
    pub estimate: bool,
    pub strategies: Vec<Strategy>,
    /// `nothing_logged`, `nothing_recent`, `bad_session` or `best_match`.
    pub reason: &'static str,
    pub bad_session: Option<BadJson<'a>>,
    pub why: Vec<String>,
    pub done_today: &'a [String],
    pub sessions_7_days: u32,
    pub not_practised_7_days: &'a [Strategy],
    pub covers: &'a [Strategy],
    pub last_pain_before: &'a [u8],
    pub trend: &'a Verdict,
    pub minutes: Option<f64>,
    pub fit: Option<Fit>,
    pub command: String,
}

#[derive(Debug, Serialize)]
pub struct BadJson<'a> {
    pub routine: &'a str,
    pub started_at: String,
    pub pain_before: Option<u8>,
    pub pain_after: Option<u8>,
}

fn local(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

pub fn json(out: &mut impl Write, s: &Suggestion<'_>) -> io::Result<()> {
    let (reason, bad) = match &s.reason {
        Reason::NothingLogged { ever: false } => ("nothing_logged", None),
        Reason::NothingLogged { ever: true } => ("nothing_recent", None),
        Reason::BadSession(b) => (
            "bad_session",
            Some(BadJson {
                routine: &b.routine,
                started_at: local(b.started_at),
                pain_before: b.before,
                pain_after: b.after,
            }),
        ),
        Reason::BestMatch => ("best_match", None),
    };
    let item = Json {
        at: local(s.now),
        part: s.part,
        routine: &s.routine.name,
        title: &s.routine.title,
        purpose: s.routine.purpose.as_deref(),
        seconds: s.seconds,
        estimate: s.estimate,
        strategies: s.routine.strategies(),
        reason,
        bad_session: bad,
        why: why(s),
        done_today: &s.done_today,
        sessions_7_days: s.sessions_week,
        not_practised_7_days: &s.neglected,
        covers: &s.covers,
        last_pain_before: &s.pains,
        trend: &s.trend,
        minutes: s.fit.map(|(m, _)| m),
        fit: s.fit.map(|(_, f)| f),
        command: command(s),
    };
    super::json(out, &item)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::journal::stats::verdict::{Band, Judged};
    use crate::routine::library::Library;

    fn judged(day: u32, pain: f64) -> Judged {
        Judged {
            week: NaiveDate::from_ymd_opt(2026, 11, day).expect("a date"),
            pain,
            answers: 2,
        }
    }

    /// The pain line for `trend`, after the answers 6, 5, 6.
    fn pain_line(trend: Verdict) -> String {
        let library = Library::load(None).expect("the catalogue");
        let core = library
            .built_ins()
            .into_iter()
            .find(|f| f.routine.name == "core")
            .expect("core")
            .routine;
        let s = Suggestion {
            routine: &core,
            now: NaiveDate::from_ymd_opt(2026, 11, 24)
                .and_then(|d| d.and_hms_opt(19, 30, 0))
                .expect("a time"),
            seconds: 416,
            estimate: true,
            reason: Reason::BestMatch,
            part: Part::Evening,
            done_today: vec![],
            sessions_week: 3,
            neglected: vec![],
            covers: vec![],
            pains: vec![6, 5, 6],
            trend,
            fit: None,
            built_in: false,
        };
        why(&s).pop().expect("a pain line")
    }

    /// The trend is said only as `stats` judges it: a rise points to the red flags, a small
    /// fall is "short of a change that matters", and a fall is never put down to a routine.
    #[test]
    fn the_pain_line_says_the_trend_as_stats_judges_it() {
        let rose = pain_line(Verdict::Rose {
            from: judged(3, 4.0),
            to: judged(17, 6.0),
            points: 2.0,
        });
        assert_eq!(
            rose,
            "Pain before your last 3 sessions: 6, 5, 6; higher than in the week from Nov 3 \
             (4.0 -> 6.0): check the red flags (`backcoach strategies`), and consider seeing a \
             clinician."
        );
        let small = pain_line(Verdict::Dropped {
            from: judged(3, 6.0),
            to: judged(17, 5.5),
            points: 0.5,
            percent: 8,
            band: Band::BelowMinimal,
            matters: false,
        });
        assert!(small.contains("a little lower than in the week from Nov 3 (6.0 -> 5.5), short of a change that matters"), "{small}");
        let fell = pain_line(Verdict::Dropped {
            from: judged(3, 6.0),
            to: judged(17, 4.0),
            points: 2.0,
            percent: 33,
            band: Band::Moderate,
            matters: true,
        });
        assert!(
            fell.contains("most back pain eases with time anyway"),
            "{fell}"
        );
        let few = pain_line(Verdict::TooFewAnswers {
            weeks_with_two: 1,
            needed: 3,
        });
        assert!(
            few.ends_with("too few weeks of answers to judge a trend (`backcoach stats`)."),
            "{few}"
        );
    }
}
