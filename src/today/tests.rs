//! `today`'s choice on small hand-made logs, at a fixed time, with the built-in routines.

use chrono::NaiveDateTime;

use super::*;
use crate::routine::library::Library;

fn routines() -> Vec<Routine> {
    let library = Library::load(None).expect("the built-in catalogue");
    library.built_ins().into_iter().map(|f| f.routine).collect()
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("a time")
}

/// A record as `start` writes it: `routine` started at `start` (local, +01:00), its steps
/// one per strategy, and its pain answers.
fn rec(
    start: &str,
    routine: &str,
    strategies: &[&str],
    before: Option<u8>,
    after: Option<u8>,
) -> String {
    let steps: Vec<serde_json::Value> = strategies
        .iter()
        .map(|s| {
            serde_json::json!({"exercise": null, "name": s, "strategy": s, "outcome": "done",
                               "seconds": 60.0})
        })
        .collect();
    let started = format!("{}:00.000+01:00", start.replace(' ', "T"));
    serde_json::json!({
        "version": 1, "id": start, "routine": routine, "title": routine,
        "started_at": started, "ended_at": started, "status": "completed",
        "planned_seconds": 600, "active_seconds": 600.0, "steps": steps,
        "pain_before": before, "pain_after": after, "note": null,
    })
    .to_string()
}

const EVENING: &[&str] = &["heat", "stretching", "self-massage", "mind-body"];
const CORE: &[&str] = &["stretching", "strengthening"];
const DESK: &[&str] = &["posture", "mind-body"];
const MORNING: &[&str] = &["posture", "stretching", "strengthening"];

/// The suggestion for the records `lines` at `now`, with `minutes`: (routine name, reason,
/// the whole suggestion's facts as a check).
fn pick(lines: &[String], now: &str, minutes: Option<u32>) -> (String, Reason, Fixed) {
    let parsed: Vec<Logged<'_>> = lines
        .iter()
        .map(|l| Logged::parse(l).expect("a record"))
        .collect();
    let routines = routines();
    let log = Log {
        recent: &parsed,
        older: false,
        now: at(now),
    };
    let s = suggest(
        log,
        &routines,
        &PlanOptions::default(),
        minutes.map(f64::from),
    )
    .expect("a suggestion");
    let facts = Fixed {
        part: s.part,
        done_today: s.done_today.clone(),
        sessions_week: s.sessions_week,
        neglected: s.neglected.iter().map(|s| s.id()).collect(),
        covers: s.covers.iter().map(|s| s.id()).collect(),
        pains: s.pains.clone(),
        trend: s.trend.clone(),
        fit: s.fit.map(|(m, f)| (m as u32, f)),
        seconds: s.seconds,
    };
    (s.routine.name.clone(), s.reason, facts)
}

/// The facts of a suggestion, owned.
#[derive(Debug, Clone, PartialEq)]
struct Fixed {
    part: Part,
    done_today: Vec<String>,
    sessions_week: u32,
    neglected: Vec<&'static str>,
    covers: Vec<&'static str>,
    pains: Vec<u8>,
    trend: Verdict,
    fit: Option<(u32, Fit)>,
    seconds: u64,
}

/// Evenings of the `evening` routine on each of the `days` before 2026-11-24, pain before
/// as given and 1 lower after.
fn evenings(days: u32, pain: u8) -> Vec<String> {
    (1..=days)
        .rev()
        .map(|back| {
            let day = at("2026-11-24 19:00") - chrono::Duration::days(i64::from(back));
            rec(
                &day.format("%Y-%m-%d %H:%M").to_string(),
                "evening",
                EVENING,
                Some(pain),
                Some(pain - 1),
            )
        })
        .collect()
}

#[test]
fn nothing_logged_in_the_morning_is_a_gentle_start_with_the_morning_routine() {
    let (name, reason, facts) = pick(&[], "2026-11-24 07:30", None);
    assert_eq!(name, "morning");
    assert_eq!(reason, Reason::NothingLogged { ever: false });
    assert_eq!(facts.part, Part::Morning);
    assert!(facts.neglected.is_empty(), "nothing to call neglected yet");
    assert!(facts.pains.is_empty());
}

#[test]
fn nothing_logged_at_midday_is_the_shortest_routine_for_the_day() {
    let (name, reason, _) = pick(&[], "2026-11-24 13:00", None);
    assert_eq!(
        (name.as_str(), reason),
        ("desk-break", Reason::NothingLogged { ever: false })
    );
}

