//! Posture through the working day: which cue comes next (`Cues`), and when (`Schedule`).
//! Pure, like the session engine: the time is passed in. `commands::nudge` runs it on the
//! one loop and records what was done.

use std::time::{Duration, Instant};

use crate::routine::Catalogue;
use crate::routine::strategy::Strategy;

/// How long a snooze puts a nudge off.
pub const SNOOZE: Duration = Duration::from_secs(10 * 60);

/// The name nudges are logged under.
pub const ROUTINE: &str = "nudge";

/// One posture cue: the catalogue exercise it comes from and one line of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub exercise: String,
    pub name: String,
    pub text: String,
    /// The exercise's catalogue time: what an answered nudge counts for.
    pub seconds: u32,
}

/// The posture exercises of the catalogue (sitting, standing, walking), taken in turn.
#[derive(Debug, Clone)]
pub struct Cues(Vec<(String, String, Vec<String>, u32)>);

impl Cues {
    pub fn new(catalogue: &Catalogue) -> Cues {
        Cues(
            catalogue
                .exercises
                .iter()
                .filter(|(_, ex)| ex.strategy == Strategy::Posture && !ex.cues.is_empty())
                .map(|(id, ex)| {
                    let secs = u32::try_from(ex.dosage.seconds().0).unwrap_or(u32::MAX);
                    (id.clone(), ex.name.clone(), ex.cues.clone(), secs)
                })
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The cue for nudge `k`: exercise `k mod n`, and that exercise's cues in turn.
    pub fn get(&self, k: u32) -> Option<Cue> {
        let k = k as usize;
        let n = self.0.len();
        let (id, name, cues, seconds) = self.0.get(k.checked_rem(n)?)?;
        let text = cues.get((k / n) % cues.len().max(1))?;
        Some(Cue {
            exercise: id.clone(),
            name: name.clone(),
            text: text.clone(),
            seconds: *seconds,
        })
    }
}

/// What the schedule says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Show nudge number `n` (counting from 0); `again` when it comes back from a snooze.
    Show { n: u32, again: bool },
    /// The time is up.
    Ended,
}

/// When the nudges come. They keep to a fixed grid from the start (start + every, + 2 every,
/// ...), so they never drift; a snooze brings the same nudge back after `SNOOZE`, unless the
/// grid's next nudge comes first (a snooze never swallows it), and the grid goes on.
#[derive(Debug, Clone)]
pub struct Schedule {
    start: Instant,
    every: Duration,
    end: Instant,
    /// The grid's next point.
    next: Instant,
    /// How many different nudges have been shown.
    shown: u32,
    /// The nudge on screen, and since when.
    showing: Option<(u32, Instant)>,
    /// A snoozed nudge, and when to show it again.
    snoozed: Option<(u32, Instant)>,
    answered: u32,
    ended: bool,
}

impl Schedule {
    pub fn new(start: Instant, every: Duration, span: Duration) -> Schedule {
        Schedule {
            start,
            every,
            end: start + span,
            next: start + every,
            shown: 0,
            showing: None,
            snoozed: None,
            answered: 0,
            ended: false,
        }
    }

    /// When something is next due: a nudge, or the end.
    pub fn next_due(&self) -> Instant {
        self.next_nudge().unwrap_or(self.end)
    }

    /// When the next nudge comes (a snoozed one, or the grid's); `None` when none comes
    /// before the end of the day.
    pub fn next_nudge(&self) -> Option<Instant> {
        let grid = self.next;
        let at = self.snoozed.map_or(grid, |(_, at)| at.min(grid));
        (at < self.end).then_some(at)
    }

    /// The end of the day's nudges.
    pub fn end(&self) -> Instant {
        self.end
    }

    pub fn showing(&self) -> Option<u32> {
        self.showing.map(|(n, _)| n)
    }

    pub fn is_ended(&self) -> bool {
        self.ended
    }

    /// The nudge that comes next: a snoozed one (when it comes before the grid's), or a new
    /// one.
    pub fn upcoming(&self) -> u32 {
        match self.snoozed {
            Some((n, at)) if at < self.next => n,
            _ => self.shown,
        }
    }

    /// (shown, answered).
    pub fn counts(&self) -> (u32, u32) {
        (self.shown, self.answered)
    }

    /// Moves time on to `now`. A nudge that is still up when the next comes was not
    /// answered, and is replaced.
    pub fn update(&mut self, now: Instant) -> Option<Event> {
        if self.ended {
            return None;
        }
        if now >= self.end {
            self.ended = true;
            self.showing = None;
            return Some(Event::Ended);
        }
        if let Some((n, at)) = self.snoozed
            && now >= at
            && at < self.next
        {
            self.snoozed = None;
            self.showing = Some((n, now));
            return Some(Event::Show { n, again: true });
        }
        if now < self.next {
            return None;
        }
        // The grid's nudge: a new one, in place of any still snoozed.
        self.snoozed = None;
        self.shown += 1;
        let n = self.shown - 1;
        self.showing = Some((n, now));
        // The next point of the grid after now: late wake-ups never shift the grid.
        let steps = now.duration_since(self.start).as_nanos() / self.every.as_nanos().max(1);
        let steps = u32::try_from(steps + 1).unwrap_or(u32::MAX);
        self.next = self.start + self.every.saturating_mul(steps);
        Some(Event::Show { n, again: false })
    }

