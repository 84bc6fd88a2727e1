//! What the spoken coach says (`start --voice`): a session's events turned into short
//! sentences written for the ear, as `view` turns them into frames for the eye. It is pure:
//! it is given the events and the engine's state and gives text; `terminal::speaker` is the
//! edge that hands the text to a speech program.
//!
//! What is said: the routine's title and each step as it begins ("Step 2 of 7: Cat-cow, 10
//! rounds"), each new prompt (a repeated prompt becomes its count: "Lift your hips", "2",
//! "3"), "Switch sides", "Rest. Next: ...", "Halfway" on holds of 30 s or more, "3", "2", "1"
//! before the end of phases of 10 s or more, the heat's end, and "Session complete". A phase
//! under 2 s gets only its count, or nothing. Before a routine fitted to `--minutes`, what
//! fitting changed.

use std::time::Duration;

use crate::fit::Fitted;
use crate::plan::{Length, Phase, PhaseKind, Plan};
use crate::routine::{Dosage, Exercise, Routine};
use crate::session::{Event, State, Status};

/// Said after what waits for Enter (what you'll need, setting up).
pub const ENTER: &str = "Press Enter when you're ready";

/// A hold this long or longer gets "Halfway".
pub const HALFWAY_FROM: Duration = Duration::from_secs(30);
/// A phase shorter than this gets only its count (or nothing): there is no time for words.
pub const WORDS_FROM: u32 = 2;

/// What has been said so far in a session, so that nothing is said twice.
#[derive(Debug, Clone, Default)]
pub struct Coach {
    /// The last prompt said in words.
    last_words: Option<String>,
    /// The last count said ("Rep 3 of 10" said as "3").
    last_count: Option<u32>,
    /// The phase whose "Halfway" was said.
    halfway: Option<usize>,
    /// The step the rest before it has named: its get-ready need not name it again.
    announced: Option<usize>,
    /// The side last said ("Left side", "Right side"), with its step: a side is said as it
    /// begins, so that someone with eyes closed knows which (again after a set's rest).
    side: Option<(usize, &'static str)>,
    titled: bool,
}

impl Coach {
    pub fn new() -> Coach {
        Coach::default()
    }

    /// What to say for `events`, then for `state` (the engine at the same instant): each
    /// sentence without its final full stop, in order. Empty when there is nothing to say.
    pub fn hear(
        &mut self,
        routine: &Routine,
        plan: &Plan,
        events: &[Event],
        state: Option<&State<'_>>,
    ) -> Vec<String> {
        let mut said = Vec::new();
        let resting = state.is_some_and(|s| s.phase.kind == PhaseKind::Rest);
        for event in events {
            match *event {
                Event::PhaseStarted(i) => {
                    self.halfway = None;
                    if let Some(phase) = plan.phases.get(i) {
                        self.phase(routine, plan, i, phase, &mut said);
                    }
                }
                // A rest's time is for naming the next step: no count cuts it short.
                Event::Countdown(_) if resting => {}
                Event::Countdown(n) => said.push(n.to_string()),
                Event::Paused => said.push("Paused".to_owned()),
                Event::Resumed => said.push("Going on".to_owned()),
                Event::Finished(Status::Completed) => said.push("Session complete".to_owned()),
                Event::Finished(Status::Stopped) => {}
            }
        }
        if let Some(state) = state.filter(|s| !s.paused && s.finished.is_none()) {
            let long = state.length.filter(|len| *len >= HALFWAY_FROM);
            if let Some(len) = long
                && state.phase.kind == PhaseKind::Work
                && self.halfway != Some(state.index)
                && state.elapsed * 2 >= len
            {
                self.halfway = Some(state.index);
                said.push("Halfway".to_owned());
            }
        }
        said
    }

