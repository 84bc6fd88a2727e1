//! A session as the one loop runs it: the engine, shown on a surface. On the full screen it
//! draws a frame at every change and rings the bell as a prompt changes; as plain lines it
//! prints one line per prompt. Both are `view`'s, so this is only the glue. With a voice, it
//! also hands what `speech` says to a speaker, one utterance per update.
//!
//! Levels (issue 14): before a step whose level changed it says so, on the screen, in plain
//! lines and aloud, and on the full screen `d` plans that step again at last time's level.
//! After each strengthening or stretching step done on the full screen it asks for a one-key
//! rating, which any other key or [`RATING_WAIT`] of silence passes by.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;
use std::time::{Duration, Instant};

use crossterm::event::KeyEvent;

use super::input::{Action, action};
use super::speaker::Speak;
use super::{App, Ended, Ending, Io, Kind, Surface, run};
use crate::plan::{PhaseKind, Plan, PlanOptions};
use crate::routine::strategy::Strategy;
use crate::routine::{Exercise, Routine};
use crate::session::{Command, Engine, Event, Outcome, Rating};
use crate::ui::speech::{self, Coach};
use crate::ui::view;

/// How long the rating question waits for its key.
pub const RATING_WAIT: Duration = Duration::from_secs(5);
/// How long it waits when it is said aloud too (`--voice`): the saying takes 3 s of it.
pub const RATING_WAIT_SPOKEN: Duration = Duration::from_secs(10);
/// How long what follows "4 it hurt" stays on the screen (any key ends it after the last step).
pub const HURT_SHOWN: Duration = Duration::from_secs(8);
/// What follows "4 it hurt" for a step above level 1: that it is noted and acted on, and
/// when to stop (the signs of a nerve, CONTENT.md "When to stop an exercise").
pub const HURT_ADVICE: &str = "Noted: it runs a level easier next time. If pain spreads below the knee, or a leg tingles, goes numb or feels weak, stop here (q).";
/// The same for a step with no easier level (level 1, or an exercise without levels): no
/// promise of an easier version there is not (the verifier's review).
pub const HURT_ADVICE_NO_EASIER: &str = "Noted. Go gently with it next time. If pain spreads below the knee, or a leg tingles, goes numb or feels weak, stop here (q).";

/// A step whose level changed since last time.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Its index in the routine.
    pub step: usize,
    /// What is said before it: its level today and why.
    pub note: String,
    /// For a move up: the step at last time's level, for d, and what is said once it is
    /// chosen. A move down has none: d never brings back what hurt.
    pub back: Option<(Exercise, String)>,
}

/// What levels ask of a session, and what the person said to it.
#[derive(Debug, Default)]
pub struct Levels {
    pub changes: Vec<Change>,
    /// To plan the session again when d picks last time's level.
    pub options: PlanOptions,
    /// The ratings given, by step.
    pub ratings: BTreeMap<usize, Rating>,
    /// The steps put back at last time's level with d.
    pub went_back: Vec<usize>,
    /// When the session's last step ended, if the question about it kept the screen after.
    pub ended: Option<Instant>,
}

#[derive(Debug)]
pub struct Session<'e> {
    engine: &'e mut Engine,
    routine: Cow<'e, Routine>,
    help: bool,
    /// The help paused the session when it opened; closing it goes on.
    help_paused: bool,
    /// Events from keys, shown (and rung) at the next update.
    pending: Vec<Event>,
    started: bool,
    /// The spoken coach, and what it speaks through (`--voice`).
    voice: Option<(Coach, &'e mut dyn Speak)>,
    levels: Option<&'e mut Levels>,
    /// The first step not yet past (its work done, or skipped): the next to rate.
    past: usize,
    /// The step being asked about, until when.
    asking: Option<(usize, Instant)>,
    /// Until when what follows "4 it hurt" is shown, and which it is.
    hurt: Option<(Instant, &'static str)>,
    /// The change being said now, by its index in the changes; and those said already.
    telling: Option<usize>,
    /// In a get-ready: the change of the step about to begin goes before a rating.
    getting_ready: bool,
    /// Before the step being told of begins (its rest or get-ready): d can still act.
    before_step: bool,
    told: Vec<usize>,
}

impl std::fmt::Debug for dyn Speak + '_ {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Speak")
    }
}