#[test]
fn in_the_evening_the_evening_routine_beats_the_morning_one() {
    // A week that practised all six: only the time of day tells the routines apart.
    let log = vec![
        rec("2026-11-20 08:00", "morning", MORNING, Some(4), Some(3)),
        rec("2026-11-21 13:00", "desk-break", DESK, None, None),
        rec("2026-11-22 19:00", "evening", EVENING, Some(4), Some(3)),
        rec("2026-11-23 08:00", "morning", MORNING, Some(4), Some(3)),
    ];
    let (evening, reason, facts) = pick(&log, "2026-11-24 19:30", None);
    assert_eq!((evening.as_str(), reason), ("evening", Reason::BestMatch));
    assert_eq!(facts.part, Part::Evening);
    assert!(facts.neglected.is_empty());
    // The same log, the next morning: the morning routine.
    let (morning, _, _) = pick(&log, "2026-11-24 07:00", None);
    assert_eq!(morning, "morning");
}

#[test]
fn a_strategy_neglected_all_week_wins_over_the_time_of_day() {
    // Every evening for a week: strengthening and posture never came up.
    let log = evenings(7, 4);
    let (name, _, facts) = pick(&log, "2026-11-24 19:30", None);
    assert_eq!(facts.neglected, ["posture", "strengthening"]);
    assert_eq!(name, "core", "{facts:?}");
    assert_eq!(facts.covers, ["strengthening"]);
    assert_eq!(
        facts.sessions_week, 6,
        "the 7 days are today and the 6 before"
    );
}

#[test]
fn a_routine_done_today_is_not_suggested_again() {
    let log = vec![
        rec("2026-11-23 08:00", "core", CORE, None, None),
        rec("2026-11-23 12:00", "desk-break", DESK, None, None),
        rec("2026-11-24 19:00", "evening", EVENING, Some(3), Some(2)),
    ];
    let (name, _, facts) = pick(&log, "2026-11-24 21:00", None);
    assert_eq!(facts.done_today, ["evening"]);
    assert_ne!(name, "evening");
    // Every strategy was practised this week; heat, stretching and mind-body today: the
    // shortest routine that repeats the least of today's.
    assert_eq!(name, "core", "{facts:?}");
}

#[test]
fn a_session_yesterday_that_left_pain_2_points_higher_suggests_flare() {
    let log = vec![
        rec("2026-11-22 19:00", "evening", EVENING, Some(3), Some(3)),
        rec("2026-11-23 18:00", "core", CORE, Some(3), Some(5)),
    ];
    let (name, reason, _) = pick(&log, "2026-11-24 09:00", None);
    assert_eq!(name, "flare");
    assert_eq!(
        reason,
        Reason::BadSession(Bad {
            routine: "core".into(),
            started_at: at("2026-11-23 18:00"),
            before: Some(3),
            after: Some(5),
        })
    );
}

#[test]
fn pain_of_8_before_this_morning_suggests_flare() {
    let log = vec![rec("2026-11-24 07:00", "morning", MORNING, Some(8), None)];
    let (name, reason, _) = pick(&log, "2026-11-24 12:00", None);
    assert_eq!(name, "flare");
    assert!(matches!(
        reason,
        Reason::BadSession(Bad {
            before: Some(8),
            ..
        })
    ));
}

#[test]
fn a_good_session_after_the_bad_one_or_a_bad_one_two_days_ago_is_no_flare() {
    let bad = rec("2026-11-23 18:00", "core", CORE, Some(3), Some(6));
    let good = rec("2026-11-24 08:00", "morning", MORNING, Some(3), Some(3));
    // A nudge after it, with no pain answers, does not hide the bad one.
    let nudge = rec("2026-11-24 10:00", "nudge", &["posture"], None, None);
    let (name, _, _) = pick(&[bad.clone(), nudge.clone()], "2026-11-24 12:00", None);
    assert_eq!(name, "flare");
    let (name, reason, _) = pick(&[bad.clone(), good, nudge], "2026-11-24 12:00", None);
    assert_eq!((name.as_str(), reason), ("desk-break", Reason::BestMatch));
    // Two days later it is past.
    let (name, _, _) = pick(&[bad], "2026-11-25 19:00", None);
    assert_ne!(name, "flare");
}

