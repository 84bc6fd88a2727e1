//! The fitting rules, one test each, then properties over random routines.

use proptest::prelude::{
    Just, ProptestConfig, Strategy as _, any, prop, prop_assert, prop_oneof, proptest,
};

use super::*;
use crate::routine::library::Library;
use crate::routine::{Breath, Phase, When};

fn step(name: &str, strategy: Strategy, dosage: Dosage) -> Exercise {
    Exercise::sample(name, strategy, dosage)
}

fn hold(name: &str, strategy: Strategy, seconds: u32) -> Exercise {
    step(name, strategy, Dosage::Timed { seconds })
}

fn rounds(name: &str, strategy: Strategy, cycles: u32) -> Exercise {
    let phases = vec![
        Phase {
            aloud: None,
            say: "in".into(),
            seconds: 4,
        },
        Phase {
            aloud: None,
            say: "out".into(),
            seconds: 4,
        },
    ];
    step(name, strategy, Dosage::Phases { phases, cycles })
}

fn routine(steps: Vec<Exercise>) -> Routine {
    Routine {
        name: "test".into(),
        title: "Test".into(),
        summary: "S".into(),
        when: When::Any,
        purpose: None,
        equipment: Vec::new(),
        rest: Some(10),
        steps,
    }
}

fn opts() -> PlanOptions {
    PlanOptions::default()
}

fn seconds(r: &Routine) -> u64 {
    r.extent(&opts()).seconds
}

fn names(steps: &[Exercise]) -> Vec<&str> {
    steps.iter().map(|s| s.name.as_str()).collect()
}

fn fitted(r: &Routine, budget: u64) -> Fitted {
    match fit(r, &opts(), budget) {
        Ok(f) => f,
        Err(e) => panic!("{budget} s should fit: {e:?}"),
    }
}

fn built_in(name: &str) -> Routine {
    let lib = Library::load(None).expect("catalogue");
    lib.resolve(name).expect("routine").routine
}

#[test]
fn a_routine_that_fits_is_left_as_it_is() {
    let r = routine(vec![hold("Stretch", Strategy::Stretching, 30)]);
    let f = fitted(&r, seconds(&r));
    assert!(!f.changed());
    assert_eq!(f.routine, r);
}

/// Fewer sets come before shorter holds: 3 x 30 s becomes 2 x 30 s, not 3 x 25 s.
#[test]
fn fewer_sets_come_first() {
    let mut pose = hold("Child's pose", Strategy::Stretching, 30);
    pose.sets = 3;
    pose.set_rest = 10;
    let r = routine(vec![pose]);
    let f = fitted(&r, seconds(&r) - 1);
    assert_eq!(f.shortened.len(), 1);
    let (_, to) = &f.shortened[0];
    assert_eq!((to.sets, &to.dosage), (2, &Dosage::Timed { seconds: 30 }));
}

/// The physio's review: "Child's pose 2 x 20 s -> 1 x 20 s" was below ACSM's 2-4 holds. A
/// static stretch keeps 2 holds of 20 s; other doses keep 1 set.
#[test]
fn a_static_stretch_keeps_two_holds() {
    let mut pose = hold("Child's pose", Strategy::Stretching, 30);
    pose.sets = 3;
    let least = minimum(&pose);
    assert_eq!(
        (least.sets, &least.dosage),
        (2, &Dosage::Timed { seconds: 20 })
    );
    let mut plank = hold("Plank", Strategy::Strengthening, 30);
    plank.sets = 3;
    assert_eq!(minimum(&plank).sets, 1);
    // A stretch written as one hold is not made two.
    let one = hold("Reach", Strategy::Stretching, 30);
    assert_eq!(minimum(&one).sets, 1);
}

