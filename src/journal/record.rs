//! One finished session as it is kept: a versioned record, written as one JSON line. Other
//! tools read these, so the format is documented in README.md and only ever grows.

use chrono::{DateTime, Datelike, FixedOffset, SubsecRound};
use serde::{Deserialize, Serialize};

use crate::routine::Routine;
use crate::routine::strategy::Strategy;
use crate::session::{Outcome, Rating, Status, Summary};

/// The version of the record format this program writes.
pub const FORMAT_VERSION: u32 = 1;

/// The longest note kept, in characters.
pub const NOTE_CHARS: usize = 500;

/// The years the log keeps (four-digit years, as RFC 3339 writes them, and none before
/// the clocks of the machines that run this began); the command line takes dates in them.
pub const YEARS: std::ops::RangeInclusive<i32> = 1970..=9999;

/// A time the log can't keep: a clock set before 1970 or past 9999.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the clock says {at}, outside the years {} to {} that the log keeps", YEARS.start(), YEARS.end())]
pub struct TimeError {
    pub at: String,
}

/// `Ok` when `t` is in [`YEARS`] (its own local year, as written).
pub fn in_range(t: DateTime<FixedOffset>) -> Result<(), TimeError> {
    if YEARS.contains(&t.year()) {
        Ok(())
    } else {
        Err(TimeError {
            at: t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        })
    }
}

/// `started_at` plus `elapsed`, a time counted on the monotonic clock: however the wall
/// clock jumps during a session, it never ends before it began. A sum past chrono's range
/// stays at `started_at`, which is then far outside [`YEARS`] and refused.
fn end_of(
    started_at: DateTime<FixedOffset>,
    elapsed: std::time::Duration,
) -> DateTime<FixedOffset> {
    chrono::Duration::from_std(elapsed)
        .ok()
        .and_then(|d| started_at.checked_add_signed(d))
        .unwrap_or(started_at)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub version: u32,
    /// Unique per session: the start time in milliseconds and the process id, in hex.
    pub id: String,
    /// The routine's name (`evening`), and its title at the time.
    pub routine: String,
    pub title: String,
    /// RFC 3339, local time with its UTC offset, to the millisecond.
    #[serde(with = "rfc3339")]
    pub started_at: DateTime<FixedOffset>,
    #[serde(with = "rfc3339")]
    pub ended_at: DateTime<FixedOffset>,
    pub status: Status,
    /// Seconds the routine was planned to take.
    pub planned_seconds: u32,
    /// Seconds from start to end, pauses excluded, to the millisecond.
    pub active_seconds: f64,
    pub steps: Vec<StepRecord>,
    /// 0-10, or null when not answered.
    pub pain_before: Option<u8>,
    pub pain_after: Option<u8>,
    pub note: Option<String>,
    /// Added by hand with `backcoach log add`, not run by the coach.
    #[serde(default)]
    pub manual: bool,
    /// With pain before of 8 or more, what became of the offer of the gentler `flare`
    /// routine; absent when none was made (and in records from before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flare_offer: Option<FlareOffer>,
}

/// What became of the offer of the `flare` routine, made when pain before is 8 or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FlareOffer {
    /// Offered on the full screen, and taken: the session ran the `flare` routine.
    Switched,
    /// Offered on the full screen, and declined: the session ran as planned.
    Declined,
    /// Suggested in plain mode, which reads no keys: the session ran as planned.
    Suggested,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    /// The catalogue id, or null for a step defined inline.
    pub exercise: Option<String>,
    pub name: String,
    pub strategy: Strategy,
    pub outcome: Outcome,
    /// Active seconds on the step itself (not its lead-in or the rest after it).
    pub seconds: f64,
    /// The level of its exercise it ran at: 1 for an exercise with no levels, and in records
    /// from before levels existed.
    #[serde(default = "level_one")]
    pub level: u32,
    /// How it felt, when the person answered the one-key question after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
}

fn level_one() -> u32 {
    1
}