    fn phase(
        &mut self,
        routine: &Routine,
        plan: &Plan,
        i: usize,
        phase: &Phase,
        said: &mut Vec<String>,
    ) {
        if !self.titled {
            self.titled = true;
            said.push(routine.title.clone());
        }
        let step = routine.steps.get(phase.step);
        let begins = plan.step_start(phase.step) == Some(i);
        let announced = begins && self.announced == Some(phase.step);
        if let (true, Some(ex)) = (begins, step) {
            // A step that begins says its prompt, even the same as the last step's.
            self.last_words = None;
            if !announced {
                said.push(step_line(routine, phase.step, ex));
            }
        }
        let short = matches!(phase.length, Length::Timed(s) if s < WORDS_FROM);
        let waits =
            matches!(phase.length, Length::UntilDone { .. }) && phase.kind != PhaseKind::Work;
        match phase.kind {
            PhaseKind::SetRest => {
                // The next set starts on the left again, and says so.
                self.side = None;
                self.words(phase.prompt.as_str(), said);
            }
            // A wait for Enter says so: eyes closed, nothing else tells.
            PhaseKind::Equipment if waits => {
                self.words(&format!("{} {ENTER}", phase.prompt), said);
            }
            PhaseKind::Equipment | PhaseKind::HeatOff => {
                self.words(phase.prompt.as_str(), said);
            }
            PhaseKind::LeadIn => match (step, phase.prompt.strip_prefix("Get ready")) {
                // The rest before named the step and its position, and may still be saying it.
                (Some(_), Some(_)) if announced => {}
                // The step was just named: its position is what is left to say.
                (Some(ex), Some(_)) => self.words(
                    &match &ex.position {
                        Some(position) => format!("Get ready: {position}"),
                        None => "Get ready".to_owned(),
                    },
                    said,
                ),
                // Setting up (`prepare`) waits for Enter.
                _ if waits => self.words(
                    &format!("{}. {ENTER}", phase.prompt.trim_end_matches('.')),
                    said,
                ),
                _ => self.words(phase.prompt.as_str(), said),
            },
            PhaseKind::Switch => {
                self.words(phase.prompt.as_str(), said);
                self.side = Some((phase.step, "Right side"));
            }
            PhaseKind::Rest => {
                // The rest names the next step, its amount and its position: a get-ready of
                // 3 s is too short to say them in.
                let next = phase.step + 1;
                let text = match routine.steps.get(next) {
                    Some(ex) => {
                        self.announced = Some(next);
                        let mut text =
                            format!("Rest. Next, {}", lower_first(&step_line(routine, next, ex)));
                        if let Some(position) = &ex.position {
                            text.push_str(&format!(". {}", upper_first(position)));
                        }
                        text
                    }
                    None => "Rest".to_owned(),
                };
                self.words(&text, said);
            }
            PhaseKind::Work => {
                // A catalogue phase may give its prompt a spoken form.
                let aloud = match step.map(|ex| &ex.dosage) {
                    Some(Dosage::Phases { phases, .. }) => phases
                        .get(phase.cycle_pos)
                        .filter(|p| p.say == phase.prompt)
                        .and_then(|p| p.aloud.as_ref()),
                    _ => None,
                };
                let prompt = aloud.unwrap_or(&phase.prompt).as_str();
                // A side as it begins: "Left side." before the first prompt on it.
                if let Some(side) = side_of(phase)
                    && self.side != Some((phase.step, side))
                {
                    said.push(side.to_owned());
                    self.side = Some((phase.step, side));
                    self.last_words = None;
                }
                let count = count_in(prompt).or_else(|| phase.detail.as_deref().and_then(count_in));
                // A prompt that is only a count ("Rep 3 of 10") is said as its number.
                let words = count_in(prompt).is_none().then_some(prompt);
                match (words, count) {
                    (Some(w), _) if !short && self.last_words.as_deref() != Some(w) => {
                        self.words(w, said);
                        self.last_count = count;
                    }
                    (_, Some(n)) if self.last_count != Some(n) => {
                        said.push(n.to_string());
                        self.last_count = Some(n);
                    }
                    _ => {}
                }
            }
        }
    }