/// Each kind of dose stops at its minimum (CONTENT.md's numbers), whatever the time asked.
#[test]
fn no_dose_goes_below_its_minimum() {
    let mut plank = hold("Plank", Strategy::Strengthening, 30);
    plank.sets = 3;
    plank.set_rest = 30;
    let r = routine(vec![
        hold("Stretch", Strategy::Stretching, 60),
        plank,
        hold("Heat", Strategy::Heat, 15 * 60),
        hold("Walk", Strategy::Posture, 180),
        hold("Ball", Strategy::SelfMassage, 90),
        step(
            "Bridge",
            Strategy::Strengthening,
            Dosage::Reps {
                reps: 20,
                rep_seconds: Some(6),
            },
        ),
        rounds("Cat-cow", Strategy::Stretching, 10),
        step(
            "Breathing",
            Strategy::MindBody,
            Dosage::Breath {
                breath: Breath {
                    inhale: 4,
                    hold: 0,
                    exhale: 6,
                    hold_after: 0,
                },
                cycles: 10,
            },
        ),
    ]);
    let least: Vec<Exercise> = r.steps.iter().map(minimum).collect();
    let at_least = seconds(&Routine {
        steps: least.clone(),
        ..r.clone()
    });
    let f = fitted(&r, at_least);
    assert!(f.left_out.is_empty(), "every step fits at its minimum");
    assert_eq!(f.routine.steps, least);
    let doses: Vec<(u32, &Dosage)> = f
        .routine
        .steps
        .iter()
        .map(|s| (s.sets, &s.dosage))
        .collect();
    assert_eq!(doses[0], (1, &Dosage::Timed { seconds: 20 }), "ACSM: 20 s");
    assert_eq!(
        doses[1],
        (1, &Dosage::Timed { seconds: 20 }),
        "SportBU: 20 s"
    );
    assert_eq!(
        doses[2],
        (1, &Dosage::Timed { seconds: 300 }),
        "heat: 5 min"
    );
    assert_eq!(
        doses[3],
        (1, &Dosage::Timed { seconds: 30 }),
        "posture: 30 s"
    );
    assert_eq!(
        doses[4],
        (1, &Dosage::Timed { seconds: 20 }),
        "massage: 20 s"
    );
    assert!(
        matches!(doses[5].1, Dosage::Reps { reps: 5, .. }),
        "NHS inform: 5"
    );
    assert!(
        matches!(doses[6].1, Dosage::Phases { cycles: 5, .. }),
        "5 rounds"
    );
    assert!(
        matches!(doses[7].1, Dosage::Breath { cycles: 6, .. }),
        "a minute"
    );
}

/// A dose already under the minimum is never made longer (heat least of all).
#[test]
fn nothing_is_made_longer() {
    let r = routine(vec![
        hold("Short stretch", Strategy::Stretching, 15),
        hold("Heat", Strategy::Heat, 4 * 60),
        rounds("Cat-cow", Strategy::Stretching, 3),
    ]);
    for ex in &r.steps {
        assert_eq!(&minimum(ex), ex, "{}", ex.name);
    }
    let f = fitted(&r, seconds(&r));
    assert!(!f.changed());
}

/// A long hold comes down a minute at a time, a short one 5 s at a time.
#[test]
fn holds_come_down_in_whole_minutes_or_5_seconds() {
    let heat = hold("Heat", Strategy::Heat, 10 * 60);
    let floor = minimum(&heat);
    let next = shorter(&heat, &floor).expect("shorter");
    assert_eq!(next.dosage, Dosage::Timed { seconds: 9 * 60 });
    let stretch = hold("Stretch", Strategy::Stretching, 32);
    let next = shorter(&stretch, &minimum(&stretch)).expect("shorter");
    assert_eq!(next.dosage, Dosage::Timed { seconds: 30 });
    let at_floor = hold("Stretch", Strategy::Stretching, 20);
    assert_eq!(shorter(&at_floor, &minimum(&at_floor)), None);
}

/// Steps come down together, each by its share, rather than one step to its minimum first;
/// what the last notch took beyond the time goes back.
#[test]
fn steps_come_down_together() {
    let r = routine(vec![
        hold("Heat", Strategy::Heat, 10 * 60),
        rounds("Cat-cow", Strategy::Stretching, 10),
    ]);
    let f = fitted(&r, seconds(&r) - 120);
    // Heat a minute at a time and cat-cow a round at a time, by turns: 8 min of heat and 8
    // rounds take 136 s off; the 16 s over go back to cat-cow, whole.
    assert_eq!(f.routine.steps[0].dosage, Dosage::Timed { seconds: 8 * 60 });
    assert_eq!(
        names(
            &f.shortened
                .iter()
                .map(|(_, to)| to.clone())
                .collect::<Vec<_>>()
        ),
        ["Heat"]
    );
    assert_eq!(seconds(&f.routine), seconds(&r) - 120);
}

