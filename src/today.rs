//! What to do now (`backcoach today`): one routine, chosen from the last weeks of the log,
//! the routines, the plan settings and the time, with the facts behind the choice. Pure: the
//! records come already read (`journal::reader`), "now" is given, and `output::today` puts
//! the facts into words. Decided here, in this order:
//!
//! 1. nothing logged: a gentle start, the shortest routine for this time of day;
//! 2. a bad recent session (the latest with a pain answer, since yesterday, had pain of 8 or
//!    more, or pain after 2 or more points above before): the `flare` routine;
//! 3. otherwise the routine with the best score, one number: +3 when it is made for this
//!    part of the day (+1 for any time, -4 for another), +3 for each strategy it has that
//!    was not practised in the last 7 days, -2 for each it has that was practised today,
//!    -6 when it was done today, and with `--minutes` up to +4 the closer it comes to them
//!    from below (a routine that does not fit is not a candidate). A tie goes to the
//!    shorter routine, or with `--minutes` the longer.
//!
//! The pain answers are given as they are; their trend is judged only by the rules `stats`
//! uses ([`crate::journal::stats::verdict`]): weeks with 2 answers or more, 3 such weeks.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::Serialize;

use crate::journal::reader::Logged;
use crate::journal::stats::Verdict;
use crate::plan::PlanOptions;
use crate::routine::guide::{FLARE_AT, FLARE_ROUTINE, worse_by};
use crate::routine::strategy::Strategy;
use crate::routine::{Routine, When};

/// Days of the log `today` reads back, today included: four weeks, enough for the pain
/// trend's three weeks with two answers each.
pub const DAYS: u64 = 28;
/// Days counted as "this week": today and the six before it.
pub const WEEK_DAYS: u64 = 7;
/// The most records `today` keeps of its [`DAYS`]: many more than anyone does.
pub const MOST_RECORDS: usize = 2000;
/// How many of the last pain answers are given.
pub const LAST_PAINS: usize = 5;

/// The first day `today` reads at `now`.
pub fn first_day(now: NaiveDateTime) -> NaiveDate {
    now.date()
        .checked_sub_days(Days::new(DAYS - 1))
        .unwrap_or(NaiveDate::MIN)
}

/// The part of the day it is, as a routine's `when` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    /// 05:00 to 10:59.
    Morning,
    /// 11:00 to 16:59.
    Day,
    /// 17:00 to 04:59: the evening, and the night after it.
    Evening,
}

/// 23:00 to 04:59: too late for heat, which someone might fall asleep on.
pub fn is_night(time: NaiveTime) -> bool {
    time.hour() >= 23 || time.hour() < 5
}

impl Part {
    pub fn of(time: NaiveTime) -> Part {
        match time.hour() {
            5..=10 => Part::Morning,
            11..=16 => Part::Day,
            _ => Part::Evening,
        }
    }

    pub fn id(self) -> &'static str {
        self.when().id()
    }

    pub fn when(self) -> When {
        match self {
            Part::Morning => When::Morning,
            Part::Day => When::Day,
            Part::Evening => When::Evening,
        }
    }
}

/// Why this routine.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Nothing in the log in the last [`DAYS`] days; `ever` when there is an older record.
    NothingLogged { ever: bool },
    /// The latest session with a pain answer, since yesterday, was a bad one.
    BadSession(Bad),
    /// The best score (see the module).
    BestMatch,
}

/// A bad recent session: what it was, when, and its pain answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Bad {
    pub routine: String,
    pub started_at: NaiveDateTime,
    pub before: Option<u8>,
    pub after: Option<u8>,
}

/// How the suggestion fits the minutes there are (`--minutes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fit {
    /// It fits.
    Fits,
    /// It fits once shortened (`start --minutes`): fewer sets, shorter holds, steps left out.
    Shortened,
    /// Nothing fits: this is the shortest routine there is.
    NothingFits,
    /// The flare routine after a bad session, longer than the time there is.
    Longer,
}