#[test]
fn minutes_pick_the_closest_fit_below() {
    let log = evenings(3, 4);
    let (name, _, facts) = pick(&log, "2026-11-24 19:30", Some(15));
    assert!(facts.seconds <= 15 * 60, "{facts:?}");
    assert_eq!(name, "core", "strengthening was not practised: {facts:?}");
    let (name, _, facts) = pick(&log, "2026-11-24 19:30", Some(8));
    assert!(facts.seconds <= 8 * 60, "{name} {facts:?}");
    assert_eq!(name, "core");
    assert_eq!(facts.fit, Some((8, Fit::Fits)));
    // Core is longer than 4 minutes: it is shortened to fit (`start --minutes`), and its
    // length is the fitted one.
    let (name, _, facts) = pick(&log, "2026-11-24 19:30", Some(4));
    assert!(facts.seconds <= 4 * 60, "{name} {facts:?}");
    assert_eq!(
        (name.as_str(), facts.fit),
        ("core", Some((4, Fit::Shortened)))
    );
}

#[test]
fn when_nothing_fits_the_shortest_is_said() {
    // Only routines that can't be made shorter than 2 minutes.
    let routines: Vec<Routine> = routines()
        .into_iter()
        .filter(|r| crate::fit::fit(r, &PlanOptions::default(), 120).is_err())
        .collect();
    // Flare is kept for bad days.
    let shortest = routines
        .iter()
        .filter(|r| r.name != "flare")
        .min_by_key(|r| r.extent(&PlanOptions::default()).seconds)
        .expect("a routine that can't be made 2 minutes long")
        .name
        .clone();
    for log in [vec![], evenings(2, 4)] {
        let parsed: Vec<Logged<'_>> = log
            .iter()
            .map(|l| Logged::parse(l).expect("a record"))
            .collect();
        let log = Log {
            recent: &parsed,
            older: false,
            now: at("2026-11-24 19:30"),
        };
        let s = suggest(log, &routines, &PlanOptions::default(), Some(2.0)).expect("one");
        assert_eq!(s.routine.name, shortest);
        assert_eq!(s.fit, Some((2.0, Fit::NothingFits)));
    }
    // After a bad session, flare: shortened to fit 5 minutes (its heat goes first, the
    // walks stay), and even when it is longer than the time there is.
    let log = vec![rec("2026-11-24 08:00", "core", CORE, Some(8), Some(8))];
    let (name, _, facts) = pick(&log, "2026-11-24 12:00", Some(5));
    assert_eq!(
        (name.as_str(), facts.fit),
        ("flare", Some((5, Fit::Shortened)))
    );
    let parsed: Vec<Logged<'_>> = log
        .iter()
        .map(|l| Logged::parse(l).expect("a record"))
        .collect();
    let log = Log {
        recent: &parsed,
        older: false,
        now: at("2026-11-24 12:00"),
    };
    let all = super::tests::routines();
    let s = suggest(log, &all, &PlanOptions::default(), Some(0.2)).expect("one");
    assert_eq!(
        (s.routine.name.as_str(), s.fit),
        ("flare", Some((0.2, Fit::Longer)))
    );
}

#[test]
fn the_last_pain_answers_are_given_and_one_week_is_no_trend() {
    let log = evenings(6, 5);
    let (_, _, facts) = pick(&log, "2026-11-24 19:30", None);
    assert_eq!(facts.pains, [5, 5, 5, 5, 5]);
    assert!(
        matches!(
            facts.trend,
            Verdict::TooFewAnswers {
                weeks_with_two: 1,
                ..
            }
        ),
        "{:?}",
        facts.trend
    );
}

#[test]
fn a_rise_over_four_weeks_is_a_trend() {
    // Four weeks: pain 4, 4, 5, 6 before sessions, two sessions a week.
    let mut log = Vec::new();
    for (week, pain) in [(0, 4), (1, 4), (2, 5), (3, 6)] {
        for day in [1, 4] {
            let t = at("2026-10-28 19:00") + chrono::Duration::days(week * 7 + day);
            let start = t.format("%Y-%m-%d %H:%M").to_string();
            log.push(rec(&start, "evening", EVENING, Some(pain), Some(pain)));
        }
    }
    let (_, _, facts) = pick(&log, "2026-11-24 19:30", None);
    assert!(
        matches!(facts.trend, Verdict::Rose { points, .. } if points == 2.0),
        "{:?}",
        facts.trend
    );
}

