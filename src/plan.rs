//! A routine expanded into a flat timeline of phases: every rep, breath, side switch, set rest
//! and lead-in, each with its prompt and length. It is pure data: the session engine runs it.
//! Its length is the one `routine::length` works out without expanding (tests hold them
//! equal); a routine that passed `parse` expands into at most `limits::PHASES` phases. A
//! prompt that repeats (a phase's `say` in every cycle, a step's on every rep, "Breathe in")
//! is one shared [`Text`], not a copy per phase.

pub use crate::routine::length::{HEAT_OFF_SECONDS, PREPARE_ESTIMATE, PlanOptions};
use crate::routine::strategy::Strategy;
use crate::routine::{Dosage, Exercise, Routine, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhaseKind {
    /// "You'll need: ...", once before the first step of a routine that lists equipment.
    Equipment,
    /// "Get ready" before a step; it waits for Enter when the step has setting up to do.
    LeadIn,
    /// The exercise itself.
    Work,
    /// Change from the left side to the right.
    Switch,
    /// Rest between sets of one step.
    SetRest,
    /// Rest between steps.
    Rest,
    /// The end of a heat step: take the heat away and check the skin.
    HeatOff,
}

/// How long a phase lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    Timed(u32),
    /// Until the user says done; `estimate` seconds for planning.
    UntilDone {
        estimate: u32,
    },
}

impl Length {
    pub fn seconds(self) -> u32 {
        match self {
            Length::Timed(s) | Length::UntilDone { estimate: s } => s,
        }
    }
}

/// Which part of a breath a phase is, so the screen can grow and shrink a bar with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreathPart {
    In,
    Hold,
    Out,
    HoldEmpty,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    /// Index of the step in the routine; a rest between steps belongs to the step before it.
    pub step: usize,
    pub kind: PhaseKind,
    /// What to do now, in a few words.
    pub prompt: Text,
    /// Where in the step this is: "Set 1 of 2 · Left side · Breath 3 of 10".
    pub detail: Option<String>,
    pub length: Length,
    /// Set on the phases of a `breath` dosage.
    pub breath: Option<BreathPart>,
    /// Heat is on the body: this phase's time, paused or not, counts toward the heat limit.
    pub heat: bool,
    /// Its place in its cycle (a `phases` or `breath` dosage), which picks the frame of the
    /// step's figure; 0 for everything else.
    pub cycle_pos: usize,
}