/// The suggestion, and the facts behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion<'r> {
    pub routine: &'r Routine,
    /// The time it is for.
    pub now: NaiveDateTime,
    /// Its planned length with the settings given (an estimate when `estimate`).
    pub seconds: u64,
    pub estimate: bool,
    pub reason: Reason,
    pub part: Part,
    /// The routines done today, the earliest first (as logged, repeats kept).
    pub done_today: Vec<String>,
    /// Sessions in the last [`WEEK_DAYS`] days, today included.
    pub sessions_week: u32,
    /// Strategies not practised in the last [`WEEK_DAYS`] days (none said when nothing is
    /// logged).
    pub neglected: Vec<Strategy>,
    /// Those of `neglected` the suggested routine has.
    pub covers: Vec<Strategy>,
    /// The last pain answers before a session, the earliest first (at most [`LAST_PAINS`]).
    pub pains: Vec<u8>,
    /// The trend of pain before sessions over the last four weeks, by `stats`' rules.
    pub trend: Verdict,
    /// With `--minutes`: the minutes, and how the suggestion fits them.
    pub fit: Option<(f64, Fit)>,
    /// It is the built-in routine where the user's of that name can't be used: started
    /// with `--built-in`. Set by the caller, which knows where the routines came from.
    pub built_in: bool,
}

/// What `today` is given: the records of the last [`DAYS`] days (any order), whether the log
/// holds anything older, and the time.
#[derive(Debug, Clone, Copy)]
pub struct Log<'l, 'a> {
    pub recent: &'l [Logged<'a>],
    pub older: bool,
    pub now: NaiveDateTime,
}

/// The length `routine` would run at in `limit` seconds, if it fits in them as it is or
/// shortened by `fit` (`start --minutes`): the one place that decides "fits in M minutes".
pub fn fit_in(routine: &Routine, opts: &PlanOptions, limit: u64) -> Option<u64> {
    let seconds = routine.extent(opts).seconds;
    if seconds <= limit {
        return Some(seconds);
    }
    crate::fit::fit(routine, opts, limit)
        .ok()
        .map(|f| f.routine.extent(opts).seconds)
}

