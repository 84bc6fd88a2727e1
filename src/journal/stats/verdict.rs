//! Whether the weekly pain averages show a trend, and how much to make of it: the rules of
//! the pain scale (Farrar et al., Pain 2001; IMMPACT, Dworkin 2008) as one pure decision,
//! which `stats` then renders. Deciding here keeps the wording out of the judgement and the
//! judgement testable without a screen.
//!
//! Which weeks are compared: a week counts when it holds at least [`MIN_ANSWERS`] pain
//! answers (the 0-10 answer before a session). A trend is judged only when at least
//! [`MIN_WEEKS`] weeks of the window count (distinct weeks, so they span at least three
//! weeks), and then the first such week is compared with the last. The averages are
//! compared to a tenth, as `stats` shows them, so the verdict always agrees with the numbers
//! on the screen.

use chrono::NaiveDate;
use serde::Serialize;

use super::Week;

/// Pain answers a week needs to count towards a trend.
pub const MIN_ANSWERS: u32 = 2;
/// Weeks with [`MIN_ANSWERS`] or more answers needed before a trend is judged.
pub const MIN_WEEKS: u32 = 3;
/// The starting average, in tenths of a point, from which the 2-point and 30% rules apply:
/// the studies behind them followed people starting at 4/10 or more.
const LOW_START_TENTHS: u32 = 40;
/// A rise of this many tenths (1 point) or more is said as higher than at the start; less
/// is within a week's noise, and said as no lower (the physio's review: weeks of 4.0 then
/// 4.5 were told to check the red flags).
const RISE_TENTHS: u32 = 10;
/// A drop of this many tenths (2 points) matters by Farrar's measure.
const FARRAR_POINTS_TENTHS: u32 = 20;
/// A drop of this percentage matters by Farrar's measure; IMMPACT calls it moderate.
const FARRAR_PERCENT: u32 = 30;

/// One of the two weeks compared.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Judged {
    /// The week's first day.
    pub week: NaiveDate,
    /// The week's average pain before sessions, to a tenth.
    pub pain: f64,
    /// How many pain answers the average is of.
    pub answers: u32,
}

/// Where a drop falls among IMMPACT's bands (Dworkin 2008): 10-20% minimal, 30% or more
/// moderate, 50% or more substantial.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// Under 10%.
    BelowMinimal,
    /// 10-20%.
    Minimal,
    /// Over 20% and under 30%: past minimal, short of moderate.
    AboveMinimal,
    /// 30-49%.
    Moderate,
    /// 50% or more.
    Substantial,
}

impl Band {
    fn of(percent: u32) -> Band {
        match percent {
            0..10 => Band::BelowMinimal,
            10..=20 => Band::Minimal,
            21..FARRAR_PERCENT => Band::AboveMinimal,
            FARRAR_PERCENT..50 => Band::Moderate,
            _ => Band::Substantial,
        }
    }
}

/// What the weekly pain averages say.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verdict {
    /// Fewer than `needed` weeks hold [`MIN_ANSWERS`] answers or more: no trend judged.
    TooFewAnswers { weeks_with_two: u32, needed: u32 },
    /// Lower, from a start below 4: the numbers, with no verdict on their size.
    LowStart {
        from: Judged,
        to: Judged,
        /// How far it fell, in points.
        points: f64,
    },
    /// Lower, from a start of 4 or more.
    Dropped {
        from: Judged,
        to: Judged,
        /// How far it fell, in points.
        points: f64,
        /// How far it fell, as a whole percentage of the start.
        percent: u32,
        band: Band,
        /// About 2 points or about 30% (Farrar et al., Pain 2001).
        matters: bool,
    },
    /// Higher than at the start.
    Rose {
        from: Judged,
        to: Judged,
        /// How far it rose, in points.
        points: f64,
    },
    /// The same as at the start.
    Flat { from: Judged, to: Judged },
}

