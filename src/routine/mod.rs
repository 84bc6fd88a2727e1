//! Routines and the exercise catalogue as the rest of the program sees them: validated,
//! with every catalogue reference resolved. Nothing past `parse` handles an invalid value.
//!
//! The flow is `raw` (serde mirrors of the TOML, read by `keys` so that every unknown key and
//! every value of the wrong type is found in one run) -> `parse` (checks, one diagnostic per
//! problem) -> the types below.

pub mod diag;
pub mod guide;
pub mod keys;
pub mod length;
pub mod library;
pub mod parse;
pub mod raw;
pub mod strategy;

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use indexmap::IndexMap;
use serde::Serialize;

use crate::routine::strategy::Strategy;

/// Seconds a self-paced rep is assumed to take when estimating a routine's length.
pub const SELF_PACED_REP_ESTIMATE: u32 = 5;

/// A prompt's text, shared: a plan repeats one phase's `say` in every cycle, set and side,
/// and a step's `say` on every rep (up to ten thousand times), and a copy of a `Text` is a
/// count, not the text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Text(Arc<str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(s.into())
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(s.into())
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// One exercise, fully specified: a catalogue entry, or a routine step after the step's own
/// keys have been laid over its catalogue entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exercise {
    /// The catalogue id (`cat-cow`); `None` for a step defined inline.
    pub id: Option<String>,
    pub name: String,
    pub strategy: Strategy,
    pub cues: Vec<String>,
    pub caution: Option<String>,
    /// Where the dosage comes from.
    pub source: Option<String>,
    /// What to do in the moment: the prompt of a hold or of each rep, in place of the
    /// strategy's general one ("Hold steady, breathe").
    pub say: Option<Text>,
    /// Setting up to do before the timer starts; the get-ready waits for Enter.
    pub prepare: Option<String>,
    /// How to get into the starting position, in a few words ("on hands and knees").
    pub position: Option<String>,
    /// How `--voice` says the name, when not as it is printed.
    pub aloud: Option<String>,
    /// A picture of the pose, when the catalogue or the step draws one.
    pub figure: Option<Figure>,
    /// Seconds to get ready before this step, in place of the usual lead-in.
    pub get_ready: Option<u32>,
    /// For heat: the prompt that ends the step ("Heat off: ..."), when not the standard one.
    pub heat_off: Option<String>,
    pub dosage: Dosage,
    pub sets: u32,
    /// Seconds of rest between sets.
    pub set_rest: u32,
    /// Left side, then right side, with a switch prompt between.
    pub sides: bool,
    /// A routine step that `--minutes` leaves out first when the time is short (`optional =
    /// true`); never set on a catalogue entry.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// Which level of its exercise this is: 1 for the exercise's own keys (the beginner's
    /// dose), 2 and up for its `[[<id>.level]]` tables.
    pub level: u32,
    /// The harder versions, level 2 onward, each complete: for a catalogue entry its level
    /// tables, each laid over the one before; for a routine step, the step's own keys laid
    /// over each of those. Empty for an exercise with one level, and in a level itself.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<Exercise>,
}

/// A small drawing of a pose: one or more frames, every line of a frame the same display
/// width (checked in `parse`), so a frame lines up however it is placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    pub frames: Vec<Vec<String>>,
}

impl Figure {
    /// The frame shown at `i`, counting round: a movement's frames follow its phases.
    pub fn frame(&self, i: usize) -> &[String] {
        match self.frames.len() {
            0 => &[],
            n => &self.frames[i % n],
        }
    }

    /// Rows of the tallest frame, so that the screen does not jump between frames.
    pub fn height(&self) -> usize {
        self.frames.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// Columns of the widest frame.
    pub fn width(&self) -> usize {
        use unicode_width::UnicodeWidthStr;
        self.frames
            .iter()
            .flat_map(|f| f.iter().map(|l| l.width()))
            .max()
            .unwrap_or(0)
    }
}

/// How much of an exercise to do.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Dosage {
    /// A timed hold or activity.
    Timed { seconds: u32 },
    /// Repetitions; paced when `rep_seconds` is set, otherwise the user says when the set is done.
    Reps { reps: u32, rep_seconds: Option<u32> },
    /// A timed sequence of prompts, repeated `cycles` times.
    Phases { phases: Vec<Phase>, cycles: u32 },
    /// Paced breathing, repeated `cycles` times.
    Breath { breath: Breath, cycles: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phase {
    pub say: Text,
    /// How `--voice` says `say`, when not as it is printed.
    pub aloud: Option<Text>,
    pub seconds: u32,
}

/// Seconds for each part of one breath; holds of 0 are left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Breath {
    pub inhale: u32,
    pub hold: u32,
    pub exhale: u32,
    pub hold_after: u32,
}

impl Breath {
    pub fn seconds(&self) -> u64 {
        [self.inhale, self.hold, self.exhale, self.hold_after]
            .into_iter()
            .map(u64::from)
            .sum()
    }
}

impl Dosage {
    /// Seconds of one pass (one set, one side), and whether that is an estimate
    /// (self-paced reps). The arithmetic is [`Dosage::extent`]'s.
    pub fn seconds(&self) -> (u64, bool) {
        let estimate = matches!(
            self,
            Dosage::Reps {
                rep_seconds: None,
                ..
            }
        );
        (self.extent().seconds, estimate)
    }
}

#[cfg(test)]
impl Exercise {
    /// An exercise for tests: `name`, of `strategy`, with one cue and `dosage`, one set,
    /// level 1, and nothing else.
    pub fn sample(name: &str, strategy: Strategy, dosage: Dosage) -> Exercise {
        Exercise {
            aloud: None,
            id: None,
            name: name.into(),
            strategy,
            cues: vec!["Do it".into()],
            caution: None,
            source: None,
            say: None,
            prepare: None,
            position: None,
            figure: None,
            get_ready: None,
            heat_off: None,
            dosage,
            sets: 1,
            set_rest: 0,
            sides: false,
            optional: false,
            level: 1,
            levels: Vec::new(),
        }
    }
}

impl Exercise {
    /// How many levels the exercise has (1 when it has no harder versions).
    pub fn level_count(&self) -> u32 {
        u32::try_from(self.levels.len()).map_or(u32::MAX, |n| n.saturating_add(1))
    }