/// The suggestion for `log` among `routines` (none when there are no routines).
pub fn suggest<'r>(
    log: Log<'_, '_>,
    routines: &'r [Routine],
    opts: &PlanOptions,
    minutes: Option<f64>,
) -> Option<Suggestion<'r>> {
    let now = log.now;
    let today = now.date();
    let week_from = today
        .checked_sub_days(Days::new(WEEK_DAYS - 1))
        .unwrap_or(NaiveDate::MIN);
    // Only what had started by now (`--at` may be in the past of the log), oldest first.
    let mut records: Vec<(NaiveDateTime, &Logged<'_>)> = log
        .recent
        .iter()
        .filter_map(|r| Some((r.started_at?.naive_local(), r)))
        .filter(|(t, _)| *t <= now && t.date() >= first_day(now))
        .collect();
    records.sort_by_key(|(t, _)| *t);
    let strategies_of = |r: &Logged<'_>| -> Vec<Strategy> {
        r.steps
            .iter()
            .filter_map(|s| Strategy::from_id(s.strategy.as_deref()?))
            .collect()
    };
    let done_today: Vec<String> = records
        .iter()
        .filter(|(t, _)| t.date() == today)
        .map(|(_, r)| r.routine.to_string())
        .collect();
    let today_strategies: Vec<Strategy> = records
        .iter()
        .filter(|(t, _)| t.date() == today)
        .flat_map(|(_, r)| strategies_of(r))
        .collect();
    let week: Vec<&Logged<'_>> = records
        .iter()
        .filter(|(t, _)| t.date() >= week_from)
        .map(|(_, r)| *r)
        .collect();
    let practised: Vec<Strategy> = week.iter().flat_map(|r| strategies_of(r)).collect();
    let neglected: Vec<Strategy> = if records.is_empty() {
        Vec::new()
    } else {
        Strategy::ALL
            .into_iter()
            .filter(|s| !practised.contains(s))
            .collect()
    };
    let pains: Vec<u8> = {
        let mut last: Vec<u8> = records
            .iter()
            .rev()
            .filter_map(|(_, r)| r.pain_before)
            .take(LAST_PAINS)
            .collect();
        last.reverse();
        last
    };
    let limit = minutes.map(crate::fit::seconds_in);
    // `flare` is kept for bad days (unless it is all there is).
    let mut usual: Vec<&Routine> = routines
        .iter()
        .filter(|r| r.name != FLARE_ROUTINE)
        .collect();
    if usual.is_empty() {
        usual = routines.iter().collect();
    }
    let part = Part::of(now.time());
    // Safety before preference (the physio's review): first thing, only routines made for
    // the morning or any time (the others hold forward bends, which the first hour after
    // rising should not: Snook 1998); late at night, nothing with heat (never fall asleep on
    // it). Each only when something is left.
    let night = is_night(now.time());
    let safe = |r: &&Routine| {
        let first_thing = part == Part::Morning && !matches!(r.when, When::Morning | When::Any);
        let late_heat = night && r.steps.iter().any(|e| e.strategy == Strategy::Heat);
        !first_thing && !late_heat
    };
    if usual.iter().any(safe) {
        usual.retain(safe);
    }

    let (routine, reason) = if records.is_empty() {
        let pick = gentle_start(&usual, part, opts, limit)?;
        (pick, Reason::NothingLogged { ever: log.older })
    } else if let Some(bad) = bad_session(&records, today)
        && let Some(flare) = routines.iter().find(|r| r.name == FLARE_ROUTINE)
    {
        // Late at night flare's heat is no good: the gentlest routine with no heat and no
        // strengthening (no core work on a bad day: NICE NG59) instead.
        let gentle = |r: &&&Routine| {
            r.steps
                .iter()
                .all(|e| !matches!(e.strategy, Strategy::Heat | Strategy::Strengthening))
        };
        let tonight = night
            .then(|| shortest(usual.iter().filter(gentle).copied(), opts))
            .flatten();
        (tonight.unwrap_or(flare), Reason::BadSession(bad))
    } else {
        let seen = Seen {
            part,
            neglected: &neglected,
            today: &today_strategies,
            done_today: &done_today,
        };
        let scored = |r: &&Routine| {
            let secs = r.extent(opts).seconds;
            let score = seen.score(r);
            match limit {
                // A routine that must be shortened to fit is worth no more than it scores:
                // it loses sets, holds or steps. One that fits whole is worth up to 4 more
                // the closer it comes to the minutes, and wins a tie.
                Some(limit) if secs > limit => (score, 0),
                Some(limit) => {
                    let closeness = secs.saturating_mul(4) / limit.max(1);
                    (score + i64::try_from(closeness).unwrap_or(0), secs)
                }
                // Without, the shorter wins a tie.
                None => (score, u64::MAX - secs),
            }
        };
        let pick = best(&usual, opts, limit, scored)?;
        (pick, Reason::BestMatch)
    };

    let mut seconds = routine.extent(opts).seconds;
    let fit = minutes.zip(limit).map(|(m, limit)| {
        let how = match (&reason, fit_in(routine, opts, limit)) {
            (_, Some(_)) if seconds <= limit => Fit::Fits,
            (_, Some(fitted)) => {
                seconds = fitted;
                Fit::Shortened
            }
            (Reason::BadSession(_), None) => Fit::Longer,
            (_, None) => Fit::NothingFits,
        };
        (m, how)
    });
    let covers = routine
        .strategies()
        .into_iter()
        .filter(|s| neglected.contains(s))
        .collect();
    Some(Suggestion {
        routine,
        now,
        seconds,
        estimate: routine.is_estimate(),
        reason,
        part,
        done_today,
        sessions_week: u32::try_from(week.len()).unwrap_or(u32::MAX),
        neglected,
        covers,
        pains,
        trend: trend(&records, today),
        fit,
        built_in: false,
    })
}

/// What the score of a routine looks at: the part of the day, and what the log shows.
struct Seen<'s> {
    part: Part,
    neglected: &'s [Strategy],
    /// The strategies practised today.
    today: &'s [Strategy],
    done_today: &'s [String],
}

impl Seen<'_> {
    /// +3 made for this part of the day (+1 for any time, -4 for another), +3 for each
    /// strategy not practised this week, -2 for each practised today, -6 if done today.
    fn score(&self, r: &Routine) -> i64 {
        let has = r.strategies();
        let time = match r.when {
            w if w == self.part.when() => 3,
            When::Any => 1,
            _ => -4,
        };
        let new = 3 * count(has.iter().filter(|s| self.neglected.contains(s)));
        let again = 2 * count(has.iter().filter(|s| self.today.contains(s)));
        let repeat = if self.done_today.contains(&r.name) {
            6
        } else {
            0
        };
        time + new - again - repeat
    }
}

