//! Each exercise's level, derived from the log (issue 14), never stored beside it: the log
//! stays the one source of truth, so a deleted or edited log gives a consistent answer.
//! The rules are pure: they read sessions already taken from the log ([`History`]) and
//! "now". [`History::read`] is the one edge here: it reads the end of the log file.
//!
//! A record says the level each step ran at, so the latest session with the exercise and
//! the last [`WINDOW_DAYS`] are all the rules need; [`History::read`] reads the log from its
//! end back to [`AWAY_DAYS`] ago and no further, so a ten-year log costs what two months do.

use std::io;
use std::path::Path;

use chrono::{DateTime, Duration, FixedOffset};

use crate::journal::reader::{self, Logged};
use crate::routine::Routine;
use crate::session::{Outcome, Rating};

/// Sessions at one level within this many days that move it up.
pub const WINDOW_DAYS: i64 = 14;
/// How many comfortable sessions at a level, on as many different days within
/// [`WINDOW_DAYS`], move it up: "add 1-2 every few days as long as you feel comfortable"
/// (NHS inform), so three sessions in one evening are one day's.
pub const UP_AFTER: usize = 3;
/// Pain before a session this soon after the last one (the next morning, say) that is
/// [`PAIN_RISE`] or more above pain after the last one counts as pain that rose after it:
/// "worse the next morning" (CONTENT.md, Progression).
pub const NEXT_DAY_HOURS: i64 = 24;
/// A rise in pain (after, against before) of this many points or more moves a level down.
pub const PAIN_RISE: u8 = 2;
/// How far back the log is read. An exercise not done for this long starts again at
/// level 1: strength and ease fade after weeks away, and the beginner's dose is the safe
/// start (NHS inform).
pub const AWAY_DAYS: i64 = 60;
/// The most records looked at, however many the last [`AWAY_DAYS`] hold (three sessions a
/// day for 60 days is 180): a bound on the time, whatever the log.
pub const RECORDS_READ: usize = 2_000;
/// The most of the log's end read, in bytes, however it is filled (a record is about a
/// kilobyte: [`RECORDS_READ`] of the longest fit; a damaged end is not read past this).
pub const TAIL_BYTES: u64 = 8 << 20;

/// What one session said about one exercise, as the rules need it.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    pub at: DateTime<FixedOffset>,
    /// The level it ran at (1 in records from before levels).
    pub level: u32,
    /// Every part of it was done.
    pub done: bool,
    /// Some of it was done (done, or stopped part-way).
    pub reached: bool,
    pub rating: Option<Rating>,
    /// Pain after the session was [`PAIN_RISE`] or more above pain before, or pain before
    /// the next session within [`NEXT_DAY_HOURS`] was that much above pain after it.
    pub pain_rose: bool,
    /// The person said how it went: a rating, or pain before and after. A session with
    /// neither can't show it was comfortable.
    pub answered: bool,
}

impl Seen {
    /// A session that moves the level down: the exercise was reached and pain rose, or it
    /// hurt.
    pub fn bad(&self) -> bool {
        self.reached && (self.pain_rose || self.rating == Some(Rating::Hurt))
    }

    /// A session that counts toward moving up: done whole, pain did not rise, rated easy,
    /// about right or not at all, and answered (a rating, or pain before and after).
    fn good(&self) -> bool {
        self.done && self.answered && !self.bad() && self.rating != Some(Rating::Hard)
    }
}

/// The recent sessions run by the coach, newest first, each as the exercises it reached or
/// skipped. Sessions added by hand (`log add`) say nothing of levels and are left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    sessions: Vec<Session>,
}

#[derive(Debug, Clone, PartialEq)]
struct Session {
    at: DateTime<FixedOffset>,
    pain_rose: bool,
    /// Pain before and after were both answered.
    pained: bool,
    pain_before: Option<u8>,
    pain_after: Option<u8>,
    steps: Vec<(String, Seen)>,
}