/// Judges the weekly pain averages of `weeks` (oldest first), as the module says.
pub fn judge(weeks: &[Week]) -> Verdict {
    let counted: Vec<(Judged, u32)> = weeks
        .iter()
        .filter(|w| w.pain_answers >= MIN_ANSWERS)
        .filter_map(|w| {
            let pain = w.pain_before?;
            let tenths = tenths(pain);
            let judged = Judged {
                week: w.start,
                pain: f64::from(tenths) / 10.0,
                answers: w.pain_answers,
            };
            Some((judged, tenths))
        })
        .collect();
    let weeks_with_two = u32::try_from(counted.len()).unwrap_or(u32::MAX);
    let (Some(&(from, start)), Some(&(to, end))) = (counted.first(), counted.last()) else {
        return too_few(weeks_with_two);
    };
    if weeks_with_two < MIN_WEEKS {
        return too_few(weeks_with_two);
    }
    if let Some(rise) = end.checked_sub(start).filter(|r| *r >= RISE_TENTHS) {
        return Verdict::Rose {
            from,
            to,
            points: f64::from(rise) / 10.0,
        };
    }
    let Some(drop) = start.checked_sub(end).filter(|d| *d > 0) else {
        return Verdict::Flat { from, to };
    };
    let points = f64::from(drop) / 10.0;
    if start < LOW_START_TENTHS {
        return Verdict::LowStart { from, to, points };
    }
    let percent = percent(drop, start);
    Verdict::Dropped {
        from,
        to,
        points,
        percent,
        band: Band::of(percent),
        matters: drop >= FARRAR_POINTS_TENTHS || percent >= FARRAR_PERCENT,
    }
}

fn too_few(weeks_with_two: u32) -> Verdict {
    Verdict::TooFewAnswers {
        weeks_with_two,
        needed: MIN_WEEKS,
    }
}

/// A weekly average (an average of 0-255 answers) in whole tenths of a point.
fn tenths(average: f64) -> u32 {
    // The cast is exact: the value is whole and within 0..=2550 (NaN becomes 0).
    (average * 10.0).round().clamp(0.0, 2550.0) as u32
}

