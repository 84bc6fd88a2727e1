//! The session engine: a pure state machine that runs a plan. It is given the current
//! monotonic instant and the user's commands, and says what is happening, what changed, and
//! when the next visible change is due. It never reads a clock or sleeps, so tests drive it
//! with made-up instants.
//!
//! Timing: every phase's deadline is the previous phase's deadline plus its length, all
//! counted from one start in active time (time not paused). A late wake-up never shifts the
//! phases after it, so nothing drifts however long the routine.
//!
//! Heat is the one exception to "the clock stops while paused": a pad left on the back stays
//! warm, so heat time is counted in real time, paused or not: a heat phase ends when its time
//! on the body is up, and the session never lets heat pass `HEAT_LIMIT_SECONDS` (restarted and
//! repeated heat steps included). A pause the heat's end cut short comes back after "Heat off".

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::plan::{Length, Phase, PhaseKind, Plan};
use crate::routine::HEAT_LIMIT_SECONDS;

/// What the user can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Pause, or resume; the clock stops while paused.
    TogglePause,
    /// Skip to the next step.
    Next,
    /// Restart this step; in its first two seconds, go back to the previous one.
    Back,
    /// Fifteen seconds more on this phase.
    More,
    /// Fifteen seconds less on this phase.
    Less,
    /// "Done" on a self-paced phase.
    Done,
    /// End the session now; it is recorded as stopped.
    Stop,
}

/// What changed; the terminal's `Session` app rings the bell and draws on these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A new phase began (its index in the plan).
    PhaseStarted(usize),
    /// The countdown of a long phase reached 3, 2 or 1.
    Countdown(u32),
    Paused,
    Resumed,
    Finished(Status),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The routine ran to its end (steps may have been skipped).
    Completed,
    /// The user stopped it (q, Esc, Ctrl-C), or it was ended (a signal, a lost terminal).
    Stopped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Every part of the step was done.
    Done,
    /// Skipped before any of it was done.
    Skipped,
    /// Started but not finished.
    Partial,
}

/// How a strengthening or stretching step felt, in the person's own one-key answer after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rating {
    Easy,
    /// About right.
    Right,
    Hard,
    /// It hurt.
    Hurt,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Easy, Rating::Right, Rating::Hard, Rating::Hurt];

    /// The word in the session log.
    pub fn id(self) -> &'static str {
        match self {
            Rating::Easy => "easy",
            Rating::Right => "right",
            Rating::Hard => "hard",
            Rating::Hurt => "hurt",
        }
    }

    /// How it is offered, after its key: "easy", "about right", "hard", "it hurt".
    pub fn label(self) -> &'static str {
        match self {
            Rating::Easy => "easy",
            Rating::Right => "about right",
            Rating::Hard => "hard",
            Rating::Hurt => "it hurt",
        }
    }

    /// The rating a key gives: 1 to 4, in the order of [`Rating::ALL`].
    pub fn from_key(c: char) -> Option<Rating> {
        let i = c.to_digit(10)?.checked_sub(1)?;
        Rating::ALL.get(usize::try_from(i).ok()?).copied()
    }
}

impl Status {
    /// The word in the session log.
    pub fn id(self) -> &'static str {
        match self {
            Status::Completed => "completed",
            Status::Stopped => "stopped",
        }
    }
}

impl Outcome {
    /// The word in the session log.
    pub fn id(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Skipped => "skipped",
            Outcome::Partial => "partial",
        }
    }
}

/// How one step went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepResult {
    pub step: usize,
    pub outcome: Outcome,
    /// Active time spent on the step itself (not its lead-in or the rest after it).
    pub active: Duration,
}

/// How the session went, for the record and the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub status: Status,
    pub planned: Duration,
    /// Time not paused, from the start to the end.
    pub active: Duration,
    /// The steps reached, in order.
    pub steps: Vec<StepResult>,
    /// It was stopped with heat on the body: this step's "Heat off" prompt, to say before
    /// anything else.
    pub heat_on: Option<String>,
}

