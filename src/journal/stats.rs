//! What the log says over time: streaks, sessions and minutes by week, minutes by strategy,
//! and pain before sessions week by week, with a verdict on their trend ([`verdict`]). Pure:
//! a fold over records already read (and checked) by the reader, with "today" given.
//! Days are the local days the sessions were started on, as recorded (each record keeps its
//! own UTC offset), so a daylight-saving change never splits or merges a day.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Duration, NaiveDate, Weekday};
use serde::Serialize;

use crate::journal::reader::Logged;
use crate::session::Status;

pub mod verdict;

pub use verdict::{Verdict, judge};

/// A stopped session shorter than this (in active seconds) does not count towards a streak
/// or in the change within a session: stopped that soon, it was hardly a session, and its
/// before and after are moments apart. (It is still a session recorded: it counts in the
/// sessions, the minutes and the calendar, and its pain before in its week.)
pub const SHORT_STOP_SECONDS: f64 = 60.0;

/// One week of the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    /// Its first day.
    pub start: NaiveDate,
    pub sessions: u32,
    pub minutes: f64,
    /// Average pain before sessions, of those that said.
    pub pain_before: Option<f64>,
    /// How many sessions said their pain before (what `pain_before` is the average of).
    pub pain_answers: u32,
    /// Average change within a session (after - before), of those that said both, leaving
    /// out stopped sessions under a minute.
    pub change: Option<f64>,
}

/// One day of the window, for the calendar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Day {
    pub date: NaiveDate,
    pub sessions: u32,
    pub minutes: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub until: NaiveDate,
    pub week_start: String,
    /// Days in a row with a session that counts (not stopped under a minute), ending today
    /// (or yesterday, if today has none yet).
    pub current_streak: u32,
    pub longest_streak: u32,
    pub total_sessions: u64,
    pub total_minutes: f64,
    /// Oldest first; the last is this week.
    pub weeks: Vec<Week>,
    /// Every day of the window, oldest first.
    pub days: Vec<Day>,
    /// Minutes by strategy within the window, most first.
    pub minutes_by_strategy: Vec<StrategyMinutes>,
    /// Average change within a session over the window, leaving out stopped sessions under
    /// a minute.
    pub change: Option<f64>,
    /// What the weekly pain averages say ([`judge`]).
    pub verdict: Verdict,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrategyMinutes {
    pub strategy: String,
    pub minutes: f64,
}

/// Running sums of a mean.
#[derive(Debug, Clone, Copy, Default)]
struct Mean {
    sum: f64,
    n: u32,
}

impl Mean {
    fn add(&mut self, x: f64) {
        self.sum += x;
        self.n = self.n.saturating_add(1);
    }

    fn get(self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / f64::from(self.n))
    }
}

/// One day's sums: its sessions and minutes, and whether one of them counts towards a
/// streak.
#[derive(Debug, Clone, Copy, Default)]
struct DaySums {
    sessions: u32,
    minutes: f64,
    streak: bool,
}

#[derive(Debug, Clone, Default)]
struct WeekSums {
    sessions: u32,
    minutes: f64,
    pain: Mean,
    change: Mean,
}

/// The first day of the week `date` is in (the calendar's first day, if that week began
/// before it).
pub fn week_of(date: NaiveDate, week_start: Weekday) -> NaiveDate {
    let back = (7 + date.weekday().num_days_from_monday() - week_start.num_days_from_monday()) % 7;
    date.checked_sub_days(Days::new(u64::from(back)))
        .unwrap_or(NaiveDate::MIN)
}

/// Folds `records` into statistics for the `weeks` weeks up to and including `until`.
pub fn compute<'a>(
    records: impl IntoIterator<Item = Logged<'a>>,
    until: NaiveDate,
    weeks: usize,
    week_start: Weekday,
) -> Stats {
    let mut acc = Accumulator::new(until, weeks, week_start);
    for r in records {
        acc.add(&r);
    }
    acc.finish()
}

/// The running sums, fed one record at a time, so that a long log is never held whole.
#[derive(Debug, Clone)]
pub struct Accumulator {
    until: NaiveDate,
    week_start: Weekday,
    first: NaiveDate,
    days: BTreeMap<NaiveDate, DaySums>,
    weeks: Vec<WeekSums>,
    by_strategy: BTreeMap<String, f64>,
    change: Mean,
    total_sessions: u64,
    total_minutes: f64,
}

impl Accumulator {
    pub fn new(until: NaiveDate, weeks: usize, week_start: Weekday) -> Accumulator {
        // No more weeks than the calendar holds up to `until`: a window that would start
        // before its first day starts there.
        let this_week = week_of(until, week_start);
        let held = (this_week - NaiveDate::MIN).num_days() / 7 + 1;
        let weeks = weeks.clamp(1, usize::try_from(held).unwrap_or(usize::MAX));
        let first = u64::try_from(weeks - 1)
            .ok()
            .and_then(|w| this_week.checked_sub_days(Days::new(w.saturating_mul(7))))
            .unwrap_or(NaiveDate::MIN);
        Accumulator {
            until,
            week_start,
            first,
            days: BTreeMap::new(),
            weeks: vec![WeekSums::default(); weeks],
            by_strategy: BTreeMap::new(),
            change: Mean::default(),
            total_sessions: 0,
            total_minutes: 0.0,
        }
    }

