//! `backcoach stats`: the numbers of `stats` for a person (a calendar like a contribution
//! graph, a pain sparkline, and what the numbers mean) or as JSON. `commands::stats` reads
//! the log and sums it up.

use std::io::{self, Write};

use chrono::Datelike;

use super::{Fit, count, table, wrap};
use crate::journal::stats::verdict::{Band, Judged, MIN_ANSWERS};
use crate::journal::stats::{Stats, Verdict};
use crate::untrusted::escape;

/// The numbers as JSON (see README.md).
pub fn json(out: &mut impl Write, stats: &Stats) -> io::Result<()> {
    super::json(out, stats)
}

fn day_word(n: u32) -> String {
    count(n, "day")
}

/// Whole minutes, as a count.
fn minutes_word(m: f64) -> String {
    count(m.round().max(0.0) as u64, "minute")
}

fn one(x: f64) -> String {
    format!("{x:.1}")
}

pub fn human(out: &mut impl Write, s: &Stats) -> io::Result<()> {
    if s.total_sessions == 0 {
        return writeln!(
            out,
            "No sessions recorded yet. Start one with `backcoach start evening`."
        );
    }
    let weeks = s.weeks.len();
    writeln!(
        out,
        "Streak: {} (longest {}). In all: {}, {}.",
        day_word(s.current_streak),
        day_word(s.longest_streak),
        count(s.total_sessions, "session"),
        minutes_word(s.total_minutes)
    )?;
    if let Some(w) = s.weeks.last() {
        writeln!(
            out,
            "This week: {}, {}.",
            count(w.sessions, "session"),
            minutes_word(w.minutes)
        )?;
    }

    writeln!(out)?;
    writeln!(out, "The last {weeks} weeks")?;
    let rows: Vec<Vec<String>> = s
        .weeks
        .iter()
        .map(|w| {
            vec![
                w.start.format("%Y-%m-%d").to_string(),
                w.sessions.to_string(),
                format!("{:.0}", w.minutes),
                w.pain_before.map(one).unwrap_or_default(),
                w.change.map(|c| format!("{c:+.1}")).unwrap_or_default(),
            ]
        })
        .collect();
    table(
        out,
        &["WEEK OF", "SESSIONS", "MIN", "PAIN BEFORE", "CHANGE"],
        &rows,
        Fit::WHOLE,
    )?;

    writeln!(out)?;
    calendar(out, s)?;

    if !s.minutes_by_strategy.is_empty() {
        writeln!(out)?;
        writeln!(out, "Minutes by strategy, the last {weeks} weeks")?;
        let most = s
            .minutes_by_strategy
            .first()
            .map_or(1.0, |m| m.minutes.max(1.0));
        for m in &s.minutes_by_strategy {
            let bar = "█".repeat(((m.minutes / most) * 30.0).round() as usize);
            // A strategy as the log has it, which need not be one of ours.
            let strategy = escape(&m.strategy);
            // Under half a minute is not nothing: "<1", never a 0 beside a bar.
            let minutes = if m.minutes > 0.0 && m.minutes < 0.5 {
                "<1".to_owned()
            } else {
                format!("{:.0}", m.minutes)
            };
            writeln!(out, "  {strategy:<14} {minutes:>5}  {bar}")?;
        }
    }

    writeln!(out)?;
    pain(out, s)
}