#[test]
fn sessions_after_now_and_before_the_four_weeks_are_left_out() {
    let log = vec![
        rec("2026-10-01 19:00", "core", CORE, Some(9), Some(9)),
        rec("2026-11-24 20:00", "core", CORE, Some(9), Some(9)),
    ];
    let (name, reason, facts) = pick(&log, "2026-11-24 19:30", None);
    assert_eq!(reason, Reason::NothingLogged { ever: false });
    assert_eq!(name, "evening");
    assert_eq!(facts.sessions_week, 0);
}

#[test]
fn fits_in_is_the_planned_length_against_the_limit() {
    let routines = routines();
    let desk = routines
        .iter()
        .find(|r| r.name == "desk-break")
        .expect("desk-break");
    let opts = PlanOptions::default();
    let secs = desk.extent(&opts).seconds;
    assert_eq!(fit_in(desk, &opts, secs), Some(secs));
    // A minute less: shortened by `fit`, to no more than the time there is.
    let fitted = fit_in(desk, &opts, secs - 60).expect("desk-break shortened");
    assert!(fitted <= secs - 60, "{fitted}");
    // Less than its shortest: it does not fit.
    let shortest = crate::fit::fit(desk, &opts, 0)
        .expect_err("nothing is 0 s")
        .shortest;
    assert_eq!(fit_in(desk, &opts, shortest - 1), None);
    assert_eq!(fit_in(desk, &opts, shortest), Some(shortest));
}

#[test]
fn parts_of_the_day() {
    let part = |h, m| Part::of(NaiveTime::from_hms_opt(h, m, 0).expect("a time"));
    assert_eq!(part(4, 59), Part::Evening);
    assert_eq!(part(5, 0), Part::Morning);
    assert_eq!(part(10, 59), Part::Morning);
    assert_eq!(part(11, 0), Part::Day);
    assert_eq!(part(17, 0), Part::Evening);
    assert_eq!(part(23, 30), Part::Evening);
}

/// The physio's review: after a week of mornings, 06:30 picked `evening` (child's pose and
/// knee to chest, which the first hour after rising should not hold: Snook 1998), as three
/// strategies not practised outweighed the wrong time of day. First thing, only routines
/// made for the morning or any time are suggested.
#[test]
fn first_thing_only_routines_made_for_the_morning_or_any_time() {
    let mornings: Vec<String> = (1..=7)
        .map(|back| {
            let day = at("2026-11-25 07:00") - chrono::Duration::days(back);
            rec(
                &day.format("%Y-%m-%d %H:%M").to_string(),
                "morning",
                MORNING,
                Some(3),
                Some(3),
            )
        })
        .collect();
    let routines = routines();
    for now in ["2026-11-25 05:30", "2026-11-25 06:30", "2026-11-25 10:30"] {
        let (name, _, _) = pick(&mornings, now, None);
        let r = routines.iter().find(|r| r.name == name).expect("a routine");
        assert!(
            matches!(r.when, When::Morning | When::Any),
            "{now}: {name} is made for {:?}",
            r.when
        );
    }
}

/// The physio's review: at 02:30 with nothing logged, a heating pad routine was suggested:
/// someone might fall asleep on it. Late at night nothing with heat is, not even flare after
/// a bad session (the gentlest routine without heat or core work instead, and why).
#[test]
fn late_at_night_nothing_with_heat() {
    let heat = |name: &str| {
        routines()
            .iter()
            .find(|r| r.name == name)
            .is_some_and(|r| r.steps.iter().any(|e| e.strategy == Strategy::Heat))
    };
    for now in ["2026-11-25 02:30", "2026-11-24 23:30"] {
        let (name, _, _) = pick(&[], now, None);
        assert!(!heat(&name), "{now}: {name}");
        let (name, _, _) = pick(&evenings(3, 4), now, None);
        assert!(!heat(&name), "{now}: {name}");
    }
    let bad = vec![rec("2026-11-24 21:00", "core", CORE, Some(4), Some(7))];
    let (name, reason, _) = pick(&bad, "2026-11-24 23:30", None);
    assert!(!heat(&name), "{name}");
    assert_ne!(name, "core", "no core work on a bad day");
    assert!(matches!(reason, Reason::BadSession(_)), "{reason:?}");
    // In the evening, flare as before.
    let (name, _, _) = pick(&bad, "2026-11-24 22:00", None);
    assert_eq!(name, "flare");
}