    /// The exercise at `level`, counting from 1: this one for 1 (or 0), its highest level
    /// for one past it.
    pub fn at_level(&self, level: u32) -> &Exercise {
        let i = usize::try_from(level.saturating_sub(2)).unwrap_or(usize::MAX);
        match level {
            0 | 1 => self,
            _ => self.levels.get(i).or(self.levels.last()).unwrap_or(self),
        }
    }

    /// Seconds spent on one area: one side, every set (rests excluded).
    pub fn seconds_per_area(&self) -> u64 {
        self.dosage.seconds().0.saturating_mul(u64::from(self.sets))
    }

    /// Seconds of heat this step gives: every set on every side; 0 for other strategies.
    pub fn heat_seconds(&self) -> u64 {
        if self.strategy != Strategy::Heat {
            return 0;
        }
        self.seconds_per_area()
            .saturating_mul(if self.sides { 2 } else { 1 })
    }

    /// The prompt that ends a heat step.
    pub fn heat_off_prompt(&self) -> &str {
        self.heat_off.as_deref().unwrap_or(HEAT_OFF)
    }

    /// What each frame of the figure shows, in words: the phase (or part of a breath) it
    /// goes with, the half of each paced rep, or for a hold what to do.
    pub fn frame_labels(&self) -> Vec<String> {
        let Some(fig) = &self.figure else {
            return Vec::new();
        };
        let n = fig.frames.len();
        (0..n)
            .map(|i| match &self.dosage {
                Dosage::Phases { phases, .. } => phases
                    .iter()
                    .enumerate()
                    .find(|(j, _)| j % n == i)
                    .map_or_else(String::new, |(_, p)| p.say.to_string()),
                Dosage::Breath { breath, .. } => {
                    let parts = [
                        ("Breathe in", breath.inhale),
                        ("Hold", breath.hold),
                        ("Breathe out", breath.exhale),
                        ("Hold, empty", breath.hold_after),
                    ];
                    let named: Vec<&str> = parts
                        .iter()
                        .filter(|(_, s)| *s > 0)
                        .enumerate()
                        .filter(|(j, _)| j % n == i)
                        .map(|(_, (name, _))| *name)
                        .collect();
                    named.join(", ")
                }
                Dosage::Reps {
                    rep_seconds: Some(_),
                    ..
                } if n > 1 => format!("Each rep, part {} of {n}", i + 1),
                _ if i == 0 => self
                    .say
                    .as_ref()
                    .map(Text::to_string)
                    .or_else(|| self.cues.first().cloned())
                    .unwrap_or_default(),
                _ => format!("Frame {}", i + 1),
            })
            .collect()
    }

    /// "Cat-cow, on hands and knees": the name, and how to get into it where that is said.
    /// The name as `--voice` says it.
    pub fn spoken_name(&self) -> &str {
        self.aloud.as_deref().unwrap_or(&self.name)
    }

    pub fn name_and_position(&self) -> String {
        match &self.position {
            Some(position) => format!("{}, {position}", self.name),
            None => self.name.clone(),
        }
    }
}

/// The standard end of every heat step (CONTENT.md: heat, revised).
pub const HEAT_OFF: &str = "Heat off: move it away and check your skin";

/// At most this much heat in one routine, and in one session however it is run
/// (University of Missouri Health Care: 15-20 minutes at most; CONTENT.md, heat).
pub const HEAT_LIMIT_SECONDS: u32 = 20 * 60;

/// When in the day a routine is meant for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum When {
    Morning,
    Day,
    Evening,
    Any,
}

impl When {
    pub const ALL: [When; 4] = [When::Morning, When::Day, When::Evening, When::Any];