#[test]
fn optional_steps_are_left_out_first() {
    let mut extra = hold("Extra", Strategy::MindBody, 20);
    extra.optional = true;
    let r = routine(vec![
        hold("Stretch", Strategy::Stretching, 20),
        hold("Another stretch", Strategy::Stretching, 20),
        extra,
    ]);
    // Room for two steps at their minimum: the optional one goes, though it is the only
    // mind-body step.
    let f = fitted(&r, 2 * 23 + 10);
    assert_eq!(names(&f.left_out), ["Extra"]);
}

/// A step whose strategy another step has goes before the only step of a strategy, so every
/// strategy stays while one step of each fits; of those, the longest goes first.
#[test]
fn every_strategy_stays_while_it_can() {
    let r = routine(vec![
        rounds("Cat-cow", Strategy::Stretching, 5),
        hold("Child's pose", Strategy::Stretching, 20),
        hold("Knee to chest", Strategy::Stretching, 20),
        hold("Ball", Strategy::SelfMassage, 20),
        hold("Breathe", Strategy::MindBody, 60),
    ]);
    let f = fitted(&r, 23 + 23 + 63 + 2 * 10);
    assert_eq!(names(&f.left_out), ["Cat-cow", "Knee to chest"]);
    let strategies = f.routine.strategies();
    assert_eq!(strategies.len(), 3, "{strategies:?}");
}

/// A short step left out before a long one fits again once the long one is gone.
#[test]
fn a_step_left_out_early_comes_back_when_it_fits() {
    let mut short = hold("Short", Strategy::Stretching, 20);
    short.optional = true;
    let r = routine(vec![
        hold("Long", Strategy::Posture, 5 * 60),
        hold("Also long", Strategy::Posture, 4 * 60),
        short,
    ]);
    // At their minimum the posture steps are 33 s each and the stretch 23 s: all three are
    // 89 s and two rests 20 s. With 70 s, the optional goes first, then a posture step; then
    // the optional fits again.
    let f = fitted(&r, 70);
    assert_eq!(names(&f.left_out), ["Also long"]);
    assert!(seconds(&f.routine) <= 70);
}

/// Lead-ins, setting up, rests and "Heat off" all count in the planned time.
#[test]
fn the_whole_timeline_counts() {
    let mut heat = hold("Heat", Strategy::Heat, 10 * 60);
    heat.prepare = Some("Fill the bottle".into());
    let r = routine(vec![heat, hold("Stretch", Strategy::Stretching, 20)]);
    // 5 min of heat, its 60 s setting up and 20 s "Heat off", a 10 s rest, 3 s to get
    // ready and the stretch: 413 s at the least.
    assert!(fit(&r, &opts(), 412).is_ok_and(|f| f.left_out.len() == 1));
    let f = fitted(&r, 413);
    assert!(f.left_out.is_empty());
    assert_eq!(seconds(&f.routine), 413);
}

/// Too little time: the shortest it can be is the shortest step of the strategy the routine
/// centres on, alone at its minimum; the other steps can all go, but not all of that.
#[test]
fn too_little_time_says_the_shortest() {
    let r = routine(vec![
        hold("Heat", Strategy::Heat, 10 * 60),
        hold("Stretch", Strategy::Stretching, 20),
    ]);
    // 5 minutes of heat, 3 s to get ready and the 20 s "Heat off".
    assert_eq!(
        fit(&r, &opts(), 322),
        Err(TooShort {
            shortest: 323,
            estimate: false
        })
    );
    assert!(fit(&r, &opts(), 323).is_ok_and(|f| names(&f.left_out) == ["Stretch"]));
    let r = routine(vec![
        step(
            "Bridge",
            Strategy::Strengthening,
            Dosage::Reps {
                reps: 10,
                rep_seconds: None,
            },
        ),
        hold("Stretch", Strategy::Stretching, 20),
    ]);
    // The bridge at 5 self-paced reps, counted at 5 s each, and 3 s to get ready.
    assert_eq!(
        fit(&r, &opts(), 27),
        Err(TooShort {
            shortest: 28,
            estimate: true
        })
    );
}

