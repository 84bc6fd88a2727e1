//! Time, injected: the one loop, the nudge day, a session's start and end and the safety
//! state ask a `Clock` for the monotonic now and the wall-clock time, so the tests run them on
//! made-up time (`FakeClock`, with a `Script` of inputs; test builds only) and never sleep.

#[cfg(test)]
use std::cell::Cell;
#[cfg(test)]
use std::collections::VecDeque;
#[cfg(test)]
use std::rc::Rc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Local};

use super::input::Input;

/// Monotonic time for deadlines, and the wall clock for records and "next at 14:30".
pub trait Clock {
    /// Now, on the clock that deadlines are counted on.
    fn now(&self) -> Instant;
    /// The wall-clock time now, with the local offset.
    fn wall(&self) -> DateTime<FixedOffset>;
    /// Real time to wait until the clock shows `at` (shorter for a faster preview).
    fn wait_until(&self, at: Instant, now: Instant) -> Duration;
}

/// The system clock; `speed` above 1 runs a preview faster (`start --speed`).
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    origin: Instant,
    speed: f64,
}

impl SystemClock {
    pub fn new(speed: f64) -> SystemClock {
        SystemClock {
            origin: Instant::now(),
            speed,
        }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        let real = self.origin.elapsed();
        if self.speed == 1.0 {
            self.origin + real
        } else {
            self.origin + real.mul_f64(self.speed)
        }
    }

    fn wall(&self) -> DateTime<FixedOffset> {
        system_wall()
    }

    fn wait_until(&self, at: Instant, now: Instant) -> Duration {
        at.saturating_duration_since(now).div_f64(self.speed)
    }
}

/// The system's wall-clock time, with the local offset. Unlike chrono's `Local::now`, a
/// clock set before 1970 is no panic: the time is given as it is (and the log refuses it);
/// one beyond what chrono can hold is given as the year 100,000 either way, as far out of
/// the log's range.
pub fn system_wall() -> DateTime<FixedOffset> {
    use chrono::{TimeDelta, TimeZone, Utc};
    use std::time::{SystemTime, UNIX_EPOCH};
    let utc = match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(after) => TimeDelta::from_std(after)
            .ok()
            .and_then(|d| DateTime::UNIX_EPOCH.checked_add_signed(d)),
        Err(before) => TimeDelta::from_std(before.duration())
            .ok()
            .and_then(|d| DateTime::UNIX_EPOCH.checked_sub_signed(d)),
    };
    let far = |year| Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0).single();
    let fallback = if SystemTime::now() < UNIX_EPOCH {
        far(-100_000)
    } else {
        far(100_000)
    };
    utc.or(fallback)
        .unwrap_or(DateTime::UNIX_EPOCH)
        .with_timezone(&Local)
        .fixed_offset()
}

/// What waiting for an input gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waited {
    Input(Input),
    /// The time to wait ran out first.
    Timeout,
    /// Nothing can come any more: the sources are gone.
    Closed,
}

/// Where inputs come from: keys, resizes and signals.
pub trait Inputs {
    /// Waits up to `wait` (without end when `None`) for the next input.
    fn next(&mut self, wait: Option<Duration>) -> Waited;
}

/// How long to wait when nothing is due: keys and signals still wake the loop at once.
const IDLE: Duration = Duration::from_secs(3600);

impl Inputs for Receiver<Input> {
    fn next(&mut self, wait: Option<Duration>) -> Waited {
        match self.recv_timeout(wait.unwrap_or(IDLE)) {
            Ok(input) => Waited::Input(input),
            Err(RecvTimeoutError::Timeout) => Waited::Timeout,
            Err(RecvTimeoutError::Disconnected) => Waited::Closed,
        }
    }
}

/// Made-up time for tests: it moves only when the loop waits.
#[cfg(test)]
#[derive(Debug, Clone)]
pub struct FakeClock {
    now: Rc<Cell<Instant>>,
    wall0: DateTime<FixedOffset>,
    start: Instant,
}

#[cfg(test)]
impl FakeClock {
    /// A clock starting at `wall` (RFC 3339).
    pub fn at(wall: DateTime<FixedOffset>) -> FakeClock {
        let start = Instant::now();
        FakeClock {
            now: Rc::new(Cell::new(start)),
            wall0: wall,
            start,
        }
    }

    /// Moves time on to `at` (never back).
    pub fn advance_to(&self, at: Instant) {
        if at > self.now.get() {
            self.now.set(at);
        }
    }

    /// Inputs that arrive at the given times after the start, on this clock.
    pub fn script(&self, inputs: impl IntoIterator<Item = (Duration, Input)>) -> Script {
        Script {
            clock: self.clone(),
            items: inputs
                .into_iter()
                .map(|(after, input)| (self.start + after, input))
                .collect(),
        }
    }
}

#[cfg(test)]
impl Clock for FakeClock {
    fn now(&self) -> Instant {
        self.now.get()
    }

    fn wall(&self) -> DateTime<FixedOffset> {
        let since = self.now.get().saturating_duration_since(self.start);
        self.wall0 + chrono::Duration::from_std(since).unwrap_or_default()
    }

    fn wait_until(&self, at: Instant, now: Instant) -> Duration {
        at.saturating_duration_since(now)
    }
}

/// Scripted inputs on a `FakeClock`: waiting moves the clock to the next input, or by the
/// whole wait when none comes first. When the script is spent and nothing is due, it is
/// closed.
#[cfg(test)]
#[derive(Debug)]
pub struct Script {
    clock: FakeClock,
    items: VecDeque<(Instant, Input)>,
}

#[cfg(test)]
impl Inputs for Script {
    fn next(&mut self, wait: Option<Duration>) -> Waited {
        let now = self.clock.now();
        let until = wait.map(|w| now + w);
        let next = self.items.front().map(|(at, _)| *at);
        match (next, until) {
            (Some(at), until) if until.is_none_or(|u| at <= u) => {
                self.clock.advance_to(at);
                self.items
                    .pop_front()
                    .map_or(Waited::Closed, |(_, input)| Waited::Input(input))
            }
            (_, Some(until)) => {
                self.clock.advance_to(until);
                Waited::Timeout
            }
            (_, None) => Waited::Closed,
        }
    }
}