fn count<T>(items: impl Iterator<Item = T>) -> i64 {
    i64::try_from(items.count()).unwrap_or(i64::MAX)
}

/// The routine with the highest `score` among those that fit `limit` (on a tie, the first,
/// as `routines` are sorted by name); with none that fits, the shortest there is.
fn best<'r, K: Ord>(
    routines: &[&'r Routine],
    opts: &PlanOptions,
    limit: Option<u64>,
    score: impl Fn(&&'r Routine) -> K,
) -> Option<&'r Routine> {
    let fitting: Vec<&'r Routine> = routines
        .iter()
        .copied()
        .filter(|r| limit.is_none_or(|limit| fit_in(r, opts, limit).is_some()))
        .collect();
    if fitting.is_empty() {
        return shortest(routines.iter().copied(), opts);
    }
    let mut best: Option<(&'r Routine, K)> = None;
    for r in fitting {
        let k = score(&r);
        if best.as_ref().is_none_or(|(_, b)| k > *b) {
            best = Some((r, k));
        }
    }
    best.map(|(r, _)| r)
}

fn shortest<'r>(
    routines: impl Iterator<Item = &'r Routine>,
    opts: &PlanOptions,
) -> Option<&'r Routine> {
    routines.min_by_key(|r| r.extent(opts).seconds)
}

/// A first session: the shortest routine made for this part of the day that fits the time
/// there is; with none, the shortest for any time; then the shortest of all.
fn gentle_start<'r>(
    routines: &[&'r Routine],
    part: Part,
    opts: &PlanOptions,
    limit: Option<u64>,
) -> Option<&'r Routine> {
    // A routine that fits whole comes before one shortened to fit, whenever it is made for.
    let whole = |r: &&&'r Routine| limit.is_none_or(|limit| r.extent(opts).seconds <= limit);
    let shortened = |r: &&&'r Routine| limit.is_none_or(|limit| fit_in(r, opts, limit).is_some());
    let fits: [&dyn Fn(&&&'r Routine) -> bool; 2] = [&whole, &shortened];
    fits.into_iter()
        .flat_map(|fits| [Some(part.when()), Some(When::Any), None].map(|when| (fits, when)))
        .find_map(|(fits, when)| {
            let made_for = routines
                .iter()
                .filter(|r| when.is_none_or(|w| r.when == w))
                .filter(|r| fits(r))
                .copied();
            shortest(made_for, opts)
        })
        .or_else(|| shortest(routines.iter().copied(), opts))
}

/// The latest session since the start of yesterday with a pain answer, if it was bad: pain
/// of [`FLARE_AT`] or more, before or after, or pain after [`WORSE_BY`](crate::routine::guide::WORSE_BY)
/// or more points above before.
fn bad_session(records: &[(NaiveDateTime, &Logged<'_>)], today: NaiveDate) -> Option<Bad> {
    let yesterday = today.checked_sub_days(Days::new(1)).unwrap_or(today);
    let (t, r) = records
        .iter()
        .rev()
        .take_while(|(t, _)| t.date() >= yesterday)
        .find(|(_, r)| r.pain_before.is_some() || r.pain_after.is_some())?;
    let high = r
        .pain_before
        .max(r.pain_after)
        .is_some_and(|p| p >= FLARE_AT);
    let worse = worse_by(r.pain_before, r.pain_after).is_some();
    (high || worse).then(|| Bad {
        routine: r.routine.to_string(),
        started_at: *t,
        before: r.pain_before,
        after: r.pain_after,
    })
}

/// Pain before sessions over the four weeks of seven days ending today, judged as `stats`
/// judges its weeks.
fn trend(records: &[(NaiveDateTime, &Logged<'_>)], today: NaiveDate) -> Verdict {
    // `stats`' own weeks and judgement, over weeks that end today (a week starting the day
    // after today's weekday), so `today` and `stats` never judge the same answers apart.
    let weeks = usize::try_from(DAYS / WEEK_DAYS).unwrap_or(1);
    let week_start = today.succ_opt().unwrap_or(today).weekday();
    crate::journal::stats::compute(
        records.iter().map(|(_, r)| (*r).clone()),
        today,
        weeks,
        week_start,
    )
    .verdict
}

#[cfg(test)]
mod tests;