    /// Says `text` in words, and remembers it as the last prompt said.
    fn words(&mut self, text: &str, said: &mut Vec<String>) {
        said.push(text.to_owned());
        self.last_words = Some(text.to_owned());
        self.last_count = None;
    }
}

/// The side a phase is on, from its detail ("Set 1 of 2 · Left side · Rep 3 of 10").
fn side_of(phase: &Phase) -> Option<&'static str> {
    let detail = phase.detail.as_deref()?;
    ["Left side", "Right side"]
        .into_iter()
        .find(|side| detail.split(" · ").any(|p| p == *side))
}

/// "Step 2 of 7: Cat-cow, 10 rounds".
fn step_line(routine: &Routine, step: usize, ex: &Exercise) -> String {
    format!(
        "Step {} of {}: {}, {}",
        step + 1,
        routine.steps.len(),
        ex.spoken_name(),
        amount(ex)
    )
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What is said at one instant as one utterance, so that the next sentence does not cut the
/// one before: the sentences joined by full stops, none doubled ("...mat." then "Step 1").
pub fn utterance(sentences: &[String]) -> String {
    let mut out = String::new();
    for s in sentences {
        if !out.is_empty() {
            if !out.ends_with(['.', '!', '?']) {
                out.push('.');
            }
            out.push(' ');
        }
        out.push_str(s);
    }
    out
}

/// The count in a prompt or a detail: 3 of "Set 1 of 2 · Rep 3 of 10", "Breath 3 of 5" or
/// "Round 3 of 4".
fn count_in(text: &str) -> Option<u32> {
    text.split(" · ").find_map(|part| {
        let rest = ["Rep ", "Breath ", "Round "]
            .iter()
            .find_map(|label| part.strip_prefix(label))?;
        let (n, _) = rest.split_once(" of ")?;
        n.parse().ok()
    })
}

/// How much of the step there is, for the ear: "30 seconds", "10 reps", "5 breaths", with
/// its sets and sides.
pub fn amount(ex: &Exercise) -> String {
    let mut text = match &ex.dosage {
        Dosage::Timed { seconds } => spoken_time(*seconds),
        Dosage::Reps {
            reps,
            rep_seconds: Some(_),
        } => plural(*reps, "rep"),
        Dosage::Reps {
            reps,
            rep_seconds: None,
        } => format!("{} at your own pace", plural(*reps, "rep")),
        Dosage::Phases { cycles, .. } if *cycles > 1 => plural(*cycles, "round"),
        Dosage::Phases { phases, .. } => spoken_time(
            phases
                .iter()
                .map(|p| p.seconds)
                .fold(0, u32::saturating_add),
        ),
        Dosage::Breath { cycles, .. } => plural(*cycles, "breath"),
    };
    if ex.sets > 1 {
        text.push_str(&format!(", {}", plural(ex.sets, "set")));
    }
    if ex.sides {
        text.push_str(", each side");
    }
    text
}

/// What fitting a routine to `--minutes` changed, for the ear, said while its screen waits:
/// the steps left out, and each step made shorter with its new amount.
pub fn fitted(fitted: &Fitted) -> String {
    let asked = spoken_time(u32::try_from(fitted.seconds).unwrap_or(u32::MAX));
    let mut text = if fitted.changed() {
        format!("Fitted to {asked}.")
    } else {
        format!("It fits in {asked} as it is.")
    };
    if !fitted.left_out.is_empty() {
        let names: Vec<&str> = fitted.left_out.iter().map(Exercise::spoken_name).collect();
        text.push_str(&format!(" Left out: {}.", names.join("; ")));
    }
    if !fitted.shortened.is_empty() {
        let shorter: Vec<String> = fitted
            .shortened
            .iter()
            .map(|(_, to)| format!("{}, {}", to.spoken_name(), amount(to)))
            .collect();
        text.push_str(&format!(" Shorter: {}.", shorter.join("; ")));
    }
    text.push_str(" Press Enter to start.");
    text
}

fn plural(n: u32, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// "45 seconds", "2 minutes", "1 minute 30 seconds".
fn spoken_time(seconds: u32) -> String {
    let (m, s) = (seconds / 60, seconds % 60);
    match (m, s) {
        (0, s) => plural(s, "second"),
        (m, 0) => plural(m, "minute"),
        (m, s) => format!("{} {}", plural(m, "minute"), plural(s, "second")),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;
    use crate::plan::PlanOptions;
    use crate::routine::parse;
    use crate::session::Engine;

    /// Runs `plan` second by second (with a wake-up at each quarter second, as the loop's
    /// are) and gives what is said, with the whole second it is said at.
    fn spoken(routine: &Routine, plan: Plan) -> Vec<(u64, String)> {
        let start = Instant::now();
        let mut engine = Engine::new(plan, start);
        let mut coach = Coach::new();
        let mut out = Vec::new();
        let mut events = vec![Event::PhaseStarted(0)];
        for quarter in 0..4 * 600 {
            let now = start + Duration::from_millis(250 * quarter);
            events.extend(engine.update(now));
            let state = engine.state(now);
            for s in coach.hear(routine, engine.plan(), &events, state.as_ref()) {
                out.push((quarter / 4, s));
            }
            events.clear();
            if engine.is_finished() {
                break;
            }
        }
        out
    }

    fn routine(src: &str) -> Routine {
        let lib = crate::routine::library::Library::load(None).expect("the built-ins");
        parse::routine("test", "test.toml", src, &lib.catalogue).expect("a valid routine")
    }

    const SHORT: &str = r#"
title = "Short; echo $HOME"
summary = "S"
rest = 5
[[step]]
name = "Reach"
strategy = "stretching"
cues = ["Gently"]
seconds = 30
sides = true
[[step]]
name = "Lift"
strategy = "strengthening"
cues = ["Slowly"]
say = "Lift your hips"
reps = 3
rep_seconds = 3
[[step]]
name = "Squeeze"
strategy = "mind-body"
cues = ["Gently"]
phases = [{ say = "Tense", seconds = 1 }, { say = "Let go", seconds = 1 }]
cycles = 2
"#;

    #[test]
    fn a_short_routine_is_said_step_by_step_with_halfway_counts_and_the_end() {
        let r = routine(SHORT);
        let opts = PlanOptions {
            lead_in: 2,
            default_rest: 0,
            switch: 3,
            voice: false,
        };
        let said = spoken(&r, Plan::new(&r, &opts));
        let text: Vec<(u64, &str)> = said.iter().map(|(t, s)| (*t, s.as_str())).collect();
        assert_eq!(
            text,
            [
                (0, "Short; echo $HOME"),
                (0, "Step 1 of 3: Reach, 30 seconds, each side"),
                (0, "Get ready"),
                // The side is said as it begins, and at the switch.
                (2, "Left side"),
                (2, "Hold the stretch, breathe"),
                (17, "Halfway"),
                (29, "3"),
                (30, "2"),
                (31, "1"),
                (32, "Switch to your right side"),
                (35, "Hold the stretch, breathe"),
                (50, "Halfway"),
                (62, "3"),
                (63, "2"),
                (64, "1"),
                // The rest names the next step; its get-ready says nothing more.
                (65, "Rest. Next, step 2 of 3: Lift, 3 reps"),
                (72, "Lift your hips"),
                (75, "2"),
                (78, "3"),
                (81, "Rest. Next, step 3 of 3: Squeeze, 2 rounds"),
                // Phases of 1 s: only the round is counted.
                (88, "1"),
                (90, "2"),
                (92, "Session complete"),
            ]
        );
    }

    #[test]
    fn a_step_without_lead_in_is_named_with_its_first_prompt_and_heat_ends_with_heat_off() {
        let r = routine(
            "title = \"Warm\"\nsummary = \"S\"\n[[step]]\nname = \"Warmth\"\nstrategy = \"heat\"\ncues = [\"Warm, not hot\"]\nseconds = 12\n",
        );
        let opts = PlanOptions {
            lead_in: 0,
            default_rest: 0,
            switch: 0,
            voice: false,
        };
        let said: Vec<String> = spoken(&r, Plan::new(&r, &opts))
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(
            said[..6],
            [
                "Warm",
                "Step 1 of 1: Warmth, 12 seconds",
                "Rest with the warmth",
                "3",
                "2",
                "1"
            ]
        );
        assert_eq!(said[6], crate::routine::HEAT_OFF);
        assert_eq!(said.last().map(String::as_str), Some("Session complete"));
        assert!(
            !said.contains(&"Halfway".to_owned()),
            "12 s is no long hold"
        );
    }

    #[test]
    fn spoken_forms_replace_the_printed_name_and_phase_prompts() {
        let r = routine(
            r#"
title = "Aloud"
summary = "S"
rest = 3
[[step]]
exercise = "foam-roller"
[[step]]
name = "Roll"
strategy = "self-massage"
cues = ["Slowly"]
aloud = "Roll it"
phases = [{ say = "Left: lie on your left side", aloud = "Lie on your left side", seconds = 3 }, { say = "Right", seconds = 3 }]
"#,
        );
        let opts = PlanOptions {
            lead_in: 0,
            default_rest: 3,
            switch: 0,
            voice: false,
        };
        let said: Vec<String> = spoken(&r, Plan::new(&r, &opts))
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        let roller = "Step 1 of 2: Foam roller, 3 minutes 45 seconds";
        assert!(said.iter().any(|s| s == roller), "{said:?}");
        assert!(
            said.iter()
                .any(|s| s.starts_with("Lie on your left side: the roller"))
        );
        let next = "Rest. Next, step 2 of 2: Roll it, 6 seconds";
        assert!(said.contains(&next.to_owned()), "{said:?}");
        assert!(said.contains(&"Lie on your left side".to_owned()));
        assert!(said.contains(&"Right".to_owned()));
        assert!(!said.iter().any(|s| s.contains("Left: lie")), "{said:?}");
    }

    #[test]
    fn a_step_that_renames_its_exercise_is_said_by_its_own_name() {
        let r = routine(
            "title = \"T\"\nsummary = \"S\"\n[[step]]\nexercise = \"foam-roller\"\nname = \"Hip roll\"\n",
        );
        assert_eq!(r.steps[0].spoken_name(), "Hip roll");
        let r = routine("title = \"T\"\nsummary = \"S\"\n[[step]]\nexercise = \"foam-roller\"\n");
        assert_eq!(r.steps[0].spoken_name(), "Foam roller");
    }

    #[test]
    fn a_rest_names_the_next_step_and_its_position_and_a_spoken_get_ready_has_time_to() {
        let r = routine(
            "title = \"T\"\nsummary = \"S\"\nrest = 10\n[[step]]\nexercise = \"bridge\"\n[[step]]\nexercise = \"childs-pose\"\n",
        );
        let opts = PlanOptions {
            voice: true,
            ..PlanOptions::default()
        };
        let plan = Plan::new(&r, &opts);
        // The first step has no rest before it: its get-ready names it, and lasts 12 s.
        assert_eq!(plan.phases[0].length, Length::Timed(12));
        let said = spoken(&r, plan);
        assert_eq!(said[1].1, "Step 1 of 2: Glute bridge, 5 reps");
        assert_eq!(said[2].1, "Get ready: on your back, knees bent, feet flat");
        let rest = said
            .iter()
            .find(|(_, s)| s.starts_with("Rest"))
            .expect("a rest");
        assert_eq!(
            rest.1,
            "Rest. Next, step 2 of 2: Child's pose, 20 seconds, 2 sets. Kneeling, big toes together"
        );
        // After the rest, the get-ready (3 s: a rest named it) is quiet, and the hold is said
        // (20 s: no "Halfway", a count at its end).
        let after: Vec<&str> = said
            .iter()
            .filter(|(t, _)| *t > rest.0)
            .map(|(_, s)| s.as_str())
            .take(2)
            .collect();
        assert_eq!(
            after,
            [
                "Sit back toward your heels; rest there and breathe slowly",
                "3"
            ]
        );
    }

    /// The new user's review: with eyes closed you waited at "You'll need" not knowing it
    /// waited for Enter, and never heard which side came first. Both are said.
    #[test]
    fn a_wait_for_enter_and_each_side_are_said() {
        let r = routine(
            "title = \"T\"\nsummary = \"S\"\nequipment = [\"mat\"]\n[[step]]\nexercise = \"knee-to-chest\"\nsets = 2\n",
        );
        let said: Vec<String> = spoken(&r, Plan::new(&r, &PlanOptions::default()))
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(said[1], format!("You'll need: mat. {ENTER}"));
        // Without Enter the session waits there: the sides are checked on the plan that
        // plain mode runs, which does not wait.
        let said: Vec<String> = spoken(&r, Plan::new(&r, &PlanOptions::default()).without_waits())
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert!(!said.iter().any(|s| s.contains(ENTER)), "{said:?}");
        let sides: Vec<&str> = said
            .iter()
            .map(String::as_str)
            .filter(|s| *s == "Left side" || s.starts_with("Switch"))
            .collect();
        assert_eq!(
            sides,
            [
                "Left side",
                "Switch to your right side",
                "Left side",
                "Switch to your right side"
            ],
            "{said:?}"
        );
    }

    #[test]
    fn an_utterance_joins_sentences_without_doubling_a_full_stop() {
        let parts = ["You'll need: mat.", "Step 1 of 2: Cat-cow", "Get ready"].map(String::from);
        assert_eq!(
            utterance(&parts),
            "You'll need: mat. Step 1 of 2: Cat-cow. Get ready"
        );
        assert_eq!(utterance(&["Halfway".to_owned()]), "Halfway");
        assert_eq!(utterance(&[]), "");
    }

    #[test]
    fn counts_are_read_from_prompts_and_details() {
        assert_eq!(count_in("Rep 3 of 10"), Some(3));
        assert_eq!(count_in("Set 1 of 2 · Left side · Breath 4 of 5"), Some(4));
        assert_eq!(count_in("Round 2 of 4"), Some(2));
        assert_eq!(count_in("Set 1 of 2 · Left side"), None);
        assert_eq!(count_in("Hold the stretch"), None);
    }

    #[test]
    fn amounts_are_written_for_the_ear() {
        assert_eq!(spoken_time(45), "45 seconds");
        assert_eq!(spoken_time(60), "1 minute");
        assert_eq!(spoken_time(90), "1 minute 30 seconds");
        assert_eq!(spoken_time(1), "1 second");
        assert_eq!(plural(10, "round"), "10 rounds");
    }

    /// Issue 14: before a fitted routine, what was left out and what each shortened step
    /// now is, in words for the ear.
    #[test]
    fn a_fitted_routine_is_told_in_words() {
        let lib = crate::routine::library::Library::load(None).expect("catalogue");
        let evening = lib.resolve("evening").expect("evening").routine;
        let f = crate::fit::fit(&evening, &PlanOptions::default(), 600).expect("fits");
        assert_eq!(
            fitted(&f),
            "Fitted to 10 minutes. Left out: Child's pose; Knee rolls; Knee to chest. Shorter: \
             Heating pad, 5 minutes; Tennis ball against a wall, 25 seconds, each side; Slow \
             deep breathing, 6 breaths. Press Enter to start."
        );
    }
}
