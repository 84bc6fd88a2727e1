//! Streaks, weeks across a daylight-saving change and a year boundary, and pain averages.

use chrono::DateTime;

use super::*;
use crate::journal::reader::LoggedStep;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// A session started at `at` (RFC 3339), `minutes` long.
fn rec(at: &str, minutes: f64, pain: Option<(u8, Option<u8>)>) -> Logged<'static> {
    Logged {
        started_at: Some(DateTime::parse_from_rfc3339(at).expect("time")),
        active_seconds: Some(minutes * 60.0),
        pain_before: pain.map(|p| p.0),
        pain_after: pain.and_then(|p| p.1),
        steps: vec![LoggedStep {
            strategy: Some("heat".into()),
            seconds: Some(minutes * 60.0),
            ..LoggedStep::default()
        }],
        ..Logged::default()
    }
}

#[test]
fn streaks_count_days_in_a_row() {
    let days = [
        "2026-11-01",
        "2026-11-02",
        "2026-11-03",
        "2026-11-05",
        "2026-11-06",
    ];
    let recs: Vec<Logged> = days
        .iter()
        .map(|day| rec(&format!("{day}T19:00:00+01:00"), 10.0, None))
        .collect();
    // Today has a session: the run ending today.
    let s = compute(recs.clone(), d("2026-11-06"), 4, Weekday::Mon);
    assert_eq!((s.current_streak, s.longest_streak), (2, 3));
    // Today has none yet, yesterday did: the streak is still alive.
    let s = compute(recs.clone(), d("2026-11-07"), 4, Weekday::Mon);
    assert_eq!(s.current_streak, 2);
    // Two days without: broken.
    let s = compute(recs.clone(), d("2026-11-08"), 4, Weekday::Mon);
    assert_eq!((s.current_streak, s.longest_streak), (0, 3));
    // Two sessions on one day are one day.
    let mut twice = recs;
    twice.push(rec("2026-11-06T08:00:00+01:00", 5.0, None));
    assert_eq!(
        compute(twice, d("2026-11-06"), 4, Weekday::Mon).current_streak,
        2
    );
}

#[test]
fn a_late_session_counts_on_its_own_local_day() {
    // 23:30 at +01:00 is 22:30 UTC the same day; 00:30 at +01:00 is the day after locally,
    // although it is still the day before in UTC.
    let recs = vec![
        rec("2026-11-02T23:30:00+01:00", 10.0, None),
        rec("2026-11-04T00:30:00+01:00", 10.0, None),
    ];
    let s = compute(recs, d("2026-11-04"), 1, Weekday::Mon);
    let active: Vec<NaiveDate> = s
        .days
        .iter()
        .filter(|day| day.sessions > 0)
        .map(|day| day.date)
        .collect();
    assert_eq!(active, [d("2026-11-02"), d("2026-11-04")]);
}

#[test]
fn weeks_across_a_daylight_saving_change() {
    // Europe's clocks went back on Sunday 2026-10-25: the same evening routine at 19:00
    // local is +02:00 before and +01:00 after. Each stays on its own local day.
    let recs = vec![
        rec("2026-10-24T19:00:00+02:00", 20.0, None), // Saturday
        rec("2026-10-25T19:00:00+01:00", 20.0, None), // Sunday, the day of the change
        rec("2026-10-26T19:00:00+01:00", 20.0, None), // Monday: a new week
    ];
    let s = compute(recs, d("2026-10-26"), 2, Weekday::Mon);
    assert_eq!(s.weeks[0].start, d("2026-10-19"));
    assert_eq!((s.weeks[0].sessions, s.weeks[1].sessions), (2, 1));
    assert_eq!(
        s.current_streak, 3,
        "the change neither splits nor merges a day"
    );
    // Weeks starting on Sunday put the change day with the Monday.
    let recs = vec![
        rec("2026-10-24T19:00:00+02:00", 20.0, None),
        rec("2026-10-25T19:00:00+01:00", 20.0, None),
    ];
    let s = compute(recs, d("2026-10-26"), 2, Weekday::Sun);
    assert_eq!(s.weeks[1].start, d("2026-10-25"));
    assert_eq!((s.weeks[0].sessions, s.weeks[1].sessions), (1, 1));
}