/// A phase's countdown shorter than this gets no 3-2-1 (breaths and reps would beep nonstop).
pub const COUNTDOWN_FROM: Duration = Duration::from_secs(10);
/// How much `More` and `Less` change a phase.
pub const NUDGE: Duration = Duration::from_secs(15);
/// Within this long of a step's start, `Back` goes to the previous step.
pub const BACK_GRACE: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Default)]
struct StepLog {
    reached: bool,
    completed: bool,
    active: Duration,
}

/// What the screen needs to know at one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct State<'a> {
    pub index: usize,
    pub phase: &'a Phase,
    /// Time left in this phase; `None` while waiting for "done".
    pub remaining: Option<Duration>,
    /// Time in this phase so far.
    pub elapsed: Duration,
    /// The phase's length as it stands (after + and -); `None` while waiting for "done".
    pub length: Option<Duration>,
    /// Of the current step: how much is done, 0.0 to 1.0.
    pub step_progress: f64,
    /// Of the current step: time left, as planned from here.
    pub step_remaining: Duration,
    /// Time left in the whole session, as planned from here.
    pub session_remaining: Duration,
    pub session_progress: f64,
    /// Active time so far.
    pub active: Duration,
    /// In a heat phase: heat time so far in this session (pauses count) and its limit.
    pub heat: Option<(Duration, Duration)>,
    pub paused: bool,
    pub finished: Option<Status>,
}

#[derive(Debug, Clone)]
pub struct Engine {
    plan: Plan,
    /// The first phase of each step (its lead-in, or its first exercise phase).
    starts: Vec<usize>,
    /// The last exercise phase of each step.
    last_work: Vec<Option<usize>>,
    /// The phase that closes each step ("Heat off"), which skipping the step still shows.
    closing: Vec<Option<usize>>,
    /// The first phase of each step after its setting up (a get-ready that waits for Enter),
    /// where restarting a step under way begins: the bottle is already filled.
    set_up: Vec<usize>,
    /// Planned seconds from each phase to the end (estimates for self-paced phases).
    after: Vec<Duration>,
    started: Instant,
    paused_since: Option<Instant>,
    paused_total: Duration,
    index: usize,
    /// Active time at which the current phase began.
    phase_start: Duration,
    phase_len: Option<Duration>,
    /// Active time at which the current step was (re)started.
    step_start: Duration,
    /// The countdown second last announced in this phase.
    announced: Option<u32>,
    steps: Vec<StepLog>,
    finished: Option<(Status, Duration)>,
    /// Heat time of the phases left behind (real time: pauses count).
    heat_done: Duration,
    /// In a heat phase: the real time since the start at which it was entered.
    heat_from: Option<Duration>,
    /// Real time since the start, as of the last `update` or `command`.
    now_wall: Duration,
    /// Stopped with heat on: the step's "Heat off" prompt.
    stopped_in_heat: Option<String>,
    /// The heat ended while paused: the session went on to "Heat off" at once, and pauses
    /// again after it, before the next step, as the person left it.
    pause_after_heat_off: bool,
}

/// The most heat one session gives, however its steps are restarted or lengthened.
pub const HEAT_LIMIT: Duration = Duration::from_secs(HEAT_LIMIT_SECONDS as u64);

fn secs(s: u32) -> Duration {
    Duration::from_secs(u64::from(s))
}

/// Whole seconds, rounded up: what a countdown shows.
pub fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

fn counts_for_step(kind: PhaseKind) -> bool {
    matches!(
        kind,
        PhaseKind::Work | PhaseKind::Switch | PhaseKind::SetRest | PhaseKind::HeatOff
    )
}

/// Does time in this phase count as time on the step, in the record? Not "Heat off": taking
/// the heat away is not heat, and a skipped heat step stays skipped.
fn counts_as_done(kind: PhaseKind) -> bool {
    counts_for_step(kind) && kind != PhaseKind::HeatOff
}

