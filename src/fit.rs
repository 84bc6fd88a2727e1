//! A routine made to fit the time you have (`start`/`show --minutes M`): a pure function from
//! a routine and a number of seconds to a shorter routine and what was changed, between
//! `routine` and `plan`. Lengths are `routine::length`'s (lead-ins, setting up, rests and
//! "Heat off" included), so the fitted routine plans to what it says.
//!
//! Two rules, in this order:
//! 1. Steps come down toward a minimum dose, never below it: fewer sets first, then shorter
//!    holds, fewer reps, rounds or breaths. Nothing is ever made longer.
//! 2. Only when even every step at its minimum does not fit are whole steps left out: steps
//!    marked `optional = true` first, then a step whose strategy another step still has,
//!    then the rest; within each, the longest (at its minimum) first, and the later step on
//!    a tie. So every strategy of the routine stays as long as one step of each fits, and as
//!    many steps as can stay do. A step left out that fits again after a later one went is
//!    put back. The steps that stay then get back as much of their dose as the time allows,
//!    coming down together (each by its share of the room above its minimum), and what the
//!    last notch took beyond the time asked is given back to the steps cut the most.
//!    One step of the strategy the routine centres on ([`Routine::main_strategy`]: heat in
//!    the evening, strengthening in `core`) always stays: without it, it is not that
//!    routine. So the shortest a routine can be is its shortest step of that strategy, alone
//!    and at its minimum.
//!
//! The minimum doses, from `shared/CONTENT.md` (the catalogue cites the same sources):
//! 1 set, about 5 repetitions, rounds or cycles (NHS inform: beginners start with about 5
//! repetitions, 1 set); static stretches 2 holds of 20 s (ACSM: 20-30 s, 2-4 times); strengthening holds of
//! 20 s (SportBU plank and side plank: 20-30 s); 20 s of pressure on a tender point (secondary
//! sources: 20-30 s). Where no source gives a number, the number is ours and says so: heat
//! 5 minutes, a posture check 30 s, a timed mind-body step or a breathing exercise about a
//! minute.

use crate::routine::length::PlanOptions;
use crate::routine::strategy::Strategy;
use crate::routine::{Dosage, Exercise, Routine};

/// Fewest sets (NHS inform: 1 set to start).
pub const MIN_SETS: u32 = 1;
/// Fewest holds of a static stretch (ACSM stretching guidance: 2-4 holds; the physio's
/// review: one hold is below the source).
pub const MIN_STRETCH_HOLDS: u32 = 2;
/// Fewest repetitions, rounds of a paced exercise (NHS inform: about 5 repetitions).
pub const MIN_REPS: u32 = 5;
/// Shortest static stretch hold (ACSM stretching guidance: 20-30 s).
pub const MIN_STRETCH_SECONDS: u32 = 20;
/// Shortest strengthening hold (SportBU: plank and side plank 20-30 s).
pub const MIN_HOLD_SECONDS: u32 = 20;
/// Shortest pressure on a tender point (secondary sources: 20-30 s).
pub const MIN_MASSAGE_SECONDS: u32 = 20;
/// Shortest heat that is still worth setting up: ours, no source gives one (the sources give
/// only the most, 15-20 minutes).
pub const MIN_HEAT_SECONDS: u32 = 5 * 60;
/// Shortest posture check: ours, as the posture checks' lengths are (the desk break's 30 s).
pub const MIN_POSTURE_SECONDS: u32 = 30;
/// Shortest timed mind-body step or breathing exercise: ours, about a minute (the flare
/// routine's minute of slow breathing).
pub const MIN_CALM_SECONDS: u32 = 60;

/// The whole seconds in `minutes` (`--minutes`, 0.1 to 600 by its parser): the time a
/// routine is fitted into. A value no duration can hold is 0 s, which nothing fits.
pub fn seconds_in(minutes: f64) -> u64 {
    std::time::Duration::try_from_secs_f64(minutes * 60.0).map_or(0, |d| d.as_secs())
}

