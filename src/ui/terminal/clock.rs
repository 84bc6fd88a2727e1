//! Time, injected: the one loop, the nudge day, a session's start and end and the safety
//! state ask a `Clock` for the monotonic now and the wall-clock time, so the tests run them on
//! made-up time (`fake::FakeClock`) and never sleep.

use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Local};

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
