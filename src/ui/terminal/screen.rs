//! The full screen: a `Surface` on the terminal, taken by the guard, that draws frames from
//! `view` with crossterm, writing only the lines that changed, and rings the bell.

use std::io::{self, Stdout, Write};
use std::sync::mpsc::Sender;

use crossterm::style::{Attribute, Color, Print, SetAttribute, SetForegroundColor};
use crossterm::{cursor, queue, terminal};

use super::guard::{self, Guard};
use super::{Input, Kind, Surface};
use crate::ui::view::{Frame, Line, Style};

/// The terminal, taken: the guard that gives it back, and what is on it now.
pub struct Screen {
    out: Stdout,
    /// What is on the screen now, line by line.
    shown: Vec<Line>,
    quiet: bool,
    color: bool,
    _guard: Guard,
}

impl std::fmt::Debug for Screen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Screen")
            .field("quiet", &self.quiet)
            .field("color", &self.color)
            .finish_non_exhaustive()
    }
}

impl Screen {
    /// Takes the terminal and starts reading keys into `keys`.
    pub fn enter(quiet: bool, color: bool, keys: Sender<Input>) -> io::Result<Screen> {
        let guard = Guard::enter()?;
        super::input::read_keys(keys)?;
        Ok(Screen {
            out: io::stdout(),
            shown: Vec::new(),
            quiet,
            color,
            _guard: guard,
        })
    }
}

impl Surface for Screen {
    fn kind(&self) -> Kind {
        Kind::Screen
    }

    /// The terminal's size; one that reports none (0x0, as some consoles do) is taken to be
    /// 80x24.
    fn size(&self) -> (usize, usize) {
        match terminal::size() {
            Ok((w, h)) if w > 0 && h > 0 => (usize::from(w), usize::from(h)),
            _ => (80, 24),
        }
    }

    /// Draws `frame`, writing only the lines that differ from what is on screen.
    fn draw(&mut self, frame: &Frame) -> io::Result<()> {
        let buf = changes(&self.shown, frame, self.color)?;
        if !buf.is_empty() {
            self.out.write_all(&buf)?;
            self.out.flush()?;
        }
        self.shown = frame.lines.clone();
        Ok(())
    }

    /// Rings the terminal bell, unless quiet.
    fn bell(&mut self) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        self.out.write_all(b"\x07")?;
        self.out.flush()
    }

    /// Forgets what is shown, so the next frame is drawn whole.
    fn redraw(&mut self) {
        self.shown.clear();
        let _ = queue!(self.out, terminal::Clear(terminal::ClearType::All));
    }

    fn release(&mut self) -> io::Result<()> {
        guard::restore();
        Ok(())
    }

    /// Takes the terminal again after the process was continued, and draws it whole.
    fn reclaim(&mut self) -> io::Result<()> {
        guard::claim()?;
        self.redraw();
        Ok(())
    }
}

/// The bytes that turn the screen from `shown` into `frame`: for each line that differs, a
/// move to its row, the line, and a clear to its end. Nothing for lines that are the same.
fn changes(shown: &[Line], frame: &Frame, color: bool) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    for (row, line) in frame.lines.iter().enumerate() {
        if shown.get(row) == Some(line) {
            continue;
        }
        let row = u16::try_from(row).unwrap_or(u16::MAX);
        queue!(buf, cursor::MoveTo(0, row))?;
        for (style, text) in &line.0 {
            styled(&mut buf, *style, text, color)?;
        }
        queue!(buf, terminal::Clear(terminal::ClearType::UntilNewLine))?;
    }
    // A shorter frame than the last (the question after a session's end) leaves nothing of
    // the last below it.
    if shown.len() > frame.lines.len() {
        let row = u16::try_from(frame.lines.len()).unwrap_or(u16::MAX);
        queue!(
            buf,
            cursor::MoveTo(0, row),
            terminal::Clear(terminal::ClearType::FromCursorDown)
        )?;
    }
    Ok(buf)
}

fn styled(buf: &mut Vec<u8>, style: Style, text: &str, color: bool) -> io::Result<()> {
    let (bold, dim, hue) = match style {
        Style::Plain | Style::Bar => (false, false, None),
        Style::Dim => (false, true, None),
        Style::Bold | Style::Prompt => (true, false, None),
        Style::Count => (true, false, Some(Color::Cyan)),
        Style::Strategy(s) => (
            true,
            false,
            Some(Color::AnsiValue(crate::output::theme::strategy_color(s))),
        ),
        Style::Warn => (true, false, Some(Color::Yellow)),
    };
    if bold {
        queue!(buf, SetAttribute(Attribute::Bold))?;
    }
    if dim {
        queue!(buf, SetAttribute(Attribute::Dim))?;
    }
    if let (Some(c), true) = (hue, color) {
        queue!(buf, SetForegroundColor(c))?;
    }
    queue!(buf, Print(text), SetAttribute(Attribute::Reset))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::strategy::Strategy;

    fn frame(rows: &[&str]) -> Frame {
        let lines: Vec<Line> = rows
            .iter()
            .map(|r| Line(vec![(Style::Plain, (*r).to_owned())]))
            .collect();
        Frame { lines }
    }

    /// The verifier's review: the last step's rating question was drawn over the session's
    /// last screen, its bars and keys still below. A shorter frame clears what is below it.
    #[test]
    fn a_shorter_frame_clears_the_rows_below_it() {
        let session = frame(&["title", "0:01", "space pause · q stop"]);
        let question = frame(&["How was that?"]);
        let text = String::from_utf8(changes(&session.lines, &question, true).expect("bytes"))
            .expect("utf8");
        assert!(text.contains("How was that?"), "{text:?}");
        assert!(
            text.contains("\x1b[2;1H\x1b[J"),
            "cleared from row 2 down: {text:?}"
        );
        // As long or longer: nothing more is cleared.
        let text = String::from_utf8(changes(&question.lines, &session, true).expect("bytes"))
            .expect("utf8");
        assert!(!text.contains("\x1b[J"), "{text:?}");
    }

    #[test]
    fn only_changed_lines_are_drawn() {
        let first = frame(&["title", "0:10", "next"]);
        let all = changes(&[], &first, true).expect("bytes");
        assert!(!all.is_empty());
        // The same frame again: nothing at all.
        assert!(
            changes(&first.lines, &first, true)
                .expect("bytes")
                .is_empty()
        );
        // One line changed: one move, to its row, and that line only.
        let second = frame(&["title", "0:09", "next"]);
        let text =
            String::from_utf8(changes(&first.lines, &second, true).expect("bytes")).expect("utf8");
        assert!(
            text.contains("0:09") && !text.contains("title") && !text.contains("next"),
            "{text:?}"
        );
        assert_eq!(
            text.matches("\x1b[2;1H").count(),
            1,
            "moves to row 2 only: {text:?}"
        );
    }

    #[test]
    fn no_colour_means_no_colour_codes() {
        let f = Frame {
            lines: vec![Line(vec![(
                Style::Strategy(Strategy::Heat),
                "HEAT".to_owned(),
            )])],
        };
        let plain = String::from_utf8(changes(&[], &f, false).expect("bytes")).expect("utf8");
        assert!(!plain.contains("\x1b[38;5;"), "{plain:?}");
        let coloured = String::from_utf8(changes(&[], &f, true).expect("bytes")).expect("utf8");
        assert!(coloured.contains("\x1b[38;5;9m"), "{coloured:?}");
    }
}
