//! How long a routine takes and how many prompts it becomes, worked out from the routine
//! alone, without expanding it: `parse` bounds a routine with it before anything is built,
//! and `show` and `exercises` say a step's length with it. `plan` expands the same routine
//! into the same phases (a test holds the two to each other). Sums and products saturate in
//! u64: a crafted file can be refused, never wrapped round to a short length.

use super::{Dosage, Exercise, Routine, SELF_PACED_REP_ESTIMATE, strategy::Strategy};

/// Settings that shape a routine's timeline, and so its length, but are not part of the
/// routine. `plan` re-exports it as the options of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanOptions {
    /// "Get ready" seconds before each step.
    pub lead_in: u32,
    /// Rest between steps when the routine does not say.
    pub default_rest: u32,
    /// Seconds to change sides.
    pub switch: u32,
    /// The session speaks (`--voice`): a timed get-ready that must name its step aloud,
    /// because no rest before it did, lasts at least [`VOICE_ANNOUNCE`], and a rest between
    /// steps at least [`VOICE_REST`].
    pub voice: bool,
}

impl Default for PlanOptions {
    /// Every optional phase is on by default, so a routine has its most phases with these.
    fn default() -> Self {
        PlanOptions {
            lead_in: 3,
            default_rest: 10,
            switch: 5,
            voice: false,
        }
    }
}

/// The get-ready's least seconds when it names its step aloud: "Step 1 of 6: Cat-cow, 5
/// rounds. Get ready: on hands and knees" takes about 6 s at espeak-ng's usual speed, and 9 s
/// after the routine's title and what you'll need (measured with `espeak-ng -w`); its "3, 2, 1"
/// begins 3 s before its end.
pub const VOICE_ANNOUNCE: u32 = 12;

/// A spoken session's least rest between steps (when the routine has rests): time for the
/// rating question ("How was it? 1 easy, ...": 3 s), the next step's name, amount and
/// position (up to 9 s), and a level that changed (4 s), measured with `espeak-ng -w`.
pub const VOICE_REST: u32 = 15;

/// Seconds of the "Heat off" prompt that ends every heat step.
pub const HEAT_OFF_SECONDS: u32 = 20;
/// Seconds a step's setting up (`prepare`) is assumed to take, for planning and plain mode.
pub const PREPARE_ESTIMATE: u32 = 60;

/// The size of a stretch of the timeline: its seconds (estimates included) and its phases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extent {
    pub seconds: u64,
    pub phases: u64,
}

impl Extent {
    pub const ZERO: Extent = Extent {
        seconds: 0,
        phases: 0,
    };

    /// One phase of `seconds`.
    pub fn one(seconds: u32) -> Extent {
        Extent {
            seconds: u64::from(seconds),
            phases: 1,
        }
    }

    /// One phase of `seconds` when `on`; nothing otherwise.
    fn one_if(on: bool, seconds: u32) -> Extent {
        if on {
            Extent::one(seconds)
        } else {
            Extent::ZERO
        }
    }

    pub fn plus(self, other: Extent) -> Extent {
        Extent {
            seconds: self.seconds.saturating_add(other.seconds),
            phases: self.phases.saturating_add(other.phases),
        }
    }

    pub fn times(self, n: u64) -> Extent {
        Extent {
            seconds: self.seconds.saturating_mul(n),
            phases: self.phases.saturating_mul(n),
        }
    }
}

impl std::iter::Sum for Extent {
    fn sum<I: Iterator<Item = Extent>>(iter: I) -> Extent {
        iter.fold(Extent::ZERO, Extent::plus)
    }
}

impl Dosage {
    /// One pass (one set, one side): its seconds, self-paced reps at their estimate, and
    /// its phases (a hold is one, paced reps one each, a breath one per part that is not 0).
    pub fn extent(&self) -> Extent {
        match self {
            Dosage::Timed { seconds } => Extent::one(*seconds),
            Dosage::Reps {
                reps,
                rep_seconds: Some(pace),
            } => Extent::one(*pace).times(u64::from(*reps)),
            Dosage::Reps {
                reps,
                rep_seconds: None,
            } => Extent {
                seconds: u64::from(*reps).saturating_mul(u64::from(SELF_PACED_REP_ESTIMATE)),
                phases: 1,
            },
            Dosage::Phases { phases, cycles } => phases
                .iter()
                .map(|p| Extent::one(p.seconds))
                .sum::<Extent>()
                .times(u64::from(*cycles)),
            Dosage::Breath { breath, cycles } => {
                [breath.inhale, breath.hold, breath.exhale, breath.hold_after]
                    .into_iter()
                    .map(|s| Extent::one_if(s > 0, s))
                    .sum::<Extent>()
                    .times(u64::from(*cycles))
            }
        }
    }
}

impl Exercise {
    /// The step itself, as the plan times it: every set on every side, the side switches
    /// and the set rests between them, and the "Heat off" that ends a heat step; not the
    /// get-ready before it or the rest after it. What `show` and `exercises` give as a
    /// step's length.
    pub fn extent(&self, opts: &PlanOptions) -> Extent {
        let sides = if self.sides { 2 } else { 1 };
        let set = self
            .dosage
            .extent()
            .times(sides)
            .plus(Extent::one_if(self.sides && opts.switch > 0, opts.switch));
        let set_rests = Extent::one_if(self.set_rest > 0, self.set_rest)
            .times(u64::from(self.sets.saturating_sub(1)));
        set.times(u64::from(self.sets))
            .plus(set_rests)
            .plus(Extent::one_if(
                self.strategy == Strategy::Heat,
                HEAT_OFF_SECONDS,
            ))
    }