/// A routine fitted to a time.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    /// The routine as it will run: the steps kept, each at its fitted dose.
    pub routine: Routine,
    /// The time asked for, in seconds.
    pub seconds: u64,
    /// The steps left out, in the routine's order.
    pub left_out: Vec<Exercise>,
    /// The steps made shorter: as written, then as fitted; in the routine's order.
    pub shortened: Vec<(Exercise, Exercise)>,
    /// For each step of `routine`, its place in the routine as written.
    pub kept: Vec<usize>,
}

impl Fitted {
    /// The place in the fitted routine of the step that was at `step` as written; `None`
    /// for a step left out.
    pub fn new_index(&self, step: usize) -> Option<usize> {
        self.kept.iter().position(|&i| i == step)
    }

    /// Did it have to change anything?
    pub fn changed(&self) -> bool {
        !self.left_out.is_empty() || !self.shortened.is_empty()
    }
}

/// The time asked for is less than the routine can be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooShort {
    /// The shortest the routine can be: its shortest step of the strategy it centres on,
    /// alone and at its minimum dose.
    pub shortest: u64,
    /// That includes an estimate (self-paced reps, setting up that waits for Enter).
    pub estimate: bool,
}

/// `routine` fitted into `seconds` with `opts`; see the module's rules.
pub fn fit(routine: &Routine, opts: &PlanOptions, seconds: u64) -> Result<Fitted, TooShort> {
    let unchanged = Fitted {
        routine: routine.clone(),
        seconds,
        left_out: Vec::new(),
        shortened: Vec::new(),
        kept: (0..routine.steps.len()).collect(),
    };
    if routine.steps.is_empty() || length(routine, &routine.steps, opts) <= seconds {
        return Ok(unchanged);
    }
    let least: Vec<Exercise> = routine.steps.iter().map(minimum).collect();
    let main = routine.main_strategy();
    let kept = keep(routine, &least, main, opts, seconds);
    let Some(kept) = kept else {
        return Err(shortest(routine, &least, main, opts));
    };

    // The steps kept, from their full dose down until they fit.
    let index: Vec<usize> = (0..routine.steps.len()).filter(|&i| kept[i]).collect();
    let mut now: Vec<Exercise> = index.iter().map(|&i| routine.steps[i].clone()).collect();
    let floor: Vec<Exercise> = index.iter().map(|&i| least[i].clone()).collect();
    let full: Vec<u64> = now.iter().map(|ex| ex.extent(opts).seconds).collect();
    let lowest: Vec<u64> = floor.iter().map(|ex| ex.extent(opts).seconds).collect();
    // Each step's doses on the way down, the fullest first.
    let mut tried: Vec<Vec<Exercise>> = now.iter().map(|ex| vec![ex.clone()]).collect();
    while length(routine, &now, opts) > seconds {
        let Some(j) = most_left(&now, &full, &lowest, opts) else {
            break; // every step at its minimum; `keep` made sure that fits
        };
        match shorter(&now[j], &floor[j]) {
            Some(ex) => {
                tried[j].push(ex.clone());
                now[j] = ex;
            }
            None => break,
        }
    }
    // The last notch may have taken more than was needed: what is left over goes back, to
    // the steps cut the most first, each the fullest dose of its way down that still fits.
    let mut order: Vec<usize> = (0..now.len()).collect();
    order.sort_by_key(|&j| {
        let left = now[j].extent(opts).seconds.saturating_sub(lowest[j]);
        let room = full[j].saturating_sub(lowest[j]).max(1);
        (u128::from(left) * 1_000_000 / u128::from(room), j)
    });
    for j in order {
        let current = now[j].clone();
        for dose in &tried[j] {
            now[j] = dose.clone();
            if length(routine, &now, opts) <= seconds {
                break;
            }
            now[j] = current.clone();
        }
    }

    let mut fitted = unchanged;
    fitted.left_out = (0..routine.steps.len())
        .filter(|&i| !kept[i])
        .map(|i| routine.steps[i].clone())
        .collect();
    fitted.shortened = index
        .iter()
        .zip(&now)
        .filter(|(i, ex)| routine.steps[**i] != **ex)
        .map(|(i, ex)| (routine.steps[*i].clone(), ex.clone()))
        .collect();
    fitted.routine.steps = now;
    fitted.kept = index;
    Ok(fitted)
}