impl Engine {
    /// Starts running `plan` at `now`. A plan with no phases finishes at once.
    pub fn new(plan: Plan, now: Instant) -> Engine {
        let steps = plan.phases.iter().map(|p| p.step + 1).max().unwrap_or(0);
        let mut starts = vec![usize::MAX; steps];
        let mut last_work = vec![None; steps];
        let mut closing = vec![None; steps];
        let mut set_up = vec![usize::MAX; steps];
        for (i, p) in plan.phases.iter().enumerate() {
            let waits = p.kind == PhaseKind::LeadIn && matches!(p.length, Length::UntilDone { .. });
            if !matches!(p.kind, PhaseKind::Rest | PhaseKind::Equipment)
                && !waits
                && set_up[p.step] == usize::MAX
            {
                set_up[p.step] = i;
            }
            if !matches!(p.kind, PhaseKind::Rest | PhaseKind::Equipment)
                && starts[p.step] == usize::MAX
            {
                starts[p.step] = i;
            }
            match p.kind {
                PhaseKind::Work => last_work[p.step] = Some(i),
                PhaseKind::HeatOff => closing[p.step] = Some(i),
                _ => {}
            }
        }
        let mut after = vec![Duration::ZERO; plan.phases.len() + 1];
        for i in (0..plan.phases.len()).rev() {
            after[i] = after[i + 1] + secs(plan.phases[i].length.seconds());
        }
        let mut engine = Engine {
            plan,
            starts,
            last_work,
            closing,
            set_up,
            after,
            started: now,
            paused_since: None,
            paused_total: Duration::ZERO,
            index: 0,
            phase_start: Duration::ZERO,
            phase_len: None,
            step_start: Duration::ZERO,
            announced: None,
            steps: vec![StepLog::default(); steps],
            finished: None,
            heat_done: Duration::ZERO,
            heat_from: None,
            now_wall: Duration::ZERO,
            stopped_in_heat: None,
            pause_after_heat_off: false,
        };
        engine.enter(0, Duration::ZERO);
        engine
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Runs `plan` from here on in place of the plan it has: a step that has not begun,
    /// changed (a level chosen during the rest before it or its get-ready). Every phase up to
    /// the current one, and the current one, must be the same step, kind and length in both,
    /// so that the time so far means the same; otherwise nothing changes, and `false`.
    pub fn replan(&mut self, plan: Plan) -> bool {
        let i = self.index;
        let same =
            |a: &Phase, b: &Phase| a.step == b.step && a.kind == b.kind && a.length == b.length;
        if self.finished.is_some()
            || plan.phases.len() <= i
            || self.plan.phases.len() <= i
            || !self.plan.phases[..=i]
                .iter()
                .zip(&plan.phases[..=i])
                .all(|(a, b)| same(a, b))
        {
            return false;
        }
        // The places of each step in the new plan, worked out as for a new session.
        let fresh = Engine::new(plan, self.started);
        if fresh.steps.len() != self.steps.len() {
            return false;
        }
        self.plan = fresh.plan;
        self.starts = fresh.starts;
        self.last_work = fresh.last_work;
        self.closing = fresh.closing;
        self.set_up = fresh.set_up;
        self.after = fresh.after;
        true
    }

    /// Active time at `now`: time since the start, less every pause.
    pub fn active(&self, now: Instant) -> Duration {
        if let Some((_, at)) = self.finished {
            return at;
        }
        let until = self.paused_since.unwrap_or(now);
        until
            .saturating_duration_since(self.started)
            .saturating_sub(self.paused_total)
    }

    pub fn is_finished(&self) -> bool {
        self.finished.is_some()
    }

    pub fn is_paused(&self) -> bool {
        self.paused_since.is_some()
    }

    /// Heat time so far in this session: real time on the heat, paused or not.
    pub fn heat_used(&self, now: Instant) -> Duration {
        let wall = now.saturating_duration_since(self.started);
        self.heat_done
            + self
                .heat_from
                .map_or(Duration::ZERO, |f| wall.saturating_sub(f))
    }

    /// Time past the end of the heat, and where that leads: past the session's limit, to the
    /// step's "Heat off"; past this heat phase's own length, to the phase after it (the
    /// other side, or "Heat off"). Both in real time: a pause does not take the heat off the
    /// body.
    fn heat_over(&self, now: Instant) -> Option<(Duration, usize)> {
        let from = self.heat_from?;
        if let Some(over) = self.heat_used(now).checked_sub(HEAT_LIMIT) {
            return Some((over, self.heat_off_of_current()));
        }
        let on_here = now
            .saturating_duration_since(self.started)
            .saturating_sub(from);
        let over = on_here.checked_sub(self.phase_len?)?;
        Some((over, self.index + 1))
    }

    /// Real time left on the heat of this phase: its own length or the session's limit,
    /// whichever comes first.
    fn heat_left(&self, now: Instant) -> Option<Duration> {
        let from = self.heat_from?;
        let limit_left = HEAT_LIMIT.saturating_sub(self.heat_used(now));
        let on_here = now
            .saturating_duration_since(self.started)
            .saturating_sub(from);
        let phase_left = self.phase_len.map(|len| len.saturating_sub(on_here));
        Some(phase_left.map_or(limit_left, |p| p.min(limit_left)))
    }

    /// Moves time forward to `now`: completes every phase whose deadline has passed, and
    /// ends the heat once it has been on for its time or the session's limit, paused or not.
    pub fn update(&mut self, now: Instant) -> Vec<Event> {
        self.now_wall = now.saturating_duration_since(self.started);
        let mut events = Vec::new();
        if self.finished.is_some() {
            return events;
        }
        if let Some((over, next)) = self.heat_over(now) {
            if let Some(since) = self.paused_since.take() {
                // The heat's time is up, paused or not: on to the next phase now (the other
                // side, or "Heat off"), and paused again after "Heat off".
                self.paused_total += now.saturating_duration_since(since);
                self.pause_after_heat_off = true;
                events.push(Event::Resumed);
                let active = self.active(now);
                self.leave(active, true);
                events.push(self.enter(next, active));
            } else {
                // The moment the heat's time was up, not the late wake-up.
                let active = self.active(now);
                let at = active.saturating_sub(over).max(self.phase_start);
                self.leave(at, true);
                events.push(self.enter(next, at));
            }
        }
        if self.finished.is_some() || self.paused_since.is_some() {
            return events;
        }
        let active = self.active(now);
        while let (Some(len), None) = (self.phase_len, self.finished) {
            let end = self.phase_start + len;
            if active < end {
                break;
            }
            let leaving_heat_off = self.current().is_some_and(|p| p.kind == PhaseKind::HeatOff);
            self.leave(end, true);
            events.push(self.enter(self.index + 1, end));
            if leaving_heat_off
                && std::mem::take(&mut self.pause_after_heat_off)
                && self.finished.is_none()
            {
                self.paused_since = Some(self.started + end + self.paused_total);
                events.push(Event::Paused);
                break;
            }
        }
        if let (Some(len), None) = (self.phase_len, self.finished) {
            let left = ceil_secs((self.phase_start + len).saturating_sub(active));
            if len >= COUNTDOWN_FROM && (1..=3).contains(&left) {
                let left = left as u32;
                if self.announced.is_none_or(|a| left < a) {
                    self.announced = Some(left);
                    events.push(Event::Countdown(left));
                }
            }
        }
        events
    }

    /// Applies a command at `now`.
    pub fn command(&mut self, cmd: Command, now: Instant) -> Vec<Event> {
        let mut events = self.update(now);
        self.now_wall = now.saturating_duration_since(self.started);
        if self.finished.is_some() {
            return events;
        }
        let active = self.active(now);
        let step = self.current().map_or(0, |p| p.step);
        // A key means the person is back: no pause comes after "Heat off" on its own.
        self.pause_after_heat_off = false;
        match cmd {
            Command::TogglePause => match self.paused_since.take() {
                Some(since) => {
                    self.paused_total += now.saturating_duration_since(since);
                    events.push(Event::Resumed);
                }
                None => {
                    self.paused_since = Some(now);
                    events.push(Event::Paused);
                }
            },
            Command::Next => {
                self.leave(active, false);
                // A step that closes with a prompt ("Heat off") goes there first.
                let target = match self.closing.get(step).copied().flatten() {
                    // Before the first step, "next" is the first step.
                    _ if self
                        .current()
                        .is_some_and(|p| p.kind == PhaseKind::Equipment) =>
                    {
                        self.starts[step]
                    }
                    Some(close) if close > self.index => close,
                    _ => self
                        .starts
                        .get(step + 1)
                        .copied()
                        .unwrap_or(self.plan.phases.len()),
                };
                events.push(self.enter(target, active));
            }
            Command::Back => {
                self.leave(active, false);
                let in_grace = active.saturating_sub(self.step_start) < BACK_GRACE;
                let target = if in_grace && step > 0 { step - 1 } else { step };
                self.steps[target].completed = false;
                let set_up = self.set_up[target];
                let phase = if target == step && self.index >= set_up && set_up != usize::MAX {
                    set_up
                } else {
                    self.starts[target]
                };
                events.push(self.enter(phase, active));
            }
            // A breath, a rep or a round keeps its pace: + and - are for holds.
            Command::More | Command::Less if !self.is_a_hold() => {}
            Command::More => {
                if let Some(len) = self.phase_len {
                    let mut longer = len + NUDGE;
                    if self.heat_from.is_some() {
                        // Never past the session's heat limit.
                        let elapsed = active.saturating_sub(self.phase_start);
                        let room = HEAT_LIMIT.saturating_sub(self.heat_used(now));
                        longer = longer.min(elapsed + room).max(len);
                    }
                    self.phase_len = Some(longer);
                    self.announced = None;
                }
            }
            Command::Less => {
                if let Some(len) = self.phase_len {
                    let elapsed = active.saturating_sub(self.phase_start);
                    self.phase_len = Some(len.saturating_sub(NUDGE).max(elapsed));
                }
            }
            Command::Done => {
                if self.phase_len.is_none() {
                    self.leave(active, true);
                    events.push(self.enter(self.index + 1, active));
                }
            }
            Command::Stop => {
                self.stopped_in_heat = self.heat_is_on().map(str::to_owned);
                self.leave(active, false);
                self.finished = Some((Status::Stopped, active));
                events.push(Event::Finished(Status::Stopped));
            }
        }
        if !matches!(cmd, Command::TogglePause | Command::Stop) {
            events.extend(self.update(now));
        }
        events
    }

    /// When the screen next needs to change if nothing is pressed: the next whole second of
    /// the countdown, or the end of the phase. `None` while paused, waiting for "done", or
    /// finished.
    pub fn next_wakeup(&self, now: Instant) -> Option<Instant> {
        if self.finished.is_some() {
            return None;
        }
        // Until the next whole second of what is left: the countdown's next change.
        let next_second = |left: Duration| {
            let shown = ceil_secs(left);
            now + left.saturating_sub(Duration::from_secs(shown.saturating_sub(1)))
        };
        let heat_left = self.heat_left(now);
        if self.paused_since.is_some() {
            // Paused heat still counts: wake at each second of it, to show it, and at its end.
            return heat_left.map(next_second);
        }
        let Some(len) = self.phase_len else {
            // Waiting for Enter under the heat: wake at its end all the same.
            return heat_left.map(|left| now + left);
        };
        let remaining = (self.phase_start + len).saturating_sub(self.active(now));
        Some(next_second(
            heat_left.map_or(remaining, |h| h.min(remaining)),
        ))
    }

    /// When the screen next needs drawing: `next_wakeup`, or while a phase waits for Enter,
    /// the next whole second of its "so far" count.
    pub fn next_redraw(&self, now: Instant) -> Option<Instant> {
        let due = self.next_wakeup(now);
        if self.finished.is_some() || self.paused_since.is_some() || self.phase_len.is_some() {
            return due;
        }
        let elapsed = self.active(now).saturating_sub(self.phase_start);
        let tick = now
            + (Duration::from_secs(1) - Duration::from_nanos(u64::from(elapsed.subsec_nanos())));
        Some(due.map_or(tick, |d| d.min(tick)))
    }

    fn current(&self) -> Option<&Phase> {
        self.plan.phases.get(self.index)
    }

    /// The current step's "Heat off" phase (or simply the next phase).
    fn heat_off_of_current(&self) -> usize {
        self.current()
            .and_then(|p| self.closing.get(p.step).copied().flatten())
            .filter(|c| *c > self.index)
            .unwrap_or(self.index + 1)
    }

    /// Is the current phase a hold (its planned length at least `NUDGE`), rather than one
    /// breath, rep or round of a paced exercise, whose pace is the exercise?
    fn is_a_hold(&self) -> bool {
        self.current()
            .is_some_and(|p| u64::from(p.length.seconds()) >= NUDGE.as_secs())
    }

    /// Is heat on the body now: inside a heat step, after its first heat and before its "Heat
    /// off" (side switches and set rests included)? Then the "Heat off" prompt to say.
    fn heat_is_on(&self) -> Option<&str> {
        let phase = self.current()?;
        let close = self.closing.get(phase.step).copied().flatten()?;
        let start = self.starts.get(phase.step).copied()?;
        let began = self
            .plan
            .phases
            .get(start..=self.index)?
            .iter()
            .any(|p| p.heat);
        (self.index < close && began).then(|| self.plan.phases[close].prompt.as_str())
    }

    /// Where entering `index` really leads once the session's heat is used up: a heat step
    /// not yet begun is passed over, and one under way goes to its "Heat off".
    fn past_used_heat(&self, mut index: usize) -> usize {
        if self.heat_done < HEAT_LIMIT {
            return index;
        }
        for _ in 0..=self.starts.len() {
            let Some(phase) = self.plan.phases.get(index) else {
                break;
            };
            let Some(close) = self.closing.get(phase.step).copied().flatten() else {
                break;
            };
            if index >= close || phase.kind == PhaseKind::Rest {
                break;
            }
            index = if index == self.starts[phase.step] || phase.kind == PhaseKind::LeadIn {
                self.starts
                    .get(phase.step + 1)
                    .copied()
                    .unwrap_or(self.plan.phases.len())
            } else {
                close
            };
        }
        index
    }

    /// Accounts for the time spent in the current phase, ending at active time `at`.
    fn leave(&mut self, at: Duration, completed: bool) {
        let Some(phase) = self.plan.phases.get(self.index) else {
            return;
        };
        let step = phase.step;
        if counts_as_done(phase.kind) {
            self.steps[step].active += at.saturating_sub(self.phase_start);
        }
        if let Some(from) = self.heat_from.take() {
            let wall = if self.paused_since.is_some() {
                self.now_wall
            } else {
                at + self.paused_total
            };
            self.heat_done += wall.saturating_sub(from);
        }
        if completed && phase.kind == PhaseKind::Work && self.last_work[step] == Some(self.index) {
            self.steps[step].completed = true;
        }
    }

    /// Enters phase `index` at active time `at`, or finishes past the last one.
    fn enter(&mut self, index: usize, at: Duration) -> Event {
        let index = self.past_used_heat(index);
        self.index = index;
        self.phase_start = at;
        self.announced = None;
        let Some(phase) = self.plan.phases.get(index) else {
            self.phase_len = None;
            self.finished = Some((Status::Completed, at));
            return Event::Finished(Status::Completed);
        };
        self.phase_len = match phase.length {
            Length::Timed(s) => Some(secs(s)),
            Length::UntilDone { .. } => None,
        };
        if phase.heat {
            // What was already done counts: a restarted heat step gets only what is left.
            let room = HEAT_LIMIT.saturating_sub(self.heat_done);
            self.phase_len = self.phase_len.map(|l| l.min(room));
            self.heat_from = Some(if self.paused_since.is_some() {
                self.now_wall
            } else {
                at + self.paused_total
            });
        }
        if !matches!(phase.kind, PhaseKind::Rest | PhaseKind::Equipment) {
            self.steps[phase.step].reached = true;
        }
        if self.starts.get(phase.step) == Some(&index) {
            self.step_start = at;
        }
        Event::PhaseStarted(index)
    }

    /// What is happening at `now`.
    pub fn state(&self, now: Instant) -> Option<State<'_>> {
        let active = self.active(now);
        let phase = self.current().or_else(|| self.plan.phases.last())?;
        let elapsed = active.saturating_sub(self.phase_start);
        let mut remaining = self.phase_len.map(|l| l.saturating_sub(elapsed));
        if let Some(heat_left) = self.heat_left(now).filter(|_| self.finished.is_none()) {
            // The heat counts in real time, paused or not: the countdown is the heat left.
            remaining = remaining.map(|r| r.min(heat_left));
        }
        let planned_here = secs(phase.length.seconds());
        let left_here = remaining.unwrap_or_else(|| planned_here.saturating_sub(elapsed));
        let session_remaining = if self.finished.is_some() {
            Duration::ZERO
        } else {
            left_here + self.after.get(self.index + 1).copied().unwrap_or_default()
        };
        let total = active + session_remaining;
        let (step_done, step_total) = self.step_times(phase.step, elapsed);
        Some(State {
            // After the end, the last phase is shown, and its index given.
            index: self.index.min(self.plan.phases.len().saturating_sub(1)),
            phase,
            remaining,
            elapsed,
            length: self.phase_len,
            step_progress: fraction(step_done, step_total),
            step_remaining: step_total.saturating_sub(step_done),
            session_remaining,
            session_progress: fraction(active, total),
            active,
            heat: self
                .heat_from
                .filter(|_| self.finished.is_none())
                .map(|_| (self.heat_used(now), HEAT_LIMIT)),
            paused: self.paused_since.is_some(),
            finished: self.finished.map(|(s, _)| s),
        })
    }