/// Issue 14: ten minutes of the evening routine is at most ten minutes, keeps heat,
/// stretching, self-massage and mind-body, and leaves out the optional knee-to-chest.
#[test]
fn ten_minutes_of_evening() {
    let r = built_in("evening");
    let f = fitted(&r, 600);
    assert!(seconds(&f.routine) <= 600, "{}", seconds(&f.routine));
    assert_eq!(f.routine.strategies(), r.strategies());
    assert!(
        names(&f.left_out).contains(&"Knee to chest"),
        "{:?}",
        names(&f.left_out)
    );
    for (from, to) in &f.shortened {
        assert!(to.extent(&opts()).seconds < from.extent(&opts()).seconds);
    }
}

/// Every built-in routine fits every whole number of minutes from its shortest up, within
/// the time, and says the shortest below it.
#[test]
fn every_built_in_fits_every_minute_it_can() {
    let lib = Library::load(None).expect("catalogue");
    let (found, _) = lib.all().expect("routines");
    for r in found.into_iter().map(|f| f.routine) {
        for minutes in 1..=30u64 {
            match fit(&r, &opts(), minutes * 60) {
                Ok(f) => assert!(seconds(&f.routine) <= minutes * 60, "{} {minutes}", r.name),
                Err(e) => assert!(e.shortest > minutes * 60, "{} {minutes}", r.name),
            }
        }
    }
}

// --- Properties -------------------------------------------------------------------------

fn any_strategy() -> impl proptest::strategy::Strategy<Value = Strategy> {
    prop::sample::select(Strategy::ALL.to_vec())
}

fn any_dosage() -> impl proptest::strategy::Strategy<Value = Dosage> {
    prop_oneof![
        (1u32..=1200).prop_map(|seconds| Dosage::Timed { seconds }),
        (1u32..=30, prop::option::of(1u32..=10))
            .prop_map(|(reps, rep_seconds)| Dosage::Reps { reps, rep_seconds }),
        (prop::collection::vec(1u32..=30, 1..4), 1u32..=20).prop_map(|(secs, cycles)| {
            Dosage::Phases {
                phases: secs
                    .into_iter()
                    .map(|seconds| Phase {
                        aloud: None,
                        say: "x".into(),
                        seconds,
                    })
                    .collect(),
                cycles,
            }
        }),
        (1u32..=8, 0u32..=4, 1u32..=8, 1u32..=20).prop_map(|(inhale, hold, exhale, cycles)| {
            Dosage::Breath {
                breath: Breath {
                    inhale,
                    hold,
                    exhale,
                    hold_after: 0,
                },
                cycles,
            }
        }),
    ]
}

fn any_step() -> impl proptest::strategy::Strategy<Value = Exercise> {
    (
        any_strategy(),
        any_dosage(),
        1u32..=4,
        0u32..=30,
        any::<bool>(),
        any::<bool>(),
        prop::option::of(0u32..=20),
        prop_oneof![Just(false), Just(false), Just(true)],
    )
        .prop_map(
            |(strategy, dosage, sets, set_rest, sides, optional, get_ready, prepare)| {
                let mut ex = step("s", strategy, dosage);
                ex.sets = sets;
                ex.set_rest = set_rest;
                ex.sides = sides;
                ex.optional = optional;
                ex.get_ready = get_ready;
                ex.prepare = prepare.then(|| "Set up".to_owned());
                ex
            },
        )
}

fn any_routine() -> impl proptest::strategy::Strategy<Value = Routine> {
    (
        prop::collection::vec(any_step(), 1..8),
        prop::option::of(0u32..=30),
    )
        .prop_map(|(mut steps, rest)| {
            for (i, s) in steps.iter_mut().enumerate() {
                s.name = format!("step {i}");
            }
            Routine {
                rest,
                ..routine(steps)
            }
        })
}

/// The step of the strategy `r` centres on that fitting keeps last, at its minimum: the
/// shortest that is not optional, or the shortest when all are.
fn last_of_main(r: &Routine) -> Option<Exercise> {
    let main = r.main_strategy()?;
    let of_main: Vec<&Exercise> = r.steps.iter().filter(|s| s.strategy == main).collect();
    let required = of_main.iter().any(|s| !s.optional);
    of_main
        .into_iter()
        .filter(|s| !(required && s.optional))
        .map(minimum)
        .min_by_key(|s| alone(r, s))
}

