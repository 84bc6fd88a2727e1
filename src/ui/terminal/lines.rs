//! Plain lines: a `Surface` that prints each frame after the last, with no raw mode, no
//! cursor movement and no bell. What scripts, logs and screen readers get.

use std::io::{self, Write};

use super::{Kind, Surface};
use crate::ui::view::Frame;

#[derive(Debug)]
pub struct Lines<W: Write> {
    out: W,
    width: usize,
}

impl<W: Write> Lines<W> {
    /// Lines to `out`, wrapped (where the text is wrapped) to `width` columns.
    pub fn new(out: W, width: usize) -> Lines<W> {
        Lines { out, width }
    }
}

impl<W: Write> Surface for Lines<W> {
    fn kind(&self) -> Kind {
        Kind::Lines
    }

    /// As wide as the text is wrapped to; as tall as it needs.
    fn size(&self) -> (usize, usize) {
        (self.width, usize::MAX)
    }

    fn draw(&mut self, frame: &Frame) -> io::Result<()> {
        for line in &frame.lines {
            writeln!(self.out, "{}", line.text().trim_end())?;
        }
        self.out.flush()
    }

    /// Lines ring no bell: a log or a screen reader is no place for one.
    fn bell(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn release(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_frame_is_printed_after_the_last_without_codes() {
        let mut out = Vec::new();
        let mut lines = Lines::new(&mut out, 60);
        lines.draw(&Frame::text_of("one\ntwo  ")).expect("drawn");
        lines.bell().expect("no bell");
        lines.draw(&Frame::text_of("three")).expect("drawn");
        assert_eq!(String::from_utf8(out).expect("utf8"), "one\ntwo\nthree\n");
    }
}