impl<'e> Session<'e> {
    pub fn new(engine: &'e mut Engine, routine: &'e Routine) -> Session<'e> {
        Session {
            engine,
            routine: Cow::Borrowed(routine),
            help: false,
            help_paused: false,
            pending: Vec::new(),
            started: false,
            voice: None,
            levels: None,
            past: 0,
            asking: None,
            hurt: None,
            telling: None,
            getting_ready: false,
            before_step: false,
            told: Vec::new(),
        }
    }

    /// Levels said before the steps they changed, and ratings asked after the steps.
    pub fn leveled(mut self, levels: &'e mut Levels) -> Session<'e> {
        self.levels = Some(levels);
        self
    }

    /// The session said aloud through `speaker` as well.
    pub fn speaking(mut self, speaker: &'e mut dyn Speak) -> Session<'e> {
        self.voice = Some((Coach::new(), speaker));
        self
    }

    /// Runs the session to its end. Whatever ended it, the engine is stopped after.
    pub fn run(mut self, surface: &mut dyn Surface, io: &mut Io<'_>) -> io::Result<Ending> {
        let ended = run(&mut self, surface, io);
        self.engine.command(Command::Stop, io.clock.now());
        Ok(match ended? {
            Ended::Done(()) => Ending::Normal,
            Ended::By(ending) => ending,
        })
    }
}

impl Session<'_> {
    /// Brings the levels to `now`: the rating question for a step just past (on the full
    /// screen), its time up, and the change to tell before the step coming. Returns the
    /// change's note the first time it is due, to be printed (plain lines) and said.
    fn levels_now(&mut self, now: Instant, full: bool) -> Option<String> {
        self.levels.as_ref()?;
        if self.asking.is_some_and(|(_, until)| now >= until) {
            self.asking = None;
        }
        if self.hurt.is_some_and(|(until, _)| now >= until) {
            self.hurt = None;
        }
        let state = self.engine.state(now);
        let (at, kind) = state
            .as_ref()
            .map_or((self.routine.steps.len(), None), |s| {
                (s.phase.step, Some(s.phase.kind))
            });
        // Steps past: every one before the current, and the current in the rest after it.
        let past = if self.engine.is_finished() {
            self.routine.steps.len()
        } else if kind == Some(PhaseKind::Rest) {
            at + 1
        } else {
            at
        };
        if past > self.past {
            let summary = self.engine.summary(now);
            // Stopped: the pain question comes next, and says more.
            let stopped =
                self.engine.is_finished() && summary.status == crate::session::Status::Stopped;
            if self.engine.is_finished()
                && let Some(levels) = self.levels.as_deref_mut()
            {
                levels.ended.get_or_insert(now);
            }
            for step in self.past..past {
                let rated = self.routine.steps.get(step).is_some_and(|e| {
                    matches!(e.strategy, Strategy::Stretching | Strategy::Strengthening)
                });
                let reached = summary
                    .steps
                    .iter()
                    .any(|r| r.step == step && r.outcome != Outcome::Skipped);
                if full && rated && reached && !stopped {
                    let wait = if self.voice.is_some() {
                        RATING_WAIT_SPOKEN
                    } else {
                        RATING_WAIT
                    };
                    self.asking = Some((step, now + wait));
                }
            }
            self.past = past;
        }
        // The change of the step coming: said in the rest before it and in its get-ready, or
        // as it begins when nothing comes before it (no lead-in, no rest): too late for d
        // then, but said.
        let coming = match kind {
            Some(PhaseKind::Rest) => Some(at + 1),
            Some(_) => Some(at),
            None => None,
        };
        let levels = self.levels.as_deref()?;
        self.telling = coming.and_then(|step| levels.changes.iter().position(|c| c.step == step));
        self.getting_ready = kind == Some(PhaseKind::LeadIn);
        self.before_step = matches!(
            kind,
            Some(PhaseKind::Rest | PhaseKind::LeadIn | PhaseKind::Equipment)
        );
        let i = self.telling?;
        if self.told.contains(&i) {
            return None;
        }
        self.told.push(i);
        let change = &levels.changes[i];
        Some(change.note.clone())
    }

    /// What the screen says under the prompt: the rating question, else the level change
    /// (which goes first once the step's get-ready has begun: d is for before it starts).
    fn note(&self) -> Option<String> {
        if let Some((_, advice)) = self.hurt {
            return Some(advice.to_owned());
        }
        let change_first = self.getting_ready && self.telling.is_some();
        if !change_first && let Some(question) = self.question(false) {
            return Some(question);
        }
        let levels = self.levels.as_deref()?;
        let change = &levels.changes[self.telling?];
        Some(match &change.back {
            Some((_, back_note)) if levels.went_back.contains(&change.step) => back_note.clone(),
            // The full screen reads keys: d goes back, until the step begins.
            Some(_) if self.before_step => {
                format!("{} Press d for last time's level.", change.note)
            }
            Some(_) => change.note.clone(),
            None => change.note.clone(),
        })
    }

    /// The rating question open now: "How was Bird-dog? 1 easy · 2 about right · ...", or
    /// for the ear, short, as it comes straight after the step: "How was that? 1 easy, ...".
    fn question(&self, aloud: bool) -> Option<String> {
        let (step, _) = self.asking?;
        let ex = self.routine.steps.get(step);
        let name = match ex {
            Some(_) if aloud => "that",
            Some(ex) => ex.name.as_str(),
            None => "",
        };
        let choices: Vec<String> = Rating::ALL
            .iter()
            .enumerate()
            .map(|(i, r)| match r {
                // Effort is not harm: "hard" is for that.
                Rating::Hurt if !aloud => format!("{} {} (pain, not effort)", i + 1, r.label()),
                _ => format!("{} {}", i + 1, r.label()),
            })
            .collect();
        let between = if aloud { ", " } else { " · " };
        Some(format!("How was {name}? {}", choices.join(between)))
    }

    /// d: the step whose change is being told, at last time's level, if it has not begun.
    fn go_back(&mut self, _now: Instant) {
        let (Some(i), Some(levels)) = (self.telling, self.levels.as_deref_mut()) else {
            return;
        };
        let change = &levels.changes[i];
        let Some((back, back_note)) = &change.back else {
            return;
        };
        if levels.went_back.contains(&change.step) {
            return;
        }
        let mut routine = self.routine.clone().into_owned();
        let Some(slot) = routine.steps.get_mut(change.step) else {
            return;
        };
        *slot = back.clone();
        if self.engine.replan(Plan::new(&routine, &levels.options)) {
            levels.went_back.push(change.step);
            self.routine = Cow::Owned(routine);
            if let Some((_, speaker)) = &mut self.voice {
                speaker.say(back_note);
            }
        }
    }
}