    /// The person did it: returns the nudge and when it was shown.
    pub fn answer(&mut self) -> Option<(u32, Instant)> {
        let shown = self.showing.take()?;
        self.answered += 1;
        Some(shown)
    }

    /// Takes the nudge off the screen unanswered (plain mode, where nothing can answer it).
    pub fn dismiss(&mut self) {
        self.showing = None;
    }

    /// Puts the nudge on screen off for `SNOOZE`; false if none is showing.
    pub fn snooze(&mut self, now: Instant) -> bool {
        let Some((n, _)) = self.showing.take() else {
            return false;
        };
        self.snoozed = Some((n, now + SNOOZE));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    fn day(t0: Instant) -> Schedule {
        Schedule::new(t0, 30 * MIN, 8 * 60 * MIN)
    }

    #[test]
    fn nudges_keep_to_the_grid_even_when_woken_late() {
        let t0 = Instant::now();
        let mut s = day(t0);
        assert_eq!(s.next_due(), t0 + 30 * MIN);
        assert_eq!(s.update(t0 + 29 * MIN), None);
        // Woken 3 minutes late: the nudge shows, and the next is still on the grid.
        assert_eq!(
            s.update(t0 + 33 * MIN),
            Some(Event::Show { n: 0, again: false })
        );
        assert_eq!(s.next_due(), t0 + 60 * MIN);
        // Unanswered, it is replaced by the next one.
        assert_eq!(
            s.update(t0 + 60 * MIN),
            Some(Event::Show { n: 1, again: false })
        );
        assert_eq!(s.counts(), (2, 0));
    }

    #[test]
    fn snooze_brings_the_same_nudge_back_in_ten_minutes() {
        let t0 = Instant::now();
        let mut s = day(t0);
        s.update(t0 + 30 * MIN);
        assert!(s.snooze(t0 + 31 * MIN));
        assert!(!s.snooze(t0 + 31 * MIN), "nothing left to snooze");
        assert_eq!(s.upcoming(), 0, "the snoozed one comes next");
        assert_eq!(s.next_due(), t0 + 41 * MIN);
        assert_eq!(
            s.update(t0 + 41 * MIN),
            Some(Event::Show { n: 0, again: true })
        );
        // The grid goes on after it.
        assert_eq!(s.next_due(), t0 + 60 * MIN);
        assert_eq!(s.answer().map(|(n, _)| n), Some(0));
        assert_eq!(s.counts(), (1, 1));
        assert_eq!(s.answer(), None, "an answer needs a nudge on screen");
    }

    /// Issue 12: a snooze moved the grid, so with nudges every 5 minutes the regular one
    /// after it never came; and "next at" named the end of the day as a nudge time.
    #[test]
    fn a_snooze_never_swallows_the_next_regular_nudge() {
        let t0 = Instant::now();
        let mut s = Schedule::new(t0, 5 * MIN, 60 * MIN);
        assert_eq!(
            s.update(t0 + 5 * MIN),
            Some(Event::Show { n: 0, again: false })
        );
        assert!(s.snooze(t0 + 6 * MIN));
        // The grid's 10-minute nudge comes before the snooze's 16: it comes, a new one.
        assert_eq!(s.next_due(), t0 + 10 * MIN);
        assert_eq!(s.upcoming(), 1);
        assert_eq!(
            s.update(t0 + 10 * MIN),
            Some(Event::Show { n: 1, again: false })
        );
        assert_eq!(
            s.next_due(),
            t0 + 15 * MIN,
            "the snooze is spent: the grid goes on"
        );

        // With the grid far off, the snoozed one comes back first.
        let mut s = Schedule::new(t0, 30 * MIN, 60 * MIN);
        s.update(t0 + 30 * MIN);
        s.snooze(t0 + 31 * MIN);
        assert_eq!(
            s.update(t0 + 41 * MIN),
            Some(Event::Show { n: 0, again: true })
        );
        // The grid's next is the end of the day: no nudge comes then.
        assert_eq!(s.next_nudge(), None);
        assert_eq!(s.next_due(), t0 + 60 * MIN);
        assert_eq!(s.update(t0 + 60 * MIN), Some(Event::Ended));
    }

    #[test]
    fn the_day_ends_on_time() {
        let t0 = Instant::now();
        let mut s = Schedule::new(t0, 30 * MIN, 45 * MIN);
        s.update(t0 + 30 * MIN);
        assert_eq!(s.next_due(), t0 + 45 * MIN);
        assert_eq!(s.update(t0 + 45 * MIN), Some(Event::Ended));
        assert!(s.is_ended());
        assert_eq!(s.update(t0 + 90 * MIN), None);
        assert_eq!(s.showing(), None);
    }

    #[test]
    fn cues_rotate_through_sitting_standing_and_walking() {
        let library = crate::routine::library::Library::load(None).expect("built-in catalogue");
        let cues = Cues::new(&library.catalogue);
        let ids: Vec<String> = (0..3)
            .filter_map(|k| cues.get(k))
            .map(|c| c.exercise)
            .collect();
        assert_eq!(
            ids,
            ["sitting-posture", "standing-posture", "walking-posture"]
        );
        let first = cues.get(0).expect("a cue");
        let fourth = cues.get(3).expect("a cue");
        assert_eq!(first.exercise, fourth.exercise);
        assert_ne!(first.text, fourth.text, "the next time, the next cue");
    }
}