#[test]
fn a_week_across_the_new_year_is_one_week() {
    let recs = vec![
        rec("2025-12-30T19:00:00+01:00", 10.0, None),
        rec("2026-01-02T19:00:00+01:00", 15.0, None),
    ];
    let s = compute(recs, d("2026-01-02"), 1, Weekday::Mon);
    assert_eq!(s.weeks.len(), 1);
    assert_eq!(s.weeks[0].start, d("2025-12-29"));
    assert_eq!(s.weeks[0].sessions, 2);
    assert!((s.weeks[0].minutes - 25.0).abs() < 1e-9);
    assert_eq!(week_of(d("2026-01-01"), Weekday::Mon), d("2025-12-29"));
    assert_eq!(week_of(d("2026-01-01"), Weekday::Sun), d("2025-12-28"));
}

#[test]
fn pain_averages_by_week_and_the_change_within_sessions() {
    let recs = vec![
        rec("2026-11-02T19:00:00+01:00", 10.0, Some((7, Some(5)))),
        rec("2026-11-03T19:00:00+01:00", 10.0, Some((6, None))),
        rec("2026-11-04T19:00:00+01:00", 10.0, None),
        rec("2026-11-10T19:00:00+01:00", 10.0, Some((4, Some(3)))),
    ];
    let s = compute(recs, d("2026-11-10"), 3, Weekday::Mon);
    let pains: Vec<Option<f64>> = s.weeks.iter().map(|w| w.pain_before).collect();
    assert_eq!(
        pains,
        [None, Some(6.5), Some(4.0)],
        "unanswered sessions don't count"
    );
    let changes: Vec<Option<f64>> = s.weeks.iter().map(|w| w.change).collect();
    assert_eq!(changes, [None, Some(-2.0), Some(-1.0)]);
    assert_eq!(s.change, Some(-1.5));
}

#[test]
fn a_session_stopped_under_a_minute_is_left_out_of_the_change() {
    let stopped = |seconds: Option<f64>| Logged {
        status: Some(Status::Stopped),
        active_seconds: seconds,
        ..rec("2026-11-10T19:00:00+01:00", 0.0, Some((6, Some(2))))
    };
    let completed = Logged {
        status: Some(Status::Completed),
        ..rec("2026-11-10T20:00:00+01:00", 0.5, Some((5, Some(4))))
    };
    let recs = vec![stopped(Some(30.0)), stopped(None), completed.clone()];
    let s = compute(recs, d("2026-11-10"), 1, Weekday::Mon);
    assert_eq!(s.change, Some(-1.0), "a short completed session counts");
    assert_eq!(s.weeks[0].change, Some(-1.0));
    assert_eq!(
        (s.weeks[0].pain_before, s.weeks[0].pain_answers),
        (Some(17.0 / 3.0), 3),
        "the answers before still count in the week"
    );
    let s = compute(
        vec![stopped(Some(60.0)), completed],
        d("2026-11-10"),
        1,
        Weekday::Mon,
    );
    assert_eq!(s.change, Some(-2.5), "a minute or more counts");
}