    /// The phase before the step: setting up (waits for Enter, counted at an estimate) or a
    /// timed get-ready; `after_rest` when a rest before it names it.
    fn lead_in(&self, opts: &PlanOptions, after_rest: bool) -> Extent {
        let lead_in = self.lead_in_seconds(opts, after_rest);
        if self.prepare.is_some() {
            Extent::one(PREPARE_ESTIMATE)
        } else {
            Extent::one_if(lead_in > 0, lead_in)
        }
    }

    /// Seconds of the step's timed get-ready (0: none): its own `get_ready` or the usual
    /// lead-in, made long enough to name the step aloud when no rest before it did.
    pub fn lead_in_seconds(&self, opts: &PlanOptions, after_rest: bool) -> u32 {
        let lead_in = self.get_ready.unwrap_or(opts.lead_in);
        if after_rest || lead_in == 0 {
            lead_in
        } else {
            lead_in.max(if opts.voice { VOICE_ANNOUNCE } else { 0 })
        }
    }
}

impl Routine {
    /// Seconds of rest between its steps: its own `rest`, or the default; a spoken session's
    /// at least [`VOICE_REST`] (a routine without rests keeps none).
    pub fn rest_seconds(&self, opts: &PlanOptions) -> u32 {
        let rest = self.rest.unwrap_or(opts.default_rest);
        if opts.voice && rest > 0 {
            rest.max(VOICE_REST)
        } else {
            rest
        }
    }

    /// Does its length include a guess: a reminder of what you'll need or a setting-up that
    /// waits for Enter, or reps at your own pace?
    pub fn is_estimate(&self) -> bool {
        let waits = !self.equipment.is_empty() && !self.steps.is_empty();
        waits || self.sets_up() || self.self_paced()
    }

    /// Has it a step that sets up before its timer, waiting for Enter?
    pub fn sets_up(&self) -> bool {
        self.steps.iter().any(|ex| ex.prepare.is_some())
    }

    /// Has it reps at your own pace, counted at an estimate?
    pub fn self_paced(&self) -> bool {
        self.steps.iter().any(|ex| {
            matches!(
                ex.dosage,
                Dosage::Reps {
                    rep_seconds: None,
                    ..
                }
            )
        })
    }

    /// The whole routine, as the plan times it: the equipment reminder, each step with its
    /// get-ready, and the rests between steps.
    pub fn extent(&self, opts: &PlanOptions) -> Extent {
        self.extent_with(&self.steps, opts)
    }

    /// The routine as it would be with `steps` in place of its own: what `fit` weighs, step
    /// by step, without building each routine it tries.
    pub fn extent_with<'a>(
        &self,
        steps: impl IntoIterator<Item = &'a Exercise>,
        opts: &PlanOptions,
    ) -> Extent {
        let rest = self.rest_seconds(opts);
        let (mut count, mut sum) = (0u64, Extent::ZERO);
        for ex in steps {
            // A rest before it names it, unless it is the first.
            let after_rest = count > 0 && rest > 0;
            count = count.saturating_add(1);
            sum = sum.plus(ex.lead_in(opts, after_rest).plus(ex.extent(opts)));
        }
        let equipment = Extent {
            seconds: 0,
            phases: u64::from(!self.equipment.is_empty() && count > 0),
        };
        let rests = Extent::one_if(rest > 0, rest).times(count.saturating_sub(1));
        sum.plus(equipment).plus(rests)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{Breath, Phase};

    fn phases(n: usize, seconds: u32) -> Vec<Phase> {
        (0..n)
            .map(|_| Phase {
                aloud: None,
                say: "a".into(),
                seconds,
            })
            .collect()
    }

    #[test]
    fn one_pass_of_each_dosage() {
        assert_eq!(Dosage::Timed { seconds: 30 }.extent(), Extent::one(30));
        let paced = Dosage::Reps {
            reps: 10,
            rep_seconds: Some(4),
        };
        assert_eq!(
            paced.extent(),
            Extent {
                seconds: 40,
                phases: 10
            }
        );
        let own_pace = Dosage::Reps {
            reps: 10,
            rep_seconds: None,
        };
        assert_eq!(own_pace.extent(), Extent::one(50));
        let breath = Breath {
            inhale: 4,
            hold: 0,
            exhale: 6,
            hold_after: 0,
        };
        assert_eq!(
            Dosage::Breath { breath, cycles: 3 }.extent(),
            Extent {
                seconds: 30,
                phases: 6
            }
        );
    }

    /// Issue 10: seconds summed and multiplied in u32 wrapped round, so that a crafted step
    /// of 7.2 million phases came out at a few minutes. In u64, saturating, it cannot wrap.
    #[test]
    fn length_bounds_overflow_u32_no_longer_wraps() {
        let mut p = phases(7158, 600);
        p.push(Phase {
            aloud: None,
            say: "a".into(),
            seconds: 168,
        });
        let d = Dosage::Phases {
            phases: p,
            cycles: 100,
        };
        assert_eq!(d.extent().seconds, (7158 * 600 + 168) * 100);
        assert_eq!(d.extent().phases, 7159 * 100);
        assert_eq!(d.seconds().0, d.extent().seconds);
        let big = Extent {
            seconds: u64::MAX - 1,
            phases: u64::MAX - 1,
        };
        assert_eq!(
            big.times(10).plus(Extent::one(5)),
            Extent {
                seconds: u64::MAX,
                phases: u64::MAX
            }
        );
    }
}