/// The planned seconds of `routine` with `steps` in place of its own.
fn length(routine: &Routine, steps: &[Exercise], opts: &PlanOptions) -> u64 {
    routine.extent_with(steps, opts).seconds
}

fn with_steps(routine: &Routine, steps: &[Exercise]) -> Routine {
    Routine {
        steps: steps.to_vec(),
        ..routine.clone()
    }
}

/// Which steps stay: as many as fit at their minimum dose, left out in the order the module
/// gives, always one of the `main` strategy; `None` when even that does not fit.
fn keep(
    routine: &Routine,
    least: &[Exercise],
    main: Option<Strategy>,
    opts: &PlanOptions,
    seconds: u64,
) -> Option<Vec<bool>> {
    // Each step's own time at its minimum, get-ready or setting up included.
    let alone: Vec<u64> = least
        .iter()
        .map(|ex| length(routine, std::slice::from_ref(ex), opts))
        .collect();
    let mut kept = vec![true; least.len()];
    let fits = |kept: &[bool]| {
        let steps = least
            .iter()
            .zip(kept)
            .filter(|(_, k)| **k)
            .map(|(ex, _)| ex);
        kept.contains(&true) && routine.extent_with(steps, opts).seconds <= seconds
    };
    let mut dropped = Vec::new();
    while !fits(&kept) {
        let i = next_to_leave(least, &alone, &kept, main)?;
        kept[i] = false;
        dropped.push(i);
    }
    // A step left out early may fit again now that a longer one has gone: the last one left
    // out (the most wanted) is tried first.
    for &i in dropped.iter().rev() {
        kept[i] = true;
        if !fits(&kept) {
            kept[i] = false;
        }
    }
    Some(kept)
}

/// The step to leave out next: optional steps first, then one whose strategy another kept
/// step has, then any; within those, the longest at its minimum (`alone`), then the latest.
/// Never the last kept step of the `main` strategy.
fn next_to_leave(
    least: &[Exercise],
    alone: &[u64],
    kept: &[bool],
    main: Option<Strategy>,
) -> Option<usize> {
    let shared = |i: usize| {
        least
            .iter()
            .enumerate()
            .any(|(j, ex)| j != i && kept[j] && ex.strategy == least[i].strategy)
    };
    let class = |i: usize| match (least[i].optional, shared(i)) {
        (true, _) => 0,
        (false, true) => 1,
        (false, false) => 2,
    };
    let last_of_main = |i: usize| Some(least[i].strategy) == main && !shared(i);
    (0..least.len())
        .filter(|&i| kept[i] && !last_of_main(i))
        .min_by_key(|&i| (class(i), std::cmp::Reverse(alone[i]), std::cmp::Reverse(i)))
}

/// The shortest the routine can be: the step of the `main` strategy that `keep` keeps last
/// (its shortest that is not optional, or its shortest when all are), alone at its minimum.
fn shortest(
    routine: &Routine,
    least: &[Exercise],
    main: Option<Strategy>,
    opts: &PlanOptions,
) -> TooShort {
    let of_main = |ex: &&Exercise| main.is_none_or(|m| ex.strategy == m);
    let required = least.iter().filter(of_main).any(|ex| !ex.optional);
    least
        .iter()
        .filter(of_main)
        .filter(|ex| !(required && ex.optional))
        .map(|ex| {
            let one = with_steps(routine, std::slice::from_ref(ex));
            TooShort {
                shortest: one.extent(opts).seconds,
                estimate: one.is_estimate(),
            }
        })
        .min_by_key(|t| t.shortest)
        .unwrap_or(TooShort {
            shortest: 0,
            estimate: false,
        })
}