/// What the person said about the session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    pub pain_before: Option<u8>,
    pub pain_after: Option<u8>,
    pub note: Option<String>,
    /// What the person made of the offer of the `flare` routine, if one was made.
    pub flare_offer: Option<FlareOffer>,
    /// How the steps felt, by the step's index in the routine: only those answered.
    pub ratings: std::collections::BTreeMap<usize, Rating>,
}

/// Times as RFC 3339 with a numeric offset (`+01:00`, and `+00:00` rather than `Z`), to the
/// millisecond; any RFC 3339 time is read.
mod rfc3339 {
    use chrono::{DateTime, FixedOffset, SecondsFormat};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::Millis, false))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        let text = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text).map_err(serde::de::Error::custom)
    }
}

/// A session's id: its start in milliseconds and the writing process's id, in hex. Unique
/// unless one process starts two sessions in the same millisecond.
pub fn session_id(started_at: &DateTime<FixedOffset>) -> String {
    format!(
        "{:x}-{:x}",
        started_at.timestamp_millis().max(0),
        std::process::id()
    )
}

fn millis(d: std::time::Duration) -> f64 {
    (d.as_secs_f64() * 1000.0).round() / 1000.0
}

/// A step of a session added by hand, and its share of the session's time.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    /// The catalogue id, or `None` for a strategy done as it came.
    pub exercise: Option<String>,
    pub name: String,
    pub strategy: Strategy,
    /// Its weight against the other steps (their planned seconds, say).
    pub weight: f64,
}

/// A note as kept: trimmed, at most [`NOTE_CHARS`] characters, `None` when empty.
fn kept_note(note: Option<String>) -> Option<String> {
    note.map(|n| n.trim().chars().take(NOTE_CHARS).collect::<String>())
        .filter(|n| !n.is_empty())
}

impl Record {
    /// A session run by the coach (`start`): its steps as they went, and what the person
    /// said. It began at `started_at` on the wall clock and ended `elapsed` later on the
    /// monotonic one, so a wall clock put back mid-session can't end it before it began.
    pub fn new(
        routine: &Routine,
        summary: &Summary,
        started_at: DateTime<FixedOffset>,
        elapsed: std::time::Duration,
        answers: Answers,
    ) -> Record {
        let ended_at = end_of(started_at, elapsed);
        let steps = summary
            .steps
            .iter()
            .filter_map(|r| {
                let ex = routine.steps.get(r.step)?;
                Some(StepRecord {
                    exercise: ex.id.clone(),
                    name: ex.name.clone(),
                    strategy: ex.strategy,
                    outcome: r.outcome,
                    seconds: millis(r.active),
                    level: ex.level,
                    rating: answers.ratings.get(&r.step).copied(),
                })
            })
            .collect();
        Record {
            version: FORMAT_VERSION,
            id: session_id(&started_at),
            routine: routine.name.clone(),
            title: routine.title.clone(),
            started_at: started_at.trunc_subsecs(3),
            ended_at: ended_at.trunc_subsecs(3),
            status: summary.status,
            planned_seconds: u32::try_from(summary.planned.as_secs()).unwrap_or(u32::MAX),
            active_seconds: millis(summary.active),
            steps,
            pain_before: answers.pain_before,
            pain_after: answers.pain_after,
            note: kept_note(answers.note),
            manual: false,
            flare_offer: answers.flare_offer,
        }
    }