    pub fn id(self) -> &'static str {
        match self {
            When::Morning => "morning",
            When::Day => "day",
            When::Evening => "evening",
            When::Any => "any",
        }
    }
}

/// A routine: a titled list of steps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Routine {
    /// The file stem; what `backcoach start <name>` takes.
    pub name: String,
    pub title: String,
    pub summary: String,
    pub when: When,
    /// What the routine is for and when to pick it, in a few words ("a bad day").
    pub purpose: Option<String>,
    /// What to have at hand, shown once before the first step.
    pub equipment: Vec<String>,
    /// Seconds of rest between steps; `None` uses the default.
    pub rest: Option<u32>,
    pub steps: Vec<Exercise>,
}

impl Routine {
    /// Seconds of heat in the whole routine.
    pub fn heat_seconds(&self) -> u64 {
        self.steps
            .iter()
            .map(Exercise::heat_seconds)
            .fold(0, u64::saturating_add)
    }

    /// The strategies this routine uses, in order of first appearance.
    pub fn strategies(&self) -> Vec<Strategy> {
        let mut seen = Vec::new();
        for step in &self.steps {
            if !seen.contains(&step.strategy) {
                seen.push(step.strategy);
            }
        }
        seen
    }

    /// The strategy this routine spends the most time on (at the default lead-in and rest),
    /// counting only its steps that are not `optional` (when it has any): a step the routine
    /// lets go first is not what it centres on (flare's heat, against its walks). On a tie,
    /// the first in the routine.
    pub fn main_strategy(&self) -> Option<Strategy> {
        let opts = length::PlanOptions::default();
        let mut time: Vec<(Strategy, u64)> = Vec::new();
        let required = self.steps.iter().any(|s| !s.optional);
        for step in self.steps.iter().filter(|s| !(required && s.optional)) {
            let secs = step.extent(&opts).seconds;
            match time.iter_mut().find(|(s, _)| *s == step.strategy) {
                Some((_, t)) => *t = t.saturating_add(secs),
                None => time.push((step.strategy, secs)),
            }
        }
        time.into_iter()
            .rev()
            .max_by_key(|(_, t)| *t)
            .map(|(s, _)| s)
    }
}

/// The exercise catalogue, in file order.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub exercises: IndexMap<String, Exercise>,
}

impl Catalogue {
    pub fn get(&self, id: &str) -> Option<&Exercise> {
        self.exercises.get(id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.exercises.keys().map(String::as_str)
    }

    /// The entries grouped by strategy in the guide's order (file order within one),
    /// optionally of `only` one strategy.
    pub fn by_strategy(&self, only: Option<Strategy>) -> Vec<&Exercise> {
        let mut out: Vec<&Exercise> = self
            .exercises
            .values()
            .filter(|e| only.is_none_or(|s| e.strategy == s))
            .collect();
        out.sort_by_key(|e| Strategy::ALL.iter().position(|s| *s == e.strategy));
        out
    }
}

/// Is `name` usable as a routine name: letters, digits, `-` and `_`, starting with a
/// letter or digit? Anything else (`../x`, `a/b`) is not a name.
/// Whether `name` would make the catalogue's file name (`exercises.toml`), ignoring case as
/// some file systems do: `check` reads a file of that name as the catalogue, not as a routine.
pub fn is_catalogue_name(name: &str) -> bool {
    library::CATALOGUE_FILE
        .strip_suffix(".toml")
        .is_some_and(|stem| name.eq_ignore_ascii_case(stem))
}

/// A routine name made from `text` ("My Routine" -> "my-routine"): lower-case words of
/// letters and digits joined by dashes; `my-routine` when nothing is left.
pub fn suggest_name(text: &str) -> String {
    let last = text.rsplit('/').next().unwrap_or(text);
    let stem = last.strip_suffix(".toml").unwrap_or(last);
    let words: Vec<String> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let name = words.join("-");
    if name.is_empty() || name.len() > 64 {
        "my-routine".to_owned()
    } else {
        name
    }
}

pub fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in ["evening", "desk-break", "my_routine2", "A1"] {
            assert!(is_valid_name(ok), "{ok}");
        }
        for bad in [
            "",
            "../x",
            "a/b",
            "-x",
            ".hidden",
            "my routine",
            "x.toml",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn dosage_seconds() {
        assert_eq!(Dosage::Timed { seconds: 30 }.seconds(), (30, false));
        assert_eq!(
            Dosage::Reps {
                reps: 10,
                rep_seconds: Some(4)
            }
            .seconds(),
            (40, false)
        );
        assert_eq!(
            Dosage::Reps {
                reps: 10,
                rep_seconds: None
            }
            .seconds(),
            (50, true)
        );
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
        assert_eq!(Dosage::Phases { phases, cycles: 10 }.seconds(), (80, false));
        let breath = Breath {
            inhale: 4,
            hold: 4,
            exhale: 4,
            hold_after: 4,
        };
        assert_eq!(Dosage::Breath { breath, cycles: 6 }.seconds(), (96, false));
    }
}