impl App for Session<'_> {
    type Done = ();

    fn update(&mut self, now: Instant, surface: &mut dyn Surface) -> io::Result<Option<()>> {
        let mut events = std::mem::take(&mut self.pending);
        if !self.started {
            self.started = true;
            events.push(Event::PhaseStarted(0));
        }
        events.extend(self.engine.update(now));
        let full = surface.kind() == Kind::Screen;
        let asked_before = self.asking.map(|(step, _)| step);
        let told = self.levels_now(now, full);
        // A question just asked is said too, for whoever follows by ear.
        let asked = self
            .asking
            .filter(|(step, _)| asked_before != Some(*step))
            .and_then(|_| self.question(true));
        if let Some((coach, speaker)) = &mut self.voice {
            speaker.poll();
            let state = self.engine.state(now);
            // The question first, while the step is fresh; then what comes next.
            let mut said: Vec<String> = asked.into_iter().collect();
            said.extend(coach.hear(&self.routine, self.engine.plan(), &events, state.as_ref()));
            said.extend(told.clone());
            if !said.is_empty() {
                speaker.say(&speech::utterance(&said));
            }
        }
        match surface.kind() {
            Kind::Screen => {
                for _ in 0..rings(self.engine.plan(), &events) {
                    surface.bell()?;
                }
                let (w, h) = surface.size();
                let note = self.note();
                // Once the session has ended, what is asked or said after it (the last
                // step's rating) is drawn alone, not over the last step's prompt and keys.
                let finished = self.engine.is_finished();
                match (self.engine.state(now), note) {
                    (_, Some(said)) if finished => {
                        surface.draw(&view::Frame::after_session(&said, w))?;
                    }
                    (Some(state), note) => {
                        let frame =
                            view::session(&self.routine, &state, self.help, note.as_deref(), w, h);
                        surface.draw(&frame)?;
                    }
                    (None, Some(said)) => surface.draw(&view::Frame::after_session(&said, w))?,
                    (None, None) => {}
                }
            }
            Kind::Lines => {
                let at = self.engine.active(now);
                let lines = view::plain::lines(&self.routine, self.engine.plan(), &events, at);
                if !lines.lines.is_empty() {
                    surface.draw(&lines)?;
                }
                if let Some(note) = &told {
                    surface.draw(&view::Frame::text_of(&format!("    {note}")))?;
                }
            }
        }
        Ok(
            (self.engine.is_finished() && self.asking.is_none() && self.hurt.is_none())
                .then_some(()),
        )
    }

    fn next_wakeup(&self, now: Instant) -> Option<Instant> {
        let engine = self.engine.next_redraw(now);
        let until = self
            .asking
            .map(|(_, until)| until)
            .into_iter()
            .chain(self.hurt.map(|(until, _)| until));
        engine.into_iter().chain(until).min()
    }

    fn key(&mut self, key: KeyEvent, now: Instant) -> io::Result<Option<()>> {
        let act = action(key, self.help);
        // After the last step, any key ends what "it hurt" brought up.
        if self.hurt.is_some() && self.engine.is_finished() {
            return Ok(Some(()));
        }
        // The question goes at any key; 1-4 answer it.
        if let Some((step, _)) = self.asking.take() {
            if let (Action::Rate(r), Some(levels)) = (act, self.levels.as_deref_mut()) {
                levels.ratings.insert(step, r);
                if r == Rating::Hurt {
                    // Noted, and when to stop: on the screen for a while, and said.
                    let easier = self.routine.steps.get(step).is_some_and(|ex| ex.level > 1);
                    let advice = if easier {
                        HURT_ADVICE
                    } else {
                        HURT_ADVICE_NO_EASIER
                    };
                    self.hurt = Some((now + HURT_SHOWN, advice));
                    if let Some((_, speaker)) = &mut self.voice {
                        speaker.say(advice);
                    }
                    return Ok(None);
                }
                return Ok(self.engine.is_finished().then_some(()));
            }
            if self.engine.is_finished() {
                return Ok(Some(()));
            }
            // The question was on the screen, not the change: d closes the question only.
            if act == Action::LastLevel {
                return Ok(None);
            }
        }
        match act {
            Action::LastLevel => self.go_back(now),
            Action::Rate(_) => {}
            Action::Engine(cmd) => {
                let events = self.engine.command(cmd, now);
                self.pending.extend(events);
            }
            Action::ToggleHelp if !self.help => {
                // The clock stops while the help covers the screen.
                self.help = true;
                self.help_paused = !self.engine.is_paused();
                if self.help_paused {
                    let events = self.engine.command(Command::TogglePause, now);
                    self.pending.extend(events);
                }
            }
            Action::ToggleHelp | Action::CloseHelp => {
                self.help = false;
                if std::mem::take(&mut self.help_paused) && self.engine.is_paused() {
                    let events = self.engine.command(Command::TogglePause, now);
                    self.pending.extend(events);
                }
            }
            Action::Nothing => {}
        }
        Ok(None)
    }

    /// Paused while the terminal is given back.
    fn suspend(&mut self, now: Instant) {
        if !self.engine.is_paused() {
            self.engine.command(Command::TogglePause, now);
        }
    }

    /// The full screen stays paused for the person to press space; plain lines have no key
    /// to go on with, so they go on by themselves. The time stopped does not count.
    fn resume(&mut self, now: Instant, kind: Kind) {
        if kind == Kind::Lines && self.engine.is_paused() {
            self.engine.command(Command::TogglePause, now);
        }
    }
}

/// How many times the bell rings for `events`, so that a terminal bell alone tells them
/// apart: once for a new prompt (and each second of a 3-2-1), twice for a new step, three
/// times for the end.
fn rings(plan: &crate::plan::Plan, events: &[Event]) -> usize {
    events
        .iter()
        .map(|e| match e {
            Event::Finished(_) => 3,
            Event::PhaseStarted(i) => match plan.phases.get(*i) {
                Some(p) if plan.step_start(p.step) == Some(*i) => 2,
                _ => 1,
            },
            Event::Countdown(_) => 1,
            Event::Paused | Event::Resumed => 0,
        })
        .max()
        .unwrap_or(0)
}