/// The seconds of `ex` as a routine of `r` on its own: its get-ready included.
fn alone(r: &Routine, ex: &Exercise) -> u64 {
    seconds(&Routine {
        steps: vec![ex.clone()],
        ..r.clone()
    })
}

/// Is `to` between `from`'s minimum and `from` itself, in every part of its dose?
fn within(from: &Exercise, to: &Exercise) -> bool {
    let least = minimum(from);
    let dose = |d: &Dosage| match d {
        Dosage::Timed { seconds } => *seconds,
        Dosage::Reps { reps, .. } => *reps,
        Dosage::Phases { cycles, .. } | Dosage::Breath { cycles, .. } => *cycles,
    };
    let same_kind = std::mem::discriminant(&from.dosage) == std::mem::discriminant(&to.dosage);
    same_kind
        && (least.sets..=from.sets).contains(&to.sets)
        && (dose(&least.dosage)..=dose(&from.dosage)).contains(&dose(&to.dosage))
        && to.sets >= 1
        && from.sides == to.sides
        && from.name == to.name
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever the routine and the time: within the time when it fits, every step kept
    /// between its minimum and its dose as written, the steps kept and left out together the
    /// routine in its order, the strategy it centres on kept; and too short exactly when the
    /// last step of that strategy does not fit alone at its minimum.
    #[test]
    fn fitted_routines_keep_the_time_and_the_minimum(r in any_routine(), budget in 1u64..=3600) {
        let shortest_alone = last_of_main(&r)
            .map_or(0, |s| seconds(&Routine { steps: vec![s], ..r.clone() }));
        match fit(&r, &opts(), budget) {
            Ok(f) => {
                prop_assert!(seconds(&f.routine) <= budget || !f.changed());
                prop_assert!(seconds(&f.routine) <= seconds(&r));
                prop_assert!(!f.routine.steps.is_empty());
                let main = r.main_strategy();
                prop_assert!(f.routine.steps.iter().any(|s| Some(s.strategy) == main));
                let mut kept = f.routine.steps.iter().peekable();
                let mut left = f.left_out.iter().peekable();
                for from in &r.steps {
                    if kept.peek().is_some_and(|k| k.name == from.name) {
                        let to = kept.next().expect("peeked");
                        prop_assert!(within(from, to), "{from:?} -> {to:?}");
                    } else {
                        prop_assert!(left.next().is_some_and(|l| l == from));
                    }
                }
                prop_assert!(kept.next().is_none() && left.next().is_none());
                for (from, to) in &f.shortened {
                    prop_assert!(from != to && within(from, to));
                }
            }
            Err(e) => {
                prop_assert!(seconds(&r) > budget);
                prop_assert!(e.shortest > budget);
                prop_assert!(e.shortest == shortest_alone);
            }
        }
        prop_assert!(fit(&r, &opts(), budget).is_ok() == (shortest_alone <= budget || seconds(&r) <= budget));
    }

    /// Every strategy of the steps that are not optional stays, as long as one step of each
    /// (the shortest at its minimum; of the strategy it centres on, the one kept last) fits.
    #[test]
    fn every_strategy_it_can_is_kept(r in any_routine(), budget in 1u64..=3600) {
        let mut one_each: Vec<Exercise> = last_of_main(&r).into_iter().collect();
        for s in r.steps.iter().filter(|s| !s.optional) {
            let least = minimum(s);
            match one_each.iter_mut().find(|o| o.strategy == s.strategy) {
                Some(_) if Some(s.strategy) == r.main_strategy() => {}
                Some(o) if alone(&r, o) > alone(&r, &least) => *o = least,
                Some(_) => {}
                None => one_each.push(least),
            }
        }
        let room = seconds(&Routine { steps: one_each.clone(), ..r.clone() });
        if !one_each.is_empty() && room <= budget {
            let f = fit(&r, &opts(), budget);
            prop_assert!(f.is_ok());
            let kept = f.map(|f| f.routine.strategies()).unwrap_or_default();
            for s in one_each.iter().map(|o| o.strategy) {
                prop_assert!(kept.contains(&s), "{s:?} left out of {kept:?}");
            }
        }
    }
}