/// `part` as a whole percentage of `whole`, rounded half up; 0 when `whole` is 0.
fn percent(part: u32, whole: u32) -> u32 {
    let (part, whole) = (u64::from(part), u64::from(whole));
    part.checked_mul(200)
        .and_then(|p| p.checked_add(whole))
        .and_then(|p| p.checked_div(whole.checked_mul(2)?))
        .map_or(0, |p| u32::try_from(p).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    /// Weeks from 2026-10-26 on, one per `(average, answers)`.
    fn weeks(pains: &[(Option<f64>, u32)]) -> Vec<Week> {
        let first = NaiveDate::from_ymd_opt(2026, 10, 26).expect("a date");
        pains
            .iter()
            .zip(0..)
            .map(|(&(pain_before, pain_answers), i)| Week {
                start: first + Duration::weeks(i),
                sessions: pain_answers,
                minutes: 0.0,
                pain_before,
                pain_answers,
                change: None,
            })
            .collect()
    }

    fn kind(v: &Verdict) -> &'static str {
        match v {
            Verdict::TooFewAnswers { .. } => "too few",
            Verdict::LowStart { .. } => "low start",
            Verdict::Dropped { .. } => "dropped",
            Verdict::Rose { .. } => "rose",
            Verdict::Flat { .. } => "flat",
        }
    }

    #[test]
    fn issue_9_one_answer_in_each_of_two_weeks_is_not_a_trend() {
        // The bug: pain 2, then 1 two weeks later, was called "a change that matters".
        let v = judge(&weeks(&[(Some(2.0), 1), (None, 0), (Some(1.0), 1)]));
        assert_eq!(
            v,
            Verdict::TooFewAnswers {
                weeks_with_two: 0,
                needed: 3
            }
        );
    }

    #[test]
    fn weeks_with_one_answer_do_not_count() {
        let v = judge(&weeks(&[
            (Some(7.0), 2),
            (Some(6.0), 1),
            (Some(5.0), 2),
            (Some(4.0), 1),
        ]));
        assert_eq!(
            v,
            Verdict::TooFewAnswers {
                weeks_with_two: 2,
                needed: 3
            }
        );
    }

    #[test]
    fn a_fall_from_7_to_4_matters_and_is_moderate() {
        let v = judge(&weeks(&[
            (Some(7.0), 3),
            (Some(6.0), 3),
            (Some(5.0), 3),
            (Some(4.0), 3),
        ]));
        let Verdict::Dropped {
            from,
            to,
            points,
            percent,
            band,
            matters,
        } = v
        else {
            panic!("{v:?}");
        };
        assert_eq!((from.pain, to.pain, points), (7.0, 4.0, 3.0));
        assert_eq!((percent, band, matters), (43, Band::Moderate, true));
        assert_eq!(to.week - from.week, Duration::weeks(3));
    }

    #[test]
    fn the_first_and_last_weeks_with_two_answers_are_compared() {
        // The empty week and the one-answer weeks at either end are passed over.
        let v = judge(&weeks(&[
            (Some(9.0), 1),
            (Some(6.0), 2),
            (None, 0),
            (Some(6.0), 4),
            (Some(5.0), 2),
            (Some(1.0), 1),
        ]));
        let Verdict::Dropped {
            from, to, matters, ..
        } = v
        else {
            panic!("{v:?}");
        };
        assert_eq!(
            (from.pain, from.answers, to.pain, to.answers),
            (6.0, 2, 5.0, 2)
        );
        assert!(!matters, "1 point of 6 is 17%");
    }

    #[test]
    fn from_below_4_there_is_no_verdict_on_size() {
        let v = judge(&weeks(&[
            (Some(3.0), 3),
            (Some(2.0), 3),
            (Some(2.0), 3),
            (Some(1.0), 3),
        ]));
        assert_eq!(kind(&v), "low start");
        // 4 is not below 4.
        let v = judge(&weeks(&[(Some(4.0), 2), (Some(3.0), 2), (Some(2.0), 2)]));
        assert_eq!(kind(&v), "dropped");
    }

    #[test]
    fn a_rise_is_a_rise_whatever_the_start() {
        for start in [1.0, 4.0] {
            let v = judge(&weeks(&[
                (Some(start), 3),
                (Some(start + 1.0), 3),
                (Some(start + 1.5), 3),
                (Some(start + 2.0), 3),
            ]));
            assert_eq!(kind(&v), "rose", "{start}");
        }
    }

    /// The physio's review: weeks averaging 4.0, then 4.5, were told to check the red flags
    /// and see a clinician. A rise under a point is no lower, not higher; a point is higher.
    #[test]
    fn a_rise_under_a_point_is_no_lower_and_a_point_is_higher() {
        let small = judge(&weeks(&[(Some(4.0), 2), (Some(4.2), 2), (Some(4.5), 2)]));
        assert_eq!(kind(&small), "flat");
        let point = judge(&weeks(&[(Some(4.0), 2), (Some(4.5), 2), (Some(5.0), 2)]));
        assert_eq!(kind(&point), "rose");
    }

    #[test]
    fn averages_are_compared_as_shown() {
        // 5.33 and 5.27 both show as 5.3: flat, not a drop of 0.06.
        let v = judge(&weeks(&[
            (Some(16.0 / 3.0), 3),
            (Some(5.0), 2),
            (Some(5.27), 3),
        ]));
        assert_eq!(kind(&v), "flat");
    }

    #[test]
    fn farrar_2_points_or_30_percent_and_immpact_bands() {
        let drop = |from: f64, to: f64| match judge(&weeks(&[
            (Some(from), 2),
            (Some(from), 2),
            (Some(to), 2),
        ])) {
            Verdict::Dropped {
                percent,
                band,
                matters,
                ..
            } => (percent, band, matters),
            v => panic!("{v:?}"),
        };
        assert_eq!(drop(10.0, 8.0), (20, Band::Minimal, true), "2 points");
        assert_eq!(drop(10.0, 8.1), (19, Band::Minimal, false));
        assert_eq!(drop(5.0, 3.5), (30, Band::Moderate, true), "30%");
        assert_eq!(drop(9.0, 8.5), (6, Band::BelowMinimal, false));
        assert_eq!(drop(8.0, 6.1), (24, Band::AboveMinimal, false));
        assert_eq!(drop(8.0, 4.0), (50, Band::Substantial, true));
    }

    #[test]
    fn percentages_round_half_up_and_never_divide_by_zero() {
        assert_eq!(percent(28, 63), 44);
        assert_eq!(percent(1, 8), 13);
        assert_eq!(percent(3, 0), 0);
        assert_eq!(tenths(f64::NAN), 0);
        assert_eq!(tenths(16.0 / 3.0), 53);
    }

    #[test]
    fn the_json_form_names_its_kind() {
        let v = judge(&weeks(&[(Some(5.0), 1)]));
        let json = serde_json::to_value(&v).expect("JSON");
        assert_eq!(json["kind"], "too_few_answers");
        assert_eq!(json["weeks_with_two"], 0);
        assert_eq!(json["needed"], 3);
    }
}