impl History {
    /// The sessions of `records` that the rules can use: run by the coach, started by
    /// `now`, and no more than [`AWAY_DAYS`] before it.
    pub fn from_records<'a>(
        records: impl IntoIterator<Item = Logged<'a>>,
        now: DateTime<FixedOffset>,
    ) -> History {
        // A line copied twice (a sync tool, a merge) is one session, not two toward a level.
        let mut ids = std::collections::HashSet::new();
        let mut sessions: Vec<Session> = records
            .into_iter()
            .filter(|r| r.id.is_empty() || ids.insert(r.id.to_string()))
            .filter_map(|r| Session::of(&r, now))
            .collect();
        sessions.sort_by_key(|s| std::cmp::Reverse(s.at));
        // Worse the next morning: pain before the next session, within a day, 2 or more
        // above pain after this one.
        for i in 1..sessions.len() {
            let (next, this) = (&sessions[i - 1], &sessions[i]);
            let soon = next.at.signed_duration_since(this.at) <= Duration::hours(NEXT_DAY_HOURS);
            let worse = match (this.pain_after, next.pain_before) {
                (Some(after), Some(before)) => before >= after.saturating_add(PAIN_RISE),
                _ => false,
            };
            if soon && worse {
                let this = &mut sessions[i];
                this.pain_rose = true;
                for (_, seen) in &mut this.steps {
                    seen.pain_rose = true;
                }
            }
        }
        History { sessions }
    }

    /// The log at `path` read from its end back to the first record (run by the coach)
    /// that started more than [`AWAY_DAYS`] before `now`, and at most [`RECORDS_READ`]
    /// records in its last [`TAIL_BYTES`]; damaged lines are passed over. Records are appended as sessions end, so the file's end is the latest; one
    /// added by hand for a day long ago neither counts nor stops the reading.
    pub fn read(path: &Path, now: DateTime<FixedOffset>) -> io::Result<History> {
        let since = horizon(now);
        let mut kept = Vec::new();
        let mut looked = 0;
        reader::scan_back_within(path, TAIL_BYTES, |_, record| {
            looked += 1;
            let before = !record.manual && record.started_at.is_some_and(|t| t < since);
            if !before {
                kept.push(record.into_owned());
            }
            !before && looked < RECORDS_READ
        })?;
        Ok(History::from_records(kept, now))
    }

    /// The sessions with `exercise`, newest first.
    fn seen(&self, exercise: &str) -> Vec<Seen> {
        self.sessions
            .iter()
            .filter_map(|s| s.seen(exercise))
            .collect()
    }
}

/// The earliest start the rules look at.
fn horizon(now: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    now.checked_sub_signed(Duration::days(AWAY_DAYS))
        .unwrap_or(now)
}

impl Session {
    fn of(r: &Logged<'_>, now: DateTime<FixedOffset>) -> Option<Session> {
        let at = r.started_at?;
        if r.manual || at > now || at < horizon(now) {
            return None;
        }
        let pain_rose = match (r.pain_before, r.pain_after) {
            (Some(before), Some(after)) => after >= before.saturating_add(PAIN_RISE),
            _ => false,
        };
        let pained = r.pain_before.is_some() && r.pain_after.is_some();
        let steps = r
            .steps
            .iter()
            .filter_map(|s| {
                let id = s.exercise.as_deref()?;
                Some((
                    id.to_owned(),
                    Seen {
                        at,
                        level: s.level.unwrap_or(1),
                        done: s.outcome == Some(Outcome::Done),
                        reached: matches!(s.outcome, Some(Outcome::Done | Outcome::Partial)),
                        rating: s.rating,
                        pain_rose,
                        answered: pained || s.rating.is_some(),
                    },
                ))
            })
            .collect();
        Some(Session {
            at,
            pain_rose,
            pained,
            pain_before: r.pain_before,
            pain_after: r.pain_after,
            steps,
        })
    }

    /// What this session said of `exercise`, when it had it: its steps of it taken
    /// together (done if any was done, the highest level, the worst rating).
    fn seen(&self, exercise: &str) -> Option<Seen> {
        let mut out: Option<Seen> = None;
        for (_, s) in self.steps.iter().filter(|(id, _)| id == exercise) {
            out = Some(match out {
                None => s.clone(),
                Some(o) => Seen {
                    at: self.at,
                    level: o.level.max(s.level),
                    done: o.done || s.done,
                    reached: o.reached || s.reached,
                    rating: worst(o.rating, s.rating),
                    pain_rose: self.pain_rose,
                    answered: o.answered || s.answered,
                },
            });
        }
        out
    }
}

/// The worse of two ratings: hurt, then hard, then the rest.
fn worst(a: Option<Rating>, b: Option<Rating>) -> Option<Rating> {
    let rank = |r: Option<Rating>| match r {
        Some(Rating::Hurt) => 3,
        Some(Rating::Hard) => 2,
        Some(_) => 1,
        None => 0,
    };
    if rank(b) > rank(a) { b } else { a }
}

/// Why an exercise is at its level today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Not done in the last [`AWAY_DAYS`] (or ever): level 1.
    New,
    /// Pinned, by `start --level` or the config.
    Pinned,
    /// [`UP_AFTER`] comfortable sessions at the level below within [`WINDOW_DAYS`].
    Up,
    /// Pain rose [`PAIN_RISE`] or more after the last session with it.
    PainRose,
    /// The last time, it hurt.
    Hurt,
    /// As last time: `good` comfortable sessions at it so far, within the window.
    Held { good: usize },
}