    /// Adds one record. One without a start time can't be placed, and is not counted.
    pub fn add(&mut self, r: &Logged<'_>) {
        let Some(started) = r.started_at else { return };
        let date = started.date_naive();
        if date > self.until {
            return;
        }
        let minutes = r.active_seconds.unwrap_or(0.0) / 60.0;
        self.total_sessions += 1;
        self.total_minutes += minutes;
        let counts = counts(r.status, r.active_seconds);
        let day = self.days.entry(date).or_default();
        day.sessions += 1;
        day.minutes += minutes;
        day.streak |= counts;
        if date < self.first {
            return;
        }
        let w = &mut self.weeks
            [((week_of(date, self.week_start) - self.first).num_days() / 7) as usize];
        w.sessions += 1;
        w.minutes += minutes;
        if let Some(before) = r.pain_before {
            w.pain.add(f64::from(before));
            if let Some(after) = r.pain_after
                && counts
            {
                let d = f64::from(after) - f64::from(before);
                w.change.add(d);
                self.change.add(d);
            }
        }
        for step in &r.steps {
            let Some(strategy) = step.strategy.as_deref().filter(|s| !s.is_empty()) else {
                continue;
            };
            let minutes = step.seconds.unwrap_or(0.0) / 60.0;
            match self.by_strategy.get_mut(strategy) {
                Some(m) => *m += minutes,
                None => {
                    self.by_strategy.insert(strategy.to_owned(), minutes);
                }
            }
        }
    }

    /// Adds what another accumulator (over other records, same window) has summed.
    pub fn merge(&mut self, other: Accumulator) {
        for (date, o) in other.days {
            let day = self.days.entry(date).or_default();
            day.sessions += o.sessions;
            day.minutes += o.minutes;
            day.streak |= o.streak;
        }
        for (w, o) in self.weeks.iter_mut().zip(other.weeks) {
            w.sessions += o.sessions;
            w.minutes += o.minutes;
            w.pain.sum += o.pain.sum;
            w.pain.n = w.pain.n.saturating_add(o.pain.n);
            w.change.sum += o.change.sum;
            w.change.n = w.change.n.saturating_add(o.change.n);
        }
        for (s, m) in other.by_strategy {
            *self.by_strategy.entry(s).or_default() += m;
        }
        self.change.sum += other.change.sum;
        self.change.n = self.change.n.saturating_add(other.change.n);
        self.total_sessions += other.total_sessions;
        self.total_minutes += other.total_minutes;
    }

    pub fn finish(self) -> Stats {
        let first = self.first;
        let (current_streak, longest_streak) = streaks(
            self.days
                .iter()
                .filter(|(_, day)| day.streak)
                .map(|(date, _)| *date),
            self.until,
        );
        let weeks: Vec<Week> = self
            .weeks
            .into_iter()
            .enumerate()
            .map(|(i, s)| Week {
                start: first + Duration::weeks(i as i64),
                sessions: s.sessions,
                minutes: s.minutes,
                pain_before: s.pain.get(),
                pain_answers: s.pain.n,
                change: s.change.get(),
            })
            .collect();
        let days = (0..(self.until - first).num_days() + 1)
            .map(|i| {
                let date = first + Duration::days(i);
                let sums = self.days.get(&date).copied().unwrap_or_default();
                Day {
                    date,
                    sessions: sums.sessions,
                    minutes: sums.minutes,
                }
            })
            .collect();
        let mut by_strategy: Vec<StrategyMinutes> = self
            .by_strategy
            .into_iter()
            .map(|(strategy, minutes)| StrategyMinutes { strategy, minutes })
            .collect();
        by_strategy.sort_by(|a, b| {
            b.minutes
                .total_cmp(&a.minutes)
                .then_with(|| a.strategy.cmp(&b.strategy))
        });
        let verdict = judge(&weeks);
        Stats {
            until: self.until,
            week_start: day_name(self.week_start).to_owned(),
            current_streak,
            longest_streak,
            total_sessions: self.total_sessions,
            total_minutes: self.total_minutes,
            weeks,
            days,
            minutes_by_strategy: by_strategy,
            change: self.change.get(),
            verdict,
        }
    }
}

/// Whether a session counts towards a streak and in the change within a session: not when
/// it was stopped under a minute in (or stopped with no time recorded).
fn counts(status: Option<Status>, active_seconds: Option<f64>) -> bool {
    status != Some(Status::Stopped) || active_seconds.is_some_and(|s| s >= SHORT_STOP_SECONDS)
}

fn day_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

/// (current, longest) runs of consecutive days among sorted `days`. The current run ends
/// on `until`, or the day before when `until` has no session yet.
fn streaks(days: impl Iterator<Item = NaiveDate>, until: NaiveDate) -> (u32, u32) {
    let mut longest = 0;
    let mut run = 0;
    let mut last: Option<NaiveDate> = None;
    for d in days {
        run = match last {
            Some(prev) if d - prev == Duration::days(1) => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        last = Some(d);
    }
    let current = match last {
        Some(d) if d == until || Some(d) == until.pred_opt() => run,
        _ => 0,
    };
    (current, longest)
}

#[cfg(test)]
mod tests;
