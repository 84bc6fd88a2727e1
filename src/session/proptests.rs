//! Properties of the engine over every built-in routine, random settings, random wake-up
//! times and random keys: the active time is the plan when nothing is pressed, pauses never
//! count, and whatever is pressed, the session ends in a valid state with a valid summary.
//! (That any summary makes a record that reads back is `journal::record`'s property.)

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::*;
use crate::plan::PlanOptions;
use crate::routine::Routine;
use crate::routine::library::Library;

/// The built-in routines, parsed once.
fn routines() -> &'static [Routine] {
    static ROUTINES: OnceLock<Vec<Routine>> = OnceLock::new();
    ROUTINES.get_or_init(|| {
        let library = Library::load(None).expect("catalogue");
        let (found, problems) = library.all().expect("built-ins");
        assert!(problems.is_empty());
        found.into_iter().map(|f| f.routine).collect()
    })
}

fn options() -> impl Strategy<Value = PlanOptions> {
    (0u32..=5, 0u32..=20, 0u32..=5, 0u32..=8).prop_map(|(lead_in, default_rest, switch, voice)| {
        PlanOptions {
            lead_in,
            default_rest,
            switch,
            voice: voice > 4,
        }
    })
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Runs the engine, waking at its own wake-up times plus `late` (cycled), pressing Enter
/// only when a self-paced phase waits for it. Returns the end time.
fn run_to_end(engine: &mut Engine, t0: Instant, late: &[u64]) -> Instant {
    let mut t = t0;
    for i in 0..1_000_000 {
        engine.update(t);
        if engine.is_finished() {
            return t;
        }
        match engine.next_wakeup(t) {
            Some(at) => t = at.max(t) + ms(late[i % late.len()]),
            None => {
                engine.command(Command::Done, t);
            }
        }
    }
    panic!("the session never finished");
}

/// Runs the engine up to `until`, pressing Enter the moment a phase waits for it; returns
/// `until`, or the end if the session finishes first.
fn run_until(engine: &mut Engine, from: Instant, until: Instant) -> Instant {
    let mut t = from;
    loop {
        engine.update(t);
        if engine.is_finished() {
            return t;
        }
        match engine.next_wakeup(t) {
            Some(at) if at.max(t) < until => t = at.max(t),
            Some(_) => {
                engine.update(until);
                return until;
            }
            None => {
                engine.command(Command::Done, t);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// With nothing pressed, however late the wake-ups, the active time is the plan's,
    /// to the millisecond, and every step is done.
    #[test]
    fn untouched_active_time_equals_the_plan(
        which in 0usize..64,
        opts in options(),
        late in prop::collection::vec(0u64..400, 1..8),
    ) {
        let timed: Vec<&Routine> = routines()
            .iter()
            .filter(|r| !Plan::new(r, &opts).is_estimate())
            .collect();
        prop_assume!(!timed.is_empty());
        let routine = timed[which % timed.len()];
        let plan = Plan::new(routine, &opts);
        let total = Duration::from_secs(plan.total_seconds());
        let t0 = Instant::now();
        let mut engine = Engine::new(plan, t0);
        let end = run_to_end(&mut engine, t0, &late);
        let summary = engine.summary(end);
        prop_assert_eq!(summary.status, Status::Completed);
        prop_assert_eq!(summary.active, total);
        prop_assert!(summary.steps.iter().all(|s| s.outcome == Outcome::Done));
        prop_assert_eq!(summary.steps.len(), routine.steps.len());
    }

    /// Pauses, however many and however long, add to the wall time and never to the
    /// active time. (Heat is the exception, by design: a paused pad stays warm, so its
    /// time counts; routines with heat are left to the next property.)
    #[test]
    fn pauses_never_count(
        which in 0usize..64,
        opts in options(),
        pauses in prop::collection::vec((1u64..120_000, 1u64..600_000), 0..12),
    ) {
        let no_heat: Vec<&Routine> = routines().iter().filter(|r| r.heat_seconds() == 0).collect();
        let routine = no_heat[which % no_heat.len()];
        let plan = Plan::new(routine, &opts);
        let t0 = Instant::now();
        let mut plain = Engine::new(plan.clone(), t0);
        let plain_end = run_to_end(&mut plain, t0, &[0]);
        let expected = plain.summary(plain_end).active;

        let mut engine = Engine::new(plan, t0);
        let mut t = t0;
        let mut paused_for = Duration::ZERO;
        for (after, length) in pauses {
            // Enter goes in the moment a phase waits for it (the equipment, setting up), as
            // in the run without pauses: time spent waiting would count, pause or not.
            t = run_until(&mut engine, t, t + ms(after));
            if engine.is_finished() {
                break;
            }
            engine.command(Command::TogglePause, t);
            prop_assert!(engine.is_paused());
            t += ms(length);
            paused_for += ms(length);
            prop_assert!(engine.update(t).is_empty(), "nothing happens while paused");
            engine.command(Command::TogglePause, t);
        }
        let end = run_to_end(&mut engine, t, &[0]);
        let summary = engine.summary(end);
        prop_assert_eq!(summary.active, expected);
        prop_assert!(end - t0 >= expected + paused_for);
    }

    /// Any keys at any times: the session ends in a valid state, and its summary is valid.
    #[test]
    fn any_keys_end_in_a_valid_state_and_record(
        which in 0usize..64,
        opts in options(),
        keys in prop::collection::vec((0u64..20_000, 0usize..7), 0..60),
        stop in any::<bool>(),
    ) {
        let commands = [
            Command::TogglePause,
            Command::Next,
            Command::Back,
            Command::More,
            Command::Less,
            Command::Done,
            Command::Stop,
        ];
        let routine = &routines()[which % routines().len()];
        let plan = Plan::new(routine, &opts);
        let t0 = Instant::now();
        let mut engine = Engine::new(plan, t0);
        let mut t = t0;
        for (after, key) in keys {
            t += ms(after);
            engine.command(commands[key], t);
            // Heat never passes its limit, whatever is pressed (up to one key's lateness).
            prop_assert!(engine.heat_used(t) <= HEAT_LIMIT + ms(20_000));
            let state = engine.state(t);
            prop_assert!(state.is_some());
            if let Some(state) = state {
                prop_assert!(state.index < engine.plan().phases.len());
                prop_assert!((0.0..=1.0).contains(&state.session_progress));
                prop_assert!((0.0..=1.0).contains(&state.step_progress));
                prop_assert!(state.active <= t - t0);
            }
        }
        let end = if stop {
            engine.command(Command::Stop, t);
            t
        } else {
            if engine.is_paused() {
                engine.command(Command::TogglePause, t);
            }
            run_to_end(&mut engine, t, &[0])
        };
        prop_assert!(engine.is_finished());
        let summary = engine.summary(end);
        prop_assert!(summary.active <= end - t0);
        let mut last = None;
        let mut on_steps = Duration::ZERO;
        for s in &summary.steps {
            prop_assert!(s.step < routine.steps.len());
            prop_assert!(last.is_none_or(|l| s.step > l), "steps in order, each once");
            last = Some(s.step);
            on_steps += s.active;
        }
        prop_assert!(on_steps <= summary.active);
        prop_assert!(summary.planned >= Duration::ZERO);
    }
}