/// The step with the largest share of its room above its minimum still left, to take a
/// notch from next, so that the steps come down together; on a tie, the later step.
fn most_left(now: &[Exercise], full: &[u64], lowest: &[u64], opts: &PlanOptions) -> Option<usize> {
    let mut best: Option<(usize, u64, u64)> = None; // (step, left, room)
    for (j, ex) in now.iter().enumerate() {
        let left = ex.extent(opts).seconds.saturating_sub(lowest[j]);
        let room = full[j].saturating_sub(lowest[j]);
        if left == 0 || room == 0 {
            continue;
        }
        let better = match best {
            None => true,
            // left / room >= best_left / best_room, in integers.
            Some((_, bl, br)) => {
                u128::from(left) * u128::from(br) >= u128::from(bl) * u128::from(room)
            }
        };
        if better {
            best = Some((j, left, room));
        }
    }
    best.map(|(j, _, _)| j)
}

/// The least of `ex` that is still a dose worth doing: see the module's sources. Never more
/// than `ex` itself.
pub fn minimum(ex: &Exercise) -> Exercise {
    let mut least = ex.clone();
    let static_stretch =
        ex.strategy == Strategy::Stretching && matches!(ex.dosage, Dosage::Timed { .. });
    let fewest = if static_stretch {
        MIN_STRETCH_HOLDS
    } else {
        MIN_SETS
    };
    least.sets = ex.sets.min(fewest);
    least.dosage = match &ex.dosage {
        Dosage::Timed { seconds } => Dosage::Timed {
            seconds: (*seconds).min(min_hold(ex.strategy)),
        },
        Dosage::Reps { reps, rep_seconds } => Dosage::Reps {
            reps: (*reps).min(MIN_REPS),
            rep_seconds: *rep_seconds,
        },
        Dosage::Phases { phases, cycles } => Dosage::Phases {
            phases: phases.clone(),
            cycles: (*cycles).min(MIN_REPS),
        },
        Dosage::Breath { breath, cycles } => {
            // About a minute of breathing, in whole breaths.
            let one = breath.seconds().max(1);
            let minute = u32::try_from(u64::from(MIN_CALM_SECONDS).div_ceil(one)).unwrap_or(1);
            Dosage::Breath {
                breath: *breath,
                cycles: (*cycles).min(minute.max(1)),
            }
        }
    };
    least
}

/// The shortest timed hold or activity of a strategy.
pub fn min_hold(strategy: Strategy) -> u32 {
    match strategy {
        Strategy::Stretching => MIN_STRETCH_SECONDS,
        Strategy::Strengthening => MIN_HOLD_SECONDS,
        Strategy::SelfMassage => MIN_MASSAGE_SECONDS,
        Strategy::Heat => MIN_HEAT_SECONDS,
        Strategy::Posture => MIN_POSTURE_SECONDS,
        Strategy::MindBody => MIN_CALM_SECONDS,
    }
}

/// `ex` one notch shorter, toward `floor` (its minimum): one set fewer while it has more than
/// one; then a hold 5 s shorter (a whole minute shorter from 2 minutes up), or one rep,
/// round or breath fewer. `None` at the minimum.
pub fn shorter(ex: &Exercise, floor: &Exercise) -> Option<Exercise> {
    let mut next = ex.clone();
    if ex.sets > floor.sets {
        next.sets = ex.sets - 1;
        return Some(next);
    }
    next.dosage = match (&ex.dosage, &floor.dosage) {
        (Dosage::Timed { seconds }, Dosage::Timed { seconds: least }) if seconds > least => {
            let step = if *seconds >= 120 { 60 } else { 5 };
            Dosage::Timed {
                seconds: ((seconds - 1) / step * step).max(*least),
            }
        }
        (Dosage::Reps { reps, rep_seconds }, Dosage::Reps { reps: least, .. }) if reps > least => {
            Dosage::Reps {
                reps: reps - 1,
                rep_seconds: *rep_seconds,
            }
        }
        (Dosage::Phases { phases, cycles }, Dosage::Phases { cycles: least, .. })
            if cycles > least =>
        {
            Dosage::Phases {
                phases: phases.clone(),
                cycles: cycles - 1,
            }
        }
        (Dosage::Breath { breath, cycles }, Dosage::Breath { cycles: least, .. })
            if cycles > least =>
        {
            Dosage::Breath {
                breath: *breath,
                cycles: cycles - 1,
            }
        }
        _ => return None,
    };
    Some(next)
}

#[cfg(test)]
mod tests;