/// An exercise's level today, and the level it ran at last time (within [`AWAY_DAYS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level {
    pub level: u32,
    pub last: Option<u32>,
    pub why: Why,
}

impl Level {
    /// The level differs from last time's.
    pub fn changed(&self) -> bool {
        self.last.is_some_and(|l| l != self.level)
    }
}

/// The rules: `exercise` (of `top` levels) at `now`, from `history`. Down one level after
/// one session where it was reached and pain rose [`PAIN_RISE`] or more, or it was rated
/// "it hurt" (pain that rose includes pain before the next session, within a day, 2 or more
/// above pain after it); up one after comfortable sessions at this level on [`UP_AFTER`]
/// different days within [`WINDOW_DAYS`], in a row: done whole, pain did not rise, rated
/// easy, about right or not at all, and answered (a rating, or pain before and after: plain
/// mode's sessions with no answers show nothing, and don't count). "Hard" holds the level:
/// the count starts again after it; a session where it was skipped neither counts nor
/// breaks the run. `pin` wins over all of it.
pub fn level(
    history: &History,
    exercise: &str,
    top: u32,
    pin: Option<u32>,
    now: DateTime<FixedOffset>,
) -> Level {
    let top = top.max(1);
    let seen = history.seen(exercise);
    let last = seen.first().map(|s| s.level.clamp(1, top));
    if let Some(p) = pin {
        return Level {
            level: p.clamp(1, top),
            last,
            why: Why::Pinned,
        };
    }
    let (Some(latest), Some(at)) = (seen.first(), last) else {
        return Level {
            level: 1,
            last: None,
            why: Why::New,
        };
    };
    let down = |why| Level {
        level: at.saturating_sub(1).max(1),
        last,
        why,
    };
    if latest.reached && latest.rating == Some(Rating::Hurt) {
        return down(Why::Hurt);
    }
    // Any session at this level since it was reached that went badly: the newest, or one
    // found bad only by the next (worse the next morning, when that was this exercise
    // again; the verifier's review).
    if seen
        .iter()
        .take_while(|s| s.level.clamp(1, top) == at)
        .any(Seen::bad)
    {
        return down(Why::PainRose);
    }
    let window = now
        .checked_sub_signed(Duration::days(WINDOW_DAYS))
        .unwrap_or(now);
    // Comfortable sessions on different days: the days they started on (local time).
    let mut days: Vec<chrono::NaiveDate> = Vec::new();
    for s in seen.iter().take_while(|s| s.at >= window) {
        if s.level.clamp(1, top) != at || s.bad() || s.rating == Some(Rating::Hard) {
            break;
        }
        if s.good() && !days.contains(&s.at.date_naive()) {
            days.push(s.at.date_naive());
        }
    }
    let good = days.len();
    if good >= UP_AFTER && at < top {
        Level {
            level: at + 1,
            last,
            why: Why::Up,
        }
    } else {
        Level {
            level: at,
            last,
            why: Why::Held { good },
        }
    }
}

/// The levels a session asks for: `all` for every exercise (`start --level N`), else an
/// exercise's own (the config's `[levels]`), else none (the rules decide).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pins {
    pub all: Option<u32>,
    pub each: Vec<(String, u32)>,
}

impl Pins {
    pub fn of(&self, exercise: &str) -> Option<u32> {
        self.all.or_else(|| {
            self.each
                .iter()
                .find(|(id, _)| id == exercise)
                .map(|(_, l)| *l)
        })
    }
}

/// A step whose exercise has levels, and the level it runs at.
#[derive(Debug, Clone, PartialEq)]
pub struct Leveled {
    /// Its index in the routine.
    pub step: usize,
    pub level: Level,
    /// How many levels its exercise has.
    pub top: u32,
}

/// `routine` with each step at its exercise's level today, and what was decided for each
/// step that has levels. A routine's step that is the same exercise twice runs at one level.
pub fn apply(
    routine: &Routine,
    history: &History,
    pins: &Pins,
    now: DateTime<FixedOffset>,
) -> (Routine, Vec<Leveled>) {
    let mut out = routine.clone();
    let mut decided = Vec::new();
    for (i, step) in routine.steps.iter().enumerate() {
        let Some(id) = step.id.as_deref() else {
            continue;
        };
        let top = step.level_count();
        if top < 2 {
            continue;
        }
        let level = level(history, id, top, pins.of(id), now);
        out.steps[i] = step.at_level(level.level).clone();
        decided.push(Leveled {
            step: i,
            level,
            top,
        });
    }
    (out, decided)
}

#[cfg(test)]
mod tests;