    /// An answered posture nudge (`nudge`), logged as `routine`: a completed session of one
    /// posture step, `exercise` (`name`), counted at its catalogue time of `seconds`
    /// whatever the time between `started_at` (the nudge) and `ended_at` (the answer).
    pub fn nudge(
        routine: &str,
        exercise: &str,
        name: &str,
        seconds: u32,
        started_at: DateTime<FixedOffset>,
        ended_at: DateTime<FixedOffset>,
    ) -> Record {
        Record {
            version: FORMAT_VERSION,
            id: session_id(&started_at),
            routine: routine.to_owned(),
            title: "Posture nudge".to_owned(),
            started_at: started_at.trunc_subsecs(3),
            ended_at: ended_at.trunc_subsecs(3),
            status: Status::Completed,
            planned_seconds: seconds,
            active_seconds: f64::from(seconds),
            steps: vec![StepRecord {
                exercise: Some(exercise.to_owned()),
                name: name.to_owned(),
                strategy: Strategy::Posture,
                outcome: Outcome::Done,
                seconds: f64::from(seconds),
                level: 1,
                rating: None,
            }],
            pain_before: None,
            pain_after: None,
            note: None,
            manual: false,
            flare_offer: None,
        }
    }

    /// A session added by hand (`log add`), marked `"manual": true`: completed, active
    /// from `started_at` to `ended_at`, that time shared among `steps` by their weights (all
    /// done).
    pub fn manual(
        routine: &str,
        title: &str,
        steps: &[Share],
        started_at: DateTime<FixedOffset>,
        ended_at: DateTime<FixedOffset>,
        answers: Answers,
    ) -> Record {
        let whole = (ended_at - started_at).max(chrono::Duration::zero());
        let seconds = millis(whole.to_std().unwrap_or_default());
        let weight: f64 = steps.iter().map(|s| s.weight).sum();
        let steps = steps
            .iter()
            .map(|s| StepRecord {
                exercise: s.exercise.clone(),
                name: s.name.clone(),
                strategy: s.strategy,
                outcome: Outcome::Done,
                seconds: if weight > 0.0 {
                    (seconds * s.weight / weight * 1000.0).round() / 1000.0
                } else {
                    0.0
                },
                level: 1,
                rating: None,
            })
            .collect();
        Record {
            version: FORMAT_VERSION,
            id: session_id(&started_at),
            routine: routine.to_owned(),
            title: title.to_owned(),
            started_at: started_at.trunc_subsecs(3),
            ended_at: ended_at.trunc_subsecs(3),
            status: Status::Completed,
            planned_seconds: u32::try_from(whole.num_seconds()).unwrap_or(u32::MAX),
            active_seconds: seconds,
            steps,
            pain_before: answers.pain_before,
            pain_after: answers.pain_after,
            note: kept_note(answers.note),
            manual: true,
            flare_offer: answers.flare_offer,
        }
    }

    /// `Ok` when both its times are in the years the log keeps.
    pub fn check_times(&self) -> Result<(), TimeError> {
        in_range(self.started_at)?;
        in_range(self.ended_at)
    }

    /// The record as one line of JSON, newline included.
    pub fn to_line(&self) -> serde_json::Result<String> {
        let mut line = serde_json::to_string(self)?;
        line.push('\n');
        Ok(line)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use proptest::prelude::{any, prop, prop_assert, prop_assert_eq, proptest};

    use super::*;
    use crate::session::StepResult;

    /// The desk-break routine, and a completed minute of it with no step reached.
    fn a_minute_of_desk_break() -> (crate::routine::Routine, Summary) {
        let lib = crate::routine::library::Library::load(None).expect("catalogue");
        let routine = lib.resolve("desk-break").expect("desk-break").routine;
        let summary = Summary {
            status: Status::Completed,
            planned: Duration::from_secs(60),
            active: Duration::from_secs(60),
            steps: vec![],
            heat_on: None,
        };
        (routine, summary)
    }

    /// The built-in routines, parsed once.
    fn built_ins() -> &'static [crate::routine::Routine] {
        static ROUTINES: std::sync::OnceLock<Vec<crate::routine::Routine>> =
            std::sync::OnceLock::new();
        ROUTINES.get_or_init(|| {
            let lib = crate::routine::library::Library::load(None).expect("catalogue");
            let (found, _) = lib.all().expect("built-ins");
            found.into_iter().map(|f| f.routine).collect()
        })
    }

