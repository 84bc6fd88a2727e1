//! Stand-ins for the tests of everything that runs on the loop: made-up time (`FakeClock`)
//! with a `Script` of inputs, a surface that writes down what it was shown (with the made-up
//! time of each frame), a process that only counts its stops, a speaker that writes down
//! what it would have said and a desktop that writes down what it would have shown. Nothing
//! here sleeps.

use std::cell::Cell;
use std::collections::VecDeque;
use std::io;
use std::rc::Rc;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};

use super::{Clock, Input, Inputs, Kind, Process, Surface, Waited};
use crate::ui::view::Frame;

/// A surface that keeps the text of every frame and the time it was drawn, and counts bells,
/// redraws, releases and reclaims.
#[derive(Debug)]
pub struct Paper {
    kind: Kind,
    size: (usize, usize),
    clock: FakeClock,
    start: Instant,
    /// (time since the paper was made, the frame's text) of each draw.
    pub frames: Vec<(Duration, String)>,
    pub bells: u32,
    pub redraws: u32,
    pub released: u32,
    pub reclaimed: u32,
}

impl Paper {
    /// A full screen of 80x24, drawn on at `clock`'s times.
    pub fn screen(clock: &FakeClock) -> Paper {
        Paper::new(Kind::Screen, (80, 24), clock)
    }

    /// Plain lines, 80 wide.
    pub fn lines(clock: &FakeClock) -> Paper {
        Paper::new(Kind::Lines, (80, usize::MAX), clock)
    }

    pub fn new(kind: Kind, size: (usize, usize), clock: &FakeClock) -> Paper {
        Paper {
            kind,
            size,
            clock: clock.clone(),
            start: clock.now(),
            frames: Vec::new(),
            bells: 0,
            redraws: 0,
            released: 0,
            reclaimed: 0,
        }
    }

    /// How much made-up time has gone by since the paper was made.
    pub fn since_start(&self) -> Duration {
        self.clock.now().saturating_duration_since(self.start)
    }

    /// The text of the last frame drawn.
    pub fn last(&self) -> &str {
        self.frames.last().map_or("", |(_, text)| text.as_str())
    }

    /// Every frame's text, one after the other, as plain lines would print them.
    pub fn all(&self) -> String {
        let texts: Vec<&str> = self.frames.iter().map(|(_, t)| t.as_str()).collect();
        texts.join("\n")
    }
}

impl Surface for Paper {
    fn kind(&self) -> Kind {
        self.kind
    }
    fn size(&self) -> (usize, usize) {
        self.size
    }
    fn draw(&mut self, frame: &Frame) -> io::Result<()> {
        let at = self.clock.now().saturating_duration_since(self.start);
        self.frames.push((at, frame.text()));
        Ok(())
    }
    fn bell(&mut self) -> io::Result<()> {
        self.bells += 1;
        Ok(())
    }
    fn redraw(&mut self) {
        self.redraws += 1;
    }
    fn release(&mut self) -> io::Result<()> {
        self.released += 1;
        Ok(())
    }
    fn reclaim(&mut self) -> io::Result<()> {
        self.reclaimed += 1;
        Ok(())
    }
}

/// A process that only counts its stops: continued in the background the first
/// `background` times (as by `bg`, or `kill %1`'s SIGCONT), then in the foreground.
#[derive(Debug, Default)]
pub struct Stops {
    pub stops: u32,
    pub background: u32,
}

impl Stops {
    /// Continued in the background the first `times` times.
    pub fn background(times: u32) -> Stops {
        Stops {
            stops: 0,
            background: times,
        }
    }
}

impl Process for Stops {
    fn stop(&mut self) {
        self.stops += 1;
    }
    fn in_foreground(&self) -> bool {
        self.background == 0 || self.stops > self.background
    }
}

/// Made-up time for tests: it moves only when the loop waits.
#[derive(Debug, Clone)]
pub struct FakeClock {
    now: Rc<Cell<Instant>>,
    wall0: DateTime<FixedOffset>,
    start: Instant,
}

impl FakeClock {
    /// A clock starting at the wall-clock time `wall`.
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
#[derive(Debug)]
pub struct Script {
    clock: FakeClock,
    items: VecDeque<(Instant, Input)>,
}

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

/// A speaker that writes down what it was given to say, with the made-up time of each.
#[derive(Debug)]
pub struct Mouth {
    clock: FakeClock,
    start: Instant,
    pub said: Vec<(Duration, String)>,
    pub polls: u32,
}

impl Mouth {
    pub fn new(clock: &FakeClock) -> Mouth {
        Mouth {
            clock: clock.clone(),
            start: clock.now(),
            said: Vec::new(),
            polls: 0,
        }
    }
}

impl super::speaker::Speak for Mouth {
    fn say(&mut self, text: &str) {
        let at = self.clock.now().saturating_duration_since(self.start);
        self.said.push((at, text.to_owned()));
    }
    fn poll(&mut self) {
        self.polls += 1;
    }
}

/// A desktop that writes down each notification it was given, with the made-up time of each.
#[derive(Debug)]
pub struct Tray {
    clock: FakeClock,
    start: Instant,
    /// (time since the tray was made, summary, body) of each notification.
    pub shown: Vec<(Duration, String, String)>,
}

impl Tray {
    pub fn new(clock: &FakeClock) -> Tray {
        Tray {
            clock: clock.clone(),
            start: clock.now(),
            shown: Vec::new(),
        }
    }
}

impl super::notifier::Notify for Tray {
    fn notify(&mut self, summary: &str, body: &str) {
        let at = self.clock.now().saturating_duration_since(self.start);
        self.shown.push((at, summary.to_owned(), body.to_owned()));
    }
}
