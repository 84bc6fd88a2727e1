//! Stand-ins for the tests of everything that runs on the loop: a surface that writes down
//! what it was shown (with the made-up time of each frame) and a process that only counts
//! its stops. With `clock::FakeClock` and its `Script`, nothing sleeps.

use std::io;
use std::time::{Duration, Instant};

use super::clock::FakeClock;
use super::{Clock, Kind, Process, Surface};
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

/// A process that only counts its stops; continued in the foreground unless `background`
/// says how many times it is first continued in the background.
#[derive(Debug, Default)]
pub struct Stops(pub u32, pub u32);

impl Process for Stops {
    fn stop(&mut self) {
        self.0 += 1;
    }
    fn in_foreground(&self) -> bool {
        self.0 > self.1
    }
}