/// A calendar of the window like a contribution graph: a row per weekday, a column per
/// week, each day shaded by its minutes.
fn calendar(out: &mut impl Write, s: &Stats) -> io::Result<()> {
    let Some(first) = s.days.first().map(|d| d.date) else {
        return Ok(());
    };
    // Month labels over the weeks where a month begins.
    let mut labels = String::from("     ");
    let mut last_month = 0;
    for (i, w) in s.weeks.iter().enumerate() {
        let month = w.start.month();
        if month != last_month && labels.chars().count() <= 5 + 2 * i {
            while labels.chars().count() < 5 + 2 * i {
                labels.push(' ');
            }
            labels.push_str(&w.start.format("%b").to_string());
            last_month = month;
        }
    }
    writeln!(out, "{}", labels.trim_end())?;
    for row in 0..7 {
        let name = (first + chrono::Duration::days(row))
            .format("%a")
            .to_string();
        let mut line = format!("{name}  ");
        for col in 0..s.weeks.len() {
            let index = col * 7 + row as usize;
            let cell = match s.days.get(index) {
                None => ' ',
                Some(d) if d.sessions == 0 => '·',
                Some(d) if d.minutes < 10.0 => '░',
                Some(d) if d.minutes < 20.0 => '▒',
                Some(d) if d.minutes < 30.0 => '▓',
                Some(_) => '█',
            };
            line.push(cell);
            line.push(' ');
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(
        out,
        "     · none  ░ under 10 min  ▒ 10-20  ▓ 20-30  █ 30 or more"
    )
}

/// The weekly average pain before sessions as a sparkline, and what it means.
fn pain(out: &mut impl Write, s: &Stats) -> io::Result<()> {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let line: String = s
        .weeks
        .iter()
        .map(|w| match w.pain_before {
            Some(p) => LEVELS[((p / 10.0) * 7.0).round().clamp(0.0, 7.0) as usize],
            None => ' ',
        })
        .collect();
    if s.weeks.iter().all(|w| w.pain_before.is_none()) {
        writeln!(
            out,
            "Pain: no answers yet. Answering the 0-10 question before and after sessions shows the trend here."
        )?;
    } else {
        writeln!(
            out,
            "Pain before sessions, weekly average (0-10): {}",
            line.trim_end()
        )?;
    }
    if let Some(c) = s.change {
        writeln!(out, "Average change within a session: {c:+.1} points.")?;
    }
    writeln!(out, "{}", wrap(MEANING, 80, "", ""))?;
    writeln!(
        out,
        "{}",
        wrap(&verdict(&s.verdict, s.weeks.len()), 80, "", "")
    )
}

/// "What this means": what the studies found. The verdict on the weekly averages follows.
const MEANING: &str = "What this means: in Farrar et al. (Pain 2001), a drop of about 2 \
    points, or about 30%, matched people with chronic pain rating themselves \"much improved\"; \
    IMMPACT (Dworkin 2008) counts 10-20% as minimal, 30% or more as moderate and 50% or more as \
    substantial. Those studies followed people starting at 4/10 or more, over weeks. One \
    session's change says how that day went; only the weekly line shows a trend.";

/// The verdict in words; `weeks` is the length of the window.
fn verdict(v: &Verdict, weeks: usize) -> String {
    const ANYWAY: &str = " Most back pain eases with time anyway, so this shows how your back is \
                          doing, not what made the difference.";
    let went = |from: &Judged, to: &Judged| {
        format!(
            "Your weekly average went from {} (week of {}) to {} (week of {})",
            one(from.pain),
            from.week.format("%b %-d"),
            one(to.pain),
            to.week.format("%b %-d")
        )
    };
    match v {
        Verdict::TooFewAnswers {
            weeks_with_two,
            needed,
        } => {
            let window = if weeks == 1 {
                "this week".to_owned()
            } else {
                format!("the last {weeks} weeks")
            };
            let have = match weeks_with_two {
                0 => "no such week".to_owned(),
                1 => "1 such week".to_owned(),
                n => format!("{n} such weeks"),
            };
            let mut text = format!(
                "Not enough yet to judge a trend: that takes {needed} weeks with at least \
                 {MIN_ANSWERS} pain answers each (the answer before a session), and {window} \
                 had {have}."
            );
            if weeks < usize::try_from(*needed).unwrap_or(usize::MAX) {
                text.push_str(" Look at more weeks with `--weeks`.");
            }
            text
        }
        Verdict::Rose { from, to, .. } => format!(
            "{}, higher than when you started: check the red flags (`backcoach strategies`), \
             and consider seeing a clinician.",
            went(from, to)
        ),
        Verdict::Flat { from, to } => format!(
            "{}: no lower than when you started. Pain that is no better after a few weeks is \
             worth seeing a clinician about (see the red flags: `backcoach strategies`).",
            went(from, to)
        ),
        Verdict::LowStart { from, to, points } => format!(
            "{}: down {}. It started below 4/10, where those studies don't apply, so these \
             numbers come with no verdict on their size.{ANYWAY}",
            went(from, to),
            points_word(*points)
        ),
        Verdict::Dropped {
            from,
            to,
            points,
            percent,
            band,
            matters,
        } => {
            let farrar = if *matters {
                "a change that matters by Farrar's measure"
            } else {
                "short of what matters by Farrar's measure"
            };
            let band = match band {
                Band::BelowMinimal => "below minimal",
                Band::Minimal => "minimal",
                Band::AboveMinimal => "past minimal, short of moderate",
                Band::Moderate => "moderate",
                Band::Substantial => "substantial",
            };
            format!(
                "{}: down {} ({percent}%), {farrar}; by IMMPACT's bands, {band}.{ANYWAY}",
                went(from, to),
                points_word(*points)
            )
        }
    }
}

/// "1.0 point", "2.5 points".
fn points_word(points: f64) -> String {
    if one(points) == "1.0" {
        "1.0 point".to_owned()
    } else {
        format!("{} points", one(points))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn judged(day: u32, pain: f64) -> Judged {
        Judged {
            week: NaiveDate::from_ymd_opt(2026, 11, day).expect("a date"),
            pain,
            answers: 2,
        }
    }

    #[test]
    fn only_a_drop_that_matters_is_called_one_and_nothing_is_fixed() {
        let (from, to) = (judged(2, 6.0), judged(16, 5.0));
        let cases = [
            (
                Verdict::Flat {
                    from,
                    to: judged(16, 6.0),
                },
                "Your weekly average went from 6.0 (week of Nov 2) to 6.0 (week of Nov 16): no \
                 lower than when you started.",
            ),
            (
                Verdict::Dropped {
                    from,
                    to,
                    points: 1.0,
                    percent: 17,
                    band: Band::Minimal,
                    matters: false,
                },
                "down 1.0 point (17%), short of what matters by Farrar's measure; by IMMPACT's \
                 bands, minimal. Most back pain eases with time anyway",
            ),
            (
                Verdict::TooFewAnswers {
                    weeks_with_two: 2,
                    needed: 3,
                },
                "and the last 4 weeks had 2 such weeks.",
            ),
        ];
        for (v, words) in cases {
            let text = verdict(&v, 4);
            assert!(text.contains(words), "{words:?} in {text}");
            assert!(!text.contains("a change that matters"), "{text}");
            assert!(!text.contains("fixed"), "{text}");
        }
    }
}