    /// Of `step`'s exercise phases: (time done, time planned), with + and - counted.
    fn step_times(&self, step: usize, elapsed: Duration) -> (Duration, Duration) {
        let mut done = Duration::ZERO;
        let mut total = Duration::ZERO;
        for (i, p) in self.plan.phases.iter().enumerate() {
            if p.step != step || !counts_for_step(p.kind) {
                continue;
            }
            let len = match (i == self.index, self.phase_len) {
                (true, Some(len)) => len,
                _ => secs(p.length.seconds()),
            };
            total += len;
            if i < self.index || self.finished.is_some() {
                done += len;
            } else if i == self.index {
                done += elapsed.min(len);
            }
        }
        if self.current().is_some_and(|p| p.kind == PhaseKind::Rest) {
            done = total;
        }
        (done, total)
    }

    /// How the session went, as of `now` (or its end, once finished).
    pub fn summary(&self, now: Instant) -> Summary {
        let (status, active) = self.finished.unwrap_or((Status::Stopped, self.active(now)));
        let mut steps = Vec::new();
        for (i, log) in self.steps.iter().enumerate().filter(|(_, l)| l.reached) {
            let mut spent = log.active;
            if self.finished.is_none()
                && self
                    .current()
                    .is_some_and(|p| p.step == i && counts_as_done(p.kind))
            {
                spent += active.saturating_sub(self.phase_start);
            }
            let outcome = if log.completed {
                Outcome::Done
            } else if spent > Duration::ZERO {
                Outcome::Partial
            } else {
                Outcome::Skipped
            };
            steps.push(StepResult {
                step: i,
                outcome,
                active: spent,
            });
        }
        Summary {
            status,
            planned: self.after[0],
            active,
            steps,
            heat_on: match self.finished {
                Some(_) => self.stopped_in_heat.clone(),
                None => self.heat_is_on().map(str::to_owned),
            },
        }
    }
}

fn fraction(part: Duration, whole: Duration) -> f64 {
    if whole.is_zero() {
        1.0
    } else {
        (part.as_secs_f64() / whole.as_secs_f64()).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