impl Phase {
    fn new(step: usize, kind: PhaseKind, prompt: impl Into<Text>, length: Length) -> Phase {
        Phase {
            step,
            kind,
            prompt: prompt.into(),
            detail: None,
            length,
            breath: None,
            heat: false,
            cycle_pos: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub phases: Vec<Phase>,
}

impl Plan {
    pub fn new(routine: &Routine, opts: &PlanOptions) -> Plan {
        let mut phases = Vec::new();
        if !routine.equipment.is_empty() && !routine.steps.is_empty() {
            phases.push(Phase::new(
                0,
                PhaseKind::Equipment,
                format!("You'll need: {}.", routine.equipment.join(", ")),
                Length::UntilDone { estimate: 0 },
            ));
        }
        let rest = routine.rest_seconds(opts);
        for (i, ex) in routine.steps.iter().enumerate() {
            if i > 0 && rest > 0 {
                // The rest says what comes next and how to get into it, not the last cues.
                phases.push(Phase::new(
                    i - 1,
                    PhaseKind::Rest,
                    format!("Next: {}", ex.name_and_position()),
                    Length::Timed(rest),
                ));
            }
            let lead_in = ex.lead_in_seconds(opts, i > 0 && rest > 0);
            if let Some(prepare) = &ex.prepare {
                phases.push(Phase::new(
                    i,
                    PhaseKind::LeadIn,
                    prepare.clone(),
                    Length::UntilDone {
                        estimate: PREPARE_ESTIMATE,
                    },
                ));
            } else if lead_in > 0 {
                phases.push(Phase::new(
                    i,
                    PhaseKind::LeadIn,
                    format!("Get ready: {}", ex.name_and_position()),
                    Length::Timed(lead_in),
                ));
            }
            step_phases(i, ex, opts, &mut phases);
            if ex.strategy == Strategy::Heat {
                phases.push(Phase::new(
                    i,
                    PhaseKind::HeatOff,
                    ex.heat_off_prompt(),
                    Length::Timed(HEAT_OFF_SECONDS),
                ));
            }
        }
        Plan { phases }
    }

    /// The same plan with every "until done" phase timed at its estimate, for running
    /// without keys (plain mode).
    pub fn without_waits(mut self) -> Plan {
        for p in &mut self.phases {
            if let Length::UntilDone { estimate } = p.length {
                p.length = Length::Timed(estimate);
            }
        }
        self
    }

    /// The first phase of step `i`: its get-ready, or its first exercise phase.
    pub fn step_start(&self, i: usize) -> Option<usize> {
        self.phases
            .iter()
            .position(|p| p.step == i && !matches!(p.kind, PhaseKind::Rest | PhaseKind::Equipment))
    }

    /// Seconds the whole plan takes, estimates included.
    pub fn total_seconds(&self) -> u64 {
        self.phases
            .iter()
            .map(|p| u64::from(p.length.seconds()))
            .fold(0, u64::saturating_add)
    }

    /// Does the total include a guess (self-paced reps)?
    pub fn is_estimate(&self) -> bool {
        self.phases
            .iter()
            .any(|p| matches!(p.length, Length::UntilDone { .. }))
    }

    /// Seconds of step `i` itself: its work, side switches and set rests, without the lead-in
    /// or the rest that follows it.
    pub fn step_seconds(&self, i: usize) -> u64 {
        self.phases
            .iter()
            .filter(|p| {
                p.step == i
                    && !matches!(
                        p.kind,
                        PhaseKind::Equipment | PhaseKind::LeadIn | PhaseKind::Rest
                    )
            })
            .map(|p| u64::from(p.length.seconds()))
            .fold(0, u64::saturating_add)
    }
}

/// The verb for a timed hold or activity of each strategy.
fn hold_prompt(strategy: Strategy) -> &'static str {
    match strategy {
        Strategy::Stretching => "Hold the stretch, breathe",
        Strategy::SelfMassage => "Ease onto the tender spot, breathe",
        Strategy::Heat => "Rest with the warmth",
        Strategy::Posture => "Notice, and change position",
        Strategy::Strengthening => "Hold steady, breathe",
        Strategy::MindBody => "Breathe, and let it settle",
    }
}

fn step_phases(step: usize, ex: &Exercise, opts: &PlanOptions, out: &mut Vec<Phase>) {
    let sides: &[&str] = if ex.sides {
        &["Left side", "Right side"]
    } else {
        &[""]
    };
    for set in 1..=ex.sets {
        for (s, side) in sides.iter().enumerate() {
            let mut where_ = Vec::new();
            if ex.sets > 1 {
                where_.push(format!("Set {set} of {}", ex.sets));
            }
            if !side.is_empty() {
                where_.push((*side).to_owned());
            }
            work_phases(step, ex, &where_, out);
            if ex.sides && s == 0 && opts.switch > 0 {
                out.push(Phase::new(
                    step,
                    PhaseKind::Switch,
                    "Switch to your right side",
                    Length::Timed(opts.switch),
                ));
            }
        }
        if set < ex.sets && ex.set_rest > 0 {
            out.push(Phase::new(
                step,
                PhaseKind::SetRest,
                format!("Rest before set {} of {}", set + 1, ex.sets),
                Length::Timed(ex.set_rest),
            ));
        }
    }
}

fn work_phases(step: usize, ex: &Exercise, where_: &[String], out: &mut Vec<Phase>) {
    let mut push = |prompt: Text, count: Option<String>, length: Length, breath, cycle_pos| {
        let detail: Vec<&str> = where_
            .iter()
            .map(String::as_str)
            .chain(count.as_deref())
            .collect();
        out.push(Phase {
            step,
            kind: PhaseKind::Work,
            prompt,
            detail: (!detail.is_empty()).then(|| detail.join(" · ")),
            length,
            breath,
            heat: ex.strategy == Strategy::Heat,
            cycle_pos,
        });
    };
    match &ex.dosage {
        Dosage::Timed { seconds } => {
            let say = ex
                .say
                .clone()
                .unwrap_or_else(|| hold_prompt(ex.strategy).into());
            push(say, None, Length::Timed(*seconds), None, 0);
        }
        Dosage::Reps {
            reps,
            rep_seconds: Some(pace),
        } => {
            for r in 1..=*reps {
                let (prompt, count) = match &ex.say {
                    Some(say) => (say.clone(), Some(format!("Rep {r} of {reps}"))),
                    None => (format!("Rep {r} of {reps}").into(), None),
                };
                push(prompt, count, Length::Timed(*pace), None, 0);
            }
        }
        Dosage::Reps {
            reps,
            rep_seconds: None,
        } => {
            let estimate = reps.saturating_mul(crate::routine::SELF_PACED_REP_ESTIMATE);
            let prompt = match &ex.say {
                Some(say) => format!("{reps} reps at your own pace: {say}; then press Enter"),
                None => format!("{reps} reps at your own pace, then press Enter"),
            };
            push(prompt.into(), None, Length::UntilDone { estimate }, None, 0);
        }
        Dosage::Phases { phases, cycles } => {
            for c in 1..=*cycles {
                let count = (*cycles > 1).then(|| format!("Round {c} of {cycles}"));
                for (i, p) in phases.iter().enumerate() {
                    push(
                        p.say.clone(),
                        count.clone(),
                        Length::Timed(p.seconds),
                        None,
                        i,
                    );
                }
            }
        }
        Dosage::Breath { breath, cycles } => {
            let parts = [
                ("Breathe in", breath.inhale, BreathPart::In),
                ("Hold", breath.hold, BreathPart::Hold),
                ("Breathe out", breath.exhale, BreathPart::Out),
                ("Hold, empty", breath.hold_after, BreathPart::HoldEmpty),
            ]
            .map(|(say, secs, part)| (Text::from(say), secs, part));
            for c in 1..=*cycles {
                let count = Some(format!("Breath {c} of {cycles}"));
                let parts = parts.iter().filter(|(_, s, _)| *s > 0);
                for (i, (say, secs, part)) in parts.enumerate() {
                    push(
                        say.clone(),
                        count.clone(),
                        Length::Timed(*secs),
                        Some(*part),
                        i,
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{Breath, When};

    fn ex(dosage: Dosage) -> Exercise {
        Exercise::sample("Test", Strategy::Stretching, dosage)
    }

    fn routine(steps: Vec<Exercise>, rest: Option<u32>) -> Routine {
        Routine {
            name: "t".into(),
            title: "T".into(),
            summary: "S".into(),
            when: When::Any,
            purpose: None,
            equipment: Vec::new(),
            rest,
            steps,
        }
    }

    fn no_extras() -> PlanOptions {
        PlanOptions {
            lead_in: 0,
            default_rest: 0,
            switch: 0,
            voice: false,
        }
    }

    #[test]
    fn timed_step_is_one_phase() {
        let plan = Plan::new(
            &routine(vec![ex(Dosage::Timed { seconds: 30 })], None),
            &no_extras(),
        );
        assert_eq!(plan.phases.len(), 1);
        assert_eq!(plan.total_seconds(), 30);
        assert!(!plan.is_estimate());
    }

    #[test]
    fn say_is_the_prompt_of_a_hold_and_of_each_rep() {
        let mut hold = ex(Dosage::Timed { seconds: 30 });
        hold.say = Some("Brace lightly; keep breathing".into());
        let mut reps = ex(Dosage::Reps {
            reps: 2,
            rep_seconds: Some(4),
        });
        reps.say = Some("Lift your hips".into());
        let plan = Plan::new(&routine(vec![hold, reps], None), &no_extras());
        let said: Vec<(&str, Option<&str>)> = plan
            .phases
            .iter()
            .map(|p| (p.prompt.as_str(), p.detail.as_deref()))
            .collect();
        assert_eq!(
            said,
            [
                ("Brace lightly; keep breathing", None),
                ("Lift your hips", Some("Rep 1 of 2")),
                ("Lift your hips", Some("Rep 2 of 2")),
            ]
        );
    }

    /// Found by the adversarial review: each planned phase held its own copy of its text, so
    /// a long `say` in a phase repeated 10,000 times was 10,000 copies. Now every phase that
    /// says it points at the routine's one copy.
    #[test]
    fn one_phases_text_is_shared_not_copied_into_every_planned_phase() {
        let mut phases = ex(Dosage::Phases {
            phases: vec![
                crate::routine::Phase {
                    aloud: None,
                    say: "Tense".into(),
                    seconds: 7,
                },
                crate::routine::Phase {
                    aloud: None,
                    say: "Let go".into(),
                    seconds: 15,
                },
            ],
            cycles: 5,
        });
        phases.sets = 2;
        phases.sides = true;
        let mut reps = ex(Dosage::Reps {
            reps: 10,
            rep_seconds: Some(3),
        });
        reps.say = Some("Lift your hips".into());
        let r = routine(vec![phases, reps], None);
        let plan = Plan::new(&r, &no_extras());
        let source = |text: &str| -> *const u8 {
            let found = match &r.steps[0].dosage {
                Dosage::Phases { phases, .. } => phases.iter().find(|p| p.say == text),
                _ => None,
            };
            match found {
                Some(p) => p.say.as_ptr(),
                None => r.steps[1]
                    .say
                    .as_deref()
                    .map_or(std::ptr::null(), str::as_ptr),
            }
        };
        let mut shared = 0;
        for p in plan.phases.iter().filter(|p| p.kind == PhaseKind::Work) {
            assert_eq!(
                p.prompt.as_ptr(),
                source(&p.prompt),
                "{:?} is a copy",
                p.prompt
            );
            shared += 1;
        }
        assert_eq!(shared, 2 * 2 * 5 * 2 + 10);
    }

    #[test]
    fn lead_in_and_rest_between_steps_only() {
        let r = routine(
            vec![
                ex(Dosage::Timed { seconds: 30 }),
                ex(Dosage::Timed { seconds: 20 }),
            ],
            Some(15),
        );
        let plan = Plan::new(&r, &PlanOptions::default());
        let kinds: Vec<PhaseKind> = plan.phases.iter().map(|p| p.kind).collect();
        use PhaseKind::*;
        assert_eq!(kinds, [LeadIn, Work, Rest, LeadIn, Work]);
        assert_eq!(plan.total_seconds(), 3 + 30 + 15 + 3 + 20);
        assert_eq!(plan.step_seconds(0), 30);
        assert_eq!(plan.step_seconds(1), 20);
    }

    #[test]
    fn sets_and_sides_interleave_with_switch_and_rest() {
        let mut e = ex(Dosage::Timed { seconds: 20 });
        e.sets = 2;
        e.set_rest = 10;
        e.sides = true;
        let plan = Plan::new(
            &routine(vec![e], None),
            &PlanOptions {
                lead_in: 0,
                ..Default::default()
            },
        );
        let shown: Vec<(PhaseKind, Option<&str>)> = plan
            .phases
            .iter()
            .map(|p| (p.kind, p.detail.as_deref()))
            .collect();
        use PhaseKind::*;
        assert_eq!(
            shown,
            [
                (Work, Some("Set 1 of 2 · Left side")),
                (Switch, None),
                (Work, Some("Set 1 of 2 · Right side")),
                (SetRest, None),
                (Work, Some("Set 2 of 2 · Left side")),
                (Switch, None),
                (Work, Some("Set 2 of 2 · Right side")),
            ]
        );
        assert_eq!(plan.total_seconds(), 4 * 20 + 2 * 5 + 10);
    }

    #[test]
    fn paced_reps_are_one_phase_each() {
        let plan = Plan::new(
            &routine(
                vec![ex(Dosage::Reps {
                    reps: 3,
                    rep_seconds: Some(4),
                })],
                None,
            ),
            &no_extras(),
        );
        let prompts: Vec<&str> = plan.phases.iter().map(|p| p.prompt.as_str()).collect();
        assert_eq!(prompts, ["Rep 1 of 3", "Rep 2 of 3", "Rep 3 of 3"]);
        assert_eq!(plan.total_seconds(), 12);
    }

    #[test]
    fn self_paced_reps_wait_for_the_user() {
        let plan = Plan::new(
            &routine(
                vec![ex(Dosage::Reps {
                    reps: 10,
                    rep_seconds: None,
                })],
                None,
            ),
            &no_extras(),
        );
        assert_eq!(plan.phases[0].length, Length::UntilDone { estimate: 50 });
        assert!(plan.is_estimate());
        let plan = plan.without_waits();
        assert_eq!(plan.phases[0].length, Length::Timed(50));
        assert!(!plan.is_estimate());
    }

    #[test]
    fn breathing_skips_zero_holds() {
        let breath = Breath {
            inhale: 4,
            hold: 0,
            exhale: 6,
            hold_after: 0,
        };
        let plan = Plan::new(
            &routine(vec![ex(Dosage::Breath { breath, cycles: 2 })], None),
            &no_extras(),
        );
        let prompts: Vec<(&str, u32)> = plan
            .phases
            .iter()
            .map(|p| (p.prompt.as_str(), p.length.seconds()))
            .collect();
        assert_eq!(
            prompts,
            [
                ("Breathe in", 4),
                ("Breathe out", 6),
                ("Breathe in", 4),
                ("Breathe out", 6)
            ]
        );
        assert_eq!(plan.phases[2].detail.as_deref(), Some("Breath 2 of 2"));
    }

    #[test]
    fn phases_repeat_by_cycle() {
        let phases = vec![
            crate::routine::Phase {
                aloud: None,
                say: "Tense".into(),
                seconds: 7,
            },
            crate::routine::Phase {
                aloud: None,
                say: "Let go".into(),
                seconds: 15,
            },
        ];
        let plan = Plan::new(
            &routine(vec![ex(Dosage::Phases { phases, cycles: 2 })], None),
            &no_extras(),
        );
        assert_eq!(plan.phases.len(), 4);
        assert_eq!(plan.total_seconds(), 44);
        assert_eq!(plan.phases[3].detail.as_deref(), Some("Round 2 of 2"));
    }

    /// The built-in routines, parsed, and the catalogue.
    fn built_ins() -> (Vec<Routine>, crate::routine::Catalogue) {
        let lib = match crate::routine::library::Library::load(None) {
            Ok(l) => l,
            Err(e) => panic!("built-in catalogue is invalid: {e:?}"),
        };
        let (found, problems) = match lib.all() {
            Ok(x) => x,
            Err(e) => panic!("{e:?}"),
        };
        assert!(problems.is_empty(), "{problems:?}");
        (
            found.into_iter().map(|f| f.routine).collect(),
            lib.catalogue.clone(),
        )
    }

    /// Every heat step, in every built-in routine, is followed in the plan by its "Heat off".
    #[test]
    fn every_heat_step_ends_with_heat_off() {
        for r in built_ins().0 {
            let plan = Plan::new(&r, &PlanOptions::default());
            for (i, step) in r.steps.iter().enumerate() {
                if step.strategy != Strategy::Heat {
                    continue;
                }
                let last_heat = plan.phases.iter().rposition(|p| p.step == i && p.heat);
                let next = last_heat.and_then(|k| plan.phases.get(k + 1));
                assert!(
                    next.is_some_and(|p| p.kind == PhaseKind::HeatOff
                        && p.step == i
                        && p.prompt.starts_with("Heat off")),
                    "{}: step {} ({}) is not followed by \"Heat off\": {next:?}",
                    r.name,
                    i + 1,
                    step.name
                );
            }
        }
    }

    /// Issue 10: `parse` bounded a routine by building its whole plan, and `show`, `list`
    /// and `exercises` each added lengths up their own way. Now the routine works out its
    /// own length and phase count without a plan; here the plan, built phase by phase,
    /// agrees with it, for every built-in routine, every catalogue exercise as a routine of
    /// one step, and a few made to reach every branch, with several options.
    #[test]
    fn length_bounds_overflow_u32_routine_and_plan_agree_on_length() {
        let (mut routines, catalogue) = built_ins();
        for ex in catalogue.exercises.values() {
            routines.push(routine(vec![ex.clone()], None));
        }
        let mut sided = ex(Dosage::Reps {
            reps: 3,
            rep_seconds: Some(4),
        });
        sided.sets = 3;
        sided.set_rest = 20;
        sided.sides = true;
        let mut heat = ex(Dosage::Timed { seconds: 600 });
        heat.strategy = Strategy::Heat;
        heat.sides = true;
        heat.prepare = Some("Fetch the pad".into());
        let mut no_rest_between_sets = ex(Dosage::Reps {
            reps: 10,
            rep_seconds: None,
        });
        no_rest_between_sets.sets = 2;
        no_rest_between_sets.get_ready = Some(40);
        let breath = Breath {
            inhale: 4,
            hold: 0,
            exhale: 6,
            hold_after: 2,
        };
        let phases = vec![
            crate::routine::Phase {
                aloud: None,
                say: "Tense".into(),
                seconds: 7,
            },
            crate::routine::Phase {
                aloud: None,
                say: "Let go".into(),
                seconds: 15,
            },
        ];
        let steps = vec![
            sided,
            heat,
            no_rest_between_sets,
            ex(Dosage::Breath { breath, cycles: 5 }),
            ex(Dosage::Phases { phases, cycles: 3 }),
        ];
        routines.push(routine(steps.clone(), None));
        routines.push(routine(steps.clone(), Some(0)));
        let mut with_equipment = routine(steps, Some(45));
        with_equipment.equipment = vec!["mat".into()];
        routines.push(with_equipment);
        routines.push(routine(Vec::new(), None));

        let options = [
            PlanOptions::default(),
            no_extras(),
            PlanOptions {
                lead_in: 30,
                default_rest: 600,
                switch: 9,
                voice: false,
            },
            // Spoken: a get-ready that names its step is at least 12 s.
            PlanOptions {
                voice: true,
                ..PlanOptions::default()
            },
            PlanOptions {
                voice: true,
                ..no_extras()
            },
        ];
        for r in &routines {
            for opts in &options {
                let plan = Plan::new(r, opts);
                let size = r.extent(opts);
                assert_eq!(size.seconds, plan.total_seconds(), "{} {opts:?}", r.name);
                assert_eq!(size.phases, plan.phases.len() as u64, "{} {opts:?}", r.name);
                assert_eq!(r.is_estimate(), plan.is_estimate(), "{} {opts:?}", r.name);
                for (i, step) in r.steps.iter().enumerate() {
                    assert_eq!(
                        step.extent(opts).seconds,
                        plan.step_seconds(i),
                        "{} step {} {opts:?}",
                        r.name,
                        i + 1
                    );
                }
            }
        }
    }
}