/// Issue 12: a session stopped a few seconds in kept a streak alive. A day counts towards
/// a streak only with a session that was not stopped under a minute; the short one is
/// still a session on the calendar and in the totals.
#[test]
fn a_session_stopped_under_a_minute_does_not_keep_a_streak() {
    let on = |day: &str, status: Status, seconds: Option<f64>| Logged {
        status: Some(status),
        active_seconds: seconds,
        ..rec(&format!("{day}T19:00:00+01:00"), 0.0, None)
    };
    let recs = vec![
        on("2026-11-07", Status::Completed, Some(600.0)),
        on("2026-11-08", Status::Completed, Some(20.0)),
        on("2026-11-09", Status::Stopped, Some(30.0)),
        on("2026-11-09", Status::Stopped, None),
        on("2026-11-10", Status::Stopped, Some(60.0)),
    ];
    let s = compute(recs.clone(), d("2026-11-10"), 1, Weekday::Mon);
    assert_eq!(
        (s.current_streak, s.longest_streak),
        (1, 2),
        "the 9th has only short stops: the 7th and 8th, then the 10th (a minute counts)"
    );
    let ninth = s.days.iter().find(|day| day.date == d("2026-11-09"));
    assert_eq!(
        ninth.map(|day| day.sessions),
        Some(2),
        "still on the calendar"
    );
    assert_eq!(s.total_sessions, 5);
    // Today's only session a short stop: the streak is yesterday's, as with none today.
    let short_today = vec![
        on("2026-11-09", Status::Completed, Some(600.0)),
        on("2026-11-10", Status::Stopped, Some(5.0)),
    ];
    let s = compute(short_today.clone(), d("2026-11-10"), 1, Weekday::Mon);
    assert_eq!(s.current_streak, 1);
    // Summed in pieces, as `stats` reads a long log, the same: the 8th counts in the first
    // piece, and a short stop on the 8th in the second does not undo it.
    let mut first = Accumulator::new(d("2026-11-10"), 1, Weekday::Mon);
    let mut second = Accumulator::new(d("2026-11-10"), 1, Weekday::Mon);
    for r in &recs[..2] {
        first.add(r);
    }
    for r in &recs[2..] {
        second.add(r);
    }
    second.add(&on("2026-11-08", Status::Stopped, Some(10.0)));
    first.merge(second);
    let merged = first.finish();
    assert_eq!((merged.current_streak, merged.longest_streak), (1, 2));
    // A completed session of a few seconds is a session done: it counts.
    let s = compute(
        vec![
            on("2026-11-09", Status::Completed, Some(600.0)),
            on("2026-11-10", Status::Completed, Some(5.0)),
        ],
        d("2026-11-10"),
        1,
        Weekday::Mon,
    );
    assert_eq!(s.current_streak, 2);
}

#[test]
fn the_window_and_the_totals() {
    let recs = vec![
        rec("2026-01-05T19:00:00+01:00", 30.0, None), // long before the window
        rec("2026-11-09T19:00:00+01:00", 20.0, None),
        rec("2026-12-01T19:00:00+01:00", 20.0, None), // after `until`: not counted
    ];
    let s = compute(recs, d("2026-11-10"), 2, Weekday::Mon);
    assert_eq!(s.total_sessions, 2);
    assert!((s.total_minutes - 50.0).abs() < 1e-9);
    assert_eq!(s.weeks.iter().map(|w| w.sessions).sum::<u32>(), 1);
    assert_eq!(
        s.minutes_by_strategy,
        [StrategyMinutes {
            strategy: "heat".to_owned(),
            minutes: 20.0
        }],
        "by strategy within the window"
    );
    assert_eq!(s.days.len(), 9, "from the window's first Monday to today");
    assert_eq!(s.days.first().map(|day| day.date), Some(d("2026-11-02")));
}

/// Lines as the reader gives them to the fold.
fn read<'a>(lines: &[&'a str]) -> Vec<Logged<'a>> {
    lines
        .iter()
        .map(|line| Logged::parse(line).expect("a record"))
        .collect()
}