    proptest! {
        /// Any summary a session can end with (steps in order, each once, any outcome, any
        /// time up to a day), with any answers, makes one line that reads back.
        #[test]
        fn any_summary_makes_a_record_that_reads_back(
            which in 0usize..64,
            stopped in any::<bool>(),
            active_ms in 0u64..86_400_000,
            steps in prop::collection::vec((0usize..3, 0u64..3_600_000), 0..12),
            pain in (prop::option::of(0u8..=10), prop::option::of(0u8..=10)),
            note in prop::option::of("[ -~\\n\\t\"\\\\é❤]{0,40}"),
        ) {
            let routines = built_ins();
            let routine = &routines[which % routines.len()];
            let outcomes = [Outcome::Done, Outcome::Skipped, Outcome::Partial];
            let summary = Summary {
                status: if stopped { Status::Stopped } else { Status::Completed },
                planned: Duration::from_secs(600),
                active: Duration::from_millis(active_ms),
                steps: steps
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i < routine.steps.len())
                    .map(|(i, (o, ms))| StepResult {
                        step: i,
                        outcome: outcomes[*o],
                        active: Duration::from_millis(*ms),
                    })
                    .collect(),
                heat_on: None,
            };
            let started = DateTime::parse_from_rfc3339("2026-11-24T19:00:00+01:00").expect("a time");
            let answers = Answers {
                pain_before: pain.0,
                pain_after: pain.1,
                note,
                flare_offer: None,
                ratings: Default::default(),
            };
            let record = Record::new(routine, &summary, started, Duration::from_millis(active_ms), answers);
            let line = record.to_line().expect("serializes");
            prop_assert!(line.ends_with('\n') && !line.trim_end().contains('\n'), "one line");
            let back: Record = serde_json::from_str(&line).expect("reads back");
            prop_assert_eq!(back.steps.len(), summary.steps.len());
            prop_assert!(back.active_seconds >= 0.0);
            prop_assert!(back.ended_at >= back.started_at);
            prop_assert_eq!(back.pain_before, pain.0);
        }
    }

    #[test]
    fn a_record_is_one_line_with_offsets_and_milliseconds() {
        let lib = crate::routine::library::Library::load(None).expect("catalogue");
        let routine = lib.resolve("desk-break").expect("desk-break").routine;
        let summary = Summary {
            status: Status::Stopped,
            planned: Duration::from_secs(177),
            active: Duration::from_millis(61_234),
            steps: vec![
                StepResult {
                    step: 0,
                    outcome: Outcome::Done,
                    active: Duration::from_secs(45),
                },
                StepResult {
                    step: 1,
                    outcome: Outcome::Partial,
                    active: Duration::from_millis(10_2345),
                },
            ],
            heat_on: None,
        };
        let start = DateTime::parse_from_rfc3339("2026-11-24T19:30:00.123456+01:00").expect("date");
        let elapsed = Duration::from_micros(61_276_544);
        let answers = Answers {
            pain_before: Some(6),
            pain_after: Some(4),
            note: Some("  stiff \n".into()),
            flare_offer: None,
            ratings: Default::default(),
        };
        let line = Record::new(&routine, &summary, start, elapsed, answers)
            .to_line()
            .expect("json");
        assert!(line.ends_with('\n') && line.matches('\n').count() == 1);
        let v: serde_json::Value = serde_json::from_str(&line).expect("parse");
        assert_eq!(v["version"], 1);
        assert_eq!(v["routine"], "desk-break");
        assert_eq!(v["started_at"], "2026-11-24T19:30:00.123+01:00");
        assert_eq!(v["ended_at"], "2026-11-24T19:31:01.400+01:00");
        assert_eq!(v["status"], "stopped");
        assert_eq!(v["planned_seconds"], 177);
        assert_eq!(v["active_seconds"], 61.234);
        assert_eq!(v["steps"][0]["exercise"], "standing-posture");
        assert_eq!(v["steps"][0]["strategy"], "posture");
        assert_eq!(v["steps"][1]["outcome"], "partial");
        assert_eq!(v["steps"][1]["seconds"], 102.345);
        assert_eq!(v["note"], "stiff");
        assert_eq!(v["manual"], false);
        assert_eq!(v["pain_before"], 6);
        assert!(v.get("flare_offer").is_none(), "no offer, no field: {line}");
        let back: Record = serde_json::from_str(&line).expect("round trip");
        assert_eq!(back.pain_after, Some(4));
        // UTC is written as +00:00, never Z.
        let utc = DateTime::parse_from_rfc3339("2026-11-24T18:30:00Z").expect("date");
        let line = Record::new(&routine, &summary, utc, Duration::ZERO, Answers::default())
            .to_line()
            .expect("json");
        assert!(
            line.contains("\"started_at\":\"2026-11-24T18:30:00.000+00:00\""),
            "{line}"
        );
    }

    /// Issue 11: a wall clock put back mid-session made a session end before it began.
    /// The end is the start plus the monotonic time between them, whatever the wall says.
    #[test]
    fn ended_at_is_started_at_plus_the_monotonic_elapsed_time() {
        let (routine, summary) = a_minute_of_desk_break();
        let start = DateTime::parse_from_rfc3339("2026-11-24T19:30:00+01:00").expect("date");
        let r = Record::new(
            &routine,
            &summary,
            start,
            Duration::from_secs(1200),
            Answers::default(),
        );
        assert_eq!(r.ended_at - r.started_at, chrono::Duration::seconds(1200));
        assert!(r.check_times().is_ok());
        // An elapsed time past chrono's range is no panic, and no time the log keeps.
        let far = DateTime::parse_from_rfc3339("9999-12-31T23:59:00+00:00").expect("date");
        let r = Record::new(&routine, &summary, far, Duration::MAX, Answers::default());
        assert_eq!(r.ended_at, r.started_at);
        let r = Record::new(
            &routine,
            &summary,
            far,
            Duration::from_secs(3600),
            Answers::default(),
        );
        assert!(r.check_times().is_err(), "ends in the year 10000");
    }

    #[test]
    fn times_before_1970_or_after_9999_are_out_of_range() {
        for ok in ["1970-01-01T00:00:00+01:00", "9999-12-31T23:59:59-05:00"] {
            let t = DateTime::parse_from_rfc3339(ok).expect("date");
            assert_eq!(in_range(t), Ok(()), "{ok}");
        }
        for bad in ["1969-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00"] {
            let t = DateTime::parse_from_rfc3339(bad).expect("date");
            let err = in_range(t).expect_err(bad);
            assert!(err.to_string().contains("1970 to 9999"), "{err}");
        }
    }

    #[test]
    fn a_session_added_by_hand_shares_its_minutes_by_weight() {
        let at = DateTime::parse_from_rfc3339("2026-11-20T21:00:00.123456+01:00").expect("date");
        let share = |name: &str, strategy, weight| Share {
            exercise: None,
            name: name.to_owned(),
            strategy,
            weight,
        };
        let steps = [
            share("Heat", Strategy::Heat, 3.0),
            share("Walk", Strategy::Posture, 1.0),
        ];
        let answers = Answers {
            pain_before: Some(6),
            note: Some("  lavender ".into()),
            ..Answers::default()
        };
        let end = at + chrono::Duration::minutes(20);
        let r = Record::manual("mine", "Mine", &steps, at, end, answers);
        assert!(r.manual);
        assert_eq!(r.status, Status::Completed);
        assert_eq!((r.planned_seconds, r.active_seconds), (1200, 1200.0));
        assert_eq!((r.ended_at - r.started_at).num_minutes(), 20);
        assert_eq!(r.started_at.to_rfc3339(), "2026-11-20T21:00:00.123+01:00");
        let seconds: Vec<f64> = r.steps.iter().map(|s| s.seconds).collect();
        assert_eq!(seconds, [900.0, 300.0]);
        assert!(r.steps.iter().all(|s| s.outcome == Outcome::Done));
        assert_eq!(r.note.as_deref(), Some("lavender"));
        assert_eq!((r.pain_before, r.pain_after), (Some(6), None));
        let none = Record::manual("mine", "Mine", &[], at, at, Answers::default());
        assert!(none.steps.is_empty());
    }

    #[test]
    fn each_step_says_its_level_and_a_rating_when_one_was_given() {
        let lib = crate::routine::library::Library::load(None).expect("catalogue");
        let mut routine = lib.resolve("core").expect("core").routine;
        // bird-dog (step 3) at level 2, the rest at level 1.
        routine.steps[2] = routine.steps[2].at_level(2).clone();
        let step = |i, outcome| StepResult {
            step: i,
            outcome,
            active: Duration::from_secs(30),
        };
        let summary = Summary {
            status: Status::Completed,
            planned: Duration::from_secs(600),
            active: Duration::from_secs(90),
            steps: vec![
                step(1, Outcome::Done),
                step(2, Outcome::Done),
                step(3, Outcome::Skipped),
            ],
            heat_on: None,
        };
        let answers = Answers {
            ratings: [(2, Rating::Hard)].into_iter().collect(),
            ..Answers::default()
        };
        let at = DateTime::parse_from_rfc3339("2026-11-24T19:30:00+01:00").expect("date");
        let line = Record::new(&routine, &summary, at, Duration::from_secs(90), answers)
            .to_line()
            .expect("json");
        let v: serde_json::Value = serde_json::from_str(&line).expect("parse");
        assert_eq!(v["steps"][0]["level"], 1);
        assert!(
            v["steps"][0].get("rating").is_none(),
            "not asked, not written"
        );
        assert_eq!(v["steps"][1]["exercise"], "bird-dog");
        assert_eq!(v["steps"][1]["level"], 2);
        assert_eq!(v["steps"][1]["rating"], "hard");
        let back: Record = serde_json::from_str(&line).expect("round trip");
        assert_eq!(back.steps[1].rating, Some(Rating::Hard));
        // A step written before levels existed reads as level 1.
        let old = r#"{"exercise":"bird-dog","name":"Bird-dog","strategy":"strengthening","outcome":"done","seconds":80.0}"#;
        let old: StepRecord = serde_json::from_str(old).expect("an old step");
        assert_eq!((old.level, old.rating), (1, None));
    }

    #[test]
    fn the_flare_offer_is_written_when_made_and_old_lines_read_without_it() {
        let (routine, summary) = a_minute_of_desk_break();
        let at = DateTime::parse_from_rfc3339("2026-11-24T19:30:00+01:00").expect("date");
        for (offer, text) in [
            (FlareOffer::Switched, "switched"),
            (FlareOffer::Declined, "declined"),
            (FlareOffer::Suggested, "suggested"),
        ] {
            let answers = Answers {
                pain_before: Some(8),
                flare_offer: Some(offer),
                ..Answers::default()
            };
            let line = Record::new(&routine, &summary, at, Duration::ZERO, answers)
                .to_line()
                .expect("json");
            let v: serde_json::Value = serde_json::from_str(&line).expect("parse");
            assert_eq!(v["flare_offer"], text);
            let back: Record = serde_json::from_str(&line).expect("round trip");
            assert_eq!(back.flare_offer, Some(offer));
        }
        // A line written before the field existed.
        let old = r#"{"version":1,"id":"1","routine":"evening","title":"Evening","started_at":"2026-11-20T19:30:00.000+01:00","ended_at":"2026-11-20T19:50:00.000+01:00","status":"completed","planned_seconds":1200,"active_seconds":1200.0,"steps":[],"pain_before":6,"pain_after":4,"note":null}"#;
        let back: Record = serde_json::from_str(old).expect("an old line");
        assert_eq!(back.flare_offer, None);
        assert!(!back.manual);
    }
}