#[test]
fn lines_of_every_shape_fold_through_the_one_reader() {
    // These once went through a lean reader of their own in `stats`; now the one reader
    // reads them for the fold, and the fold sees only checked values.
    let lines = [
        r#"{"version":1,"started_at":"2026-11-09T23:30:00.000+01:00","active_seconds":600.0,"pain_before":6,"pain_after":4,"steps":[{"strategy":"heat","seconds":300.0},{"strategy":"stretching","seconds":300.0}],"note":"a \"quoted\" note"}"#,
        r#"{"version":1,"started_at":"2026-11-10T08:00:00.000+01:00","active_seconds":60.0,"pain_before":null,"steps":[]}"#,
        // Stopped within a minute: its change is left out.
        r#"{"version":1,"started_at":"2026-11-10T08:30:00.000+01:00","status":"stopped","active_seconds":30.0,"pain_before":6,"pain_after":2,"steps":[]}"#,
        // A newer format with a pain that is not a number: the pain is left out.
        r#"{"version":3,"started_at":"2026-11-10T09:00:00+01:00","active_seconds":120,"pain_before":"high","steps":[{"strategy":"qigong","seconds":120}]}"#,
    ];
    let s = compute(read(&lines), d("2026-11-10"), 2, Weekday::Mon);
    assert_eq!(s.total_sessions, 4);
    assert!((s.total_minutes - 13.5).abs() < 1e-9, "{}", s.total_minutes);
    assert_eq!(
        (s.weeks[0].pain_before, s.weeks[1].pain_before),
        (None, Some(6.0))
    );
    assert_eq!(
        s.weeks[1].pain_answers, 2,
        "not the pain that was not a number"
    );
    assert_eq!(s.change, Some(-2.0), "the stop within a minute is left out");
    let strategies: Vec<(&str, f64)> = s
        .minutes_by_strategy
        .iter()
        .map(|m| (m.strategy.as_str(), m.minutes))
        .collect();
    assert_eq!(
        strategies,
        [("heat", 5.0), ("stretching", 5.0), ("qigong", 2.0)]
    );
    assert!(Logged::parse("{ torn").is_err());
    assert!(Logged::parse("[1, 2]").is_err());
}

#[test]
fn merged_halves_equal_the_whole() {
    let recs: Vec<Logged> = (1..=20)
        .map(|i| {
            rec(
                &format!("2026-11-{i:02}T19:00:00+01:00"),
                f64::from(i),
                Some((7, Some(5))),
            )
        })
        .collect();
    let whole = compute(recs.clone(), d("2026-11-20"), 3, Weekday::Mon);
    let mut a = Accumulator::new(d("2026-11-20"), 3, Weekday::Mon);
    let mut b = Accumulator::new(d("2026-11-20"), 3, Weekday::Mon);
    for (i, r) in recs.iter().enumerate() {
        if i % 3 == 0 { a.add(r) } else { b.add(r) }
    }
    a.merge(b);
    assert_eq!(a.finish(), whole);
}

#[test]
fn a_pain_over_10_in_a_hand_edited_line_is_no_answer() {
    // Found by the adversarial review: 255 and 11 made a weekly average of 133. The reader
    // now leaves them out before the fold.
    let mut acc = Accumulator::new(d("2026-11-08"), 2, Weekday::Mon);
    let line = |before: u32, after: u32| {
        format!(
            r#"{{"started_at":"2026-11-05T19:00:00+01:00","status":"completed","active_seconds":600,"pain_before":{before},"pain_after":{after},"steps":[]}}"#
        )
    };
    acc.add(&Logged::parse(&line(4, 3)).expect("read"));
    acc.add(&Logged::parse(&line(255, 11)).expect("read"));
    let s = acc.finish();
    let week = s.weeks.last().expect("a week");
    assert_eq!(week.pain_before, Some(4.0));
    assert_eq!(s.change, Some(-1.0));
}

/// Issue 10: `stats --until=-262143-01-07 --weeks 104` panicked: the window reached back
/// past the calendar's first day. The command line now takes years 1970 to 9999; here, the
/// window saturates at the first day instead of panicking.
#[test]
fn a_window_before_the_calendar_starts_saturates() {
    let near = |days: u64| NaiveDate::MIN.checked_add_days(chrono::Days::new(days));
    for until in [Some(NaiveDate::MIN), near(3), near(10), near(700)] {
        let Some(until) = until else { continue };
        for weeks in [1, 104, usize::MAX] {
            let s = compute(Vec::new(), until, weeks, Weekday::Mon);
            assert!(
                !s.weeks.is_empty() && s.weeks.len() <= weeks,
                "{until} {weeks}"
            );
            assert_eq!(s.days.last().map(|d| d.date), Some(until));
        }
    }
    let s = compute(Vec::new(), d("1970-01-07"), 104, Weekday::Mon);
    assert_eq!(s.weeks.len(), 104);
}
