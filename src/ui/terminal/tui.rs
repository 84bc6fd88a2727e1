//! The full-screen front end: draws frames from `view` with crossterm, writing only the
//! lines that changed, and rings the bell; and the questions and choice screens, each an
//! `App` that the one loop runs. Keys come from a reader thread, so the loop sleeps on one
//! channel for keys, signals and time.

use std::io::{self, Stdout, Write};
use std::sync::mpsc::Sender;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use crossterm::style::{Attribute, Color, Print, SetAttribute, SetForegroundColor};
use crossterm::{cursor, queue, terminal};

use super::guard::{self, Guard};
use super::{App, Clock, Ended, Ending, Frontend, Input, Inputs, Process, run};
use crate::journal::record::NOTE_CHARS;
use crate::routine::Routine;
use crate::session::{Engine, Event};
use crate::ui::view::{self, Frame, Line, Style};

/// What a question accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// A pain score, 0-10.
    Pain,
    /// One line of text.
    Note,
}

/// How a question was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Answer(String),
    Skip,
    /// Esc (or q, for a number).
    Cancel,
    /// Ctrl-C, a signal, or a lost terminal.
    End(Ending),
}

/// How a screen of choices was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice<T> {
    /// A key the screen offers.
    Picked(T),
    /// q or Esc.
    Cancel,
    /// Ctrl-C, a signal, or a lost terminal.
    End(Ending),
}

/// The full screen for a session: the screen, and the routine it shows.
pub struct Tui<'a> {
    screen: Screen,
    routine: &'a Routine,
}

impl std::fmt::Debug for Tui<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tui")
            .field("routine", &self.routine.name)
            .finish_non_exhaustive()
    }
}

impl<'a> Tui<'a> {
    /// Takes the terminal and starts reading keys into `tx`.
    pub fn enter(
        routine: &'a Routine,
        quiet: bool,
        color: bool,
        tx: Sender<Input>,
    ) -> io::Result<Tui<'a>> {
        Ok(Tui {
            screen: Screen::enter(quiet, color, tx)?,
            routine,
        })
    }

    /// Asks one question, under the routine's title, and waits for the answer.
    pub fn ask(
        &mut self,
        io: &mut Io<'_>,
        ask: Ask,
        question: &str,
        hint: &str,
    ) -> io::Result<Reply> {
        let title = self.routine.title.clone();
        self.screen.ask(io, ask, &title, question, hint)
    }

    /// Shows a screen of choices: see [`Screen::choose`].
    pub fn choose<T>(
        &mut self,
        io: &mut Io<'_>,
        frame: impl Fn(usize, usize) -> Frame,
        pick: impl Fn(KeyCode) -> Option<T>,
    ) -> io::Result<Choice<T>> {
        self.screen.choose(io, frame, pick)
    }

    /// The routine shown from now on (the person switched to another).
    pub fn switch_to(&mut self, routine: &'a Routine) {
        self.routine = routine;
    }
}

/// The terminal, taken: the guard that gives it back, and what is on it now. Anything that
/// draws full screens (a session, the nudges) draws through this.
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
    /// Takes the terminal and starts reading keys into `tx`.
    pub fn enter(quiet: bool, color: bool, tx: Sender<Input>) -> io::Result<Screen> {
        let guard = Guard::enter()?;
        super::input::read_keys(tx)?;
        Ok(Screen {
            out: io::stdout(),
            shown: Vec::new(),
            quiet,
            color,
            _guard: guard,
        })
    }

    /// The screen's size; a terminal that reports none (0x0, as some consoles do) is taken
    /// to be 80x24.
    pub fn size() -> (usize, usize) {
        match terminal::size() {
            Ok((w, h)) if w > 0 && h > 0 => (usize::from(w), usize::from(h)),
            _ => (80, 24),
        }
    }

    /// Draws `frame`, writing only the lines that differ from what is on screen.
    pub fn draw(&mut self, frame: &Frame) -> io::Result<()> {
        let buf = changes(&self.shown, frame, self.color)?;
        if !buf.is_empty() {
            self.out.write_all(&buf)?;
            self.out.flush()?;
        }
        self.shown = frame.lines.clone();
        Ok(())
    }

    /// Rings the terminal bell, unless quiet.
    pub fn bell(&mut self) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        self.out.write_all(b"\x07")?;
        self.out.flush()
    }

    /// Forgets what is shown, so the next frame is drawn whole (after a resize).
    pub fn redraw(&mut self) {
        self.shown.clear();
        let _ = queue!(self.out, terminal::Clear(terminal::ClearType::All));
    }

    /// Gives the terminal back before the process stops (Ctrl-Z).
    pub fn release(&mut self) {
        guard::restore();
    }

    /// Takes the terminal again after the process was continued, and draws it whole.
    pub fn reclaim(&mut self) -> io::Result<()> {
        guard::claim()?;
        self.redraw();
        Ok(())
    }

    /// Shows the frame that `frame` builds for the screen's size (built again after a resize)
    /// until a key that `pick` takes. q and Esc cancel; Ctrl-C, signals and Ctrl-Z do what
    /// they do everywhere.
    pub fn choose<T>(
        &mut self,
        io: &mut Io<'_>,
        frame: impl Fn(usize, usize) -> Frame,
        pick: impl Fn(KeyCode) -> Option<T>,
    ) -> io::Result<Choice<T>> {
        let mut app = Choosing {
            screen: self,
            frame,
            pick,
        };
        Ok(match run(&mut app, io.clock, io.inputs, io.process)? {
            Ended::Done(choice) => choice,
            Ended::By(ending) => Choice::End(ending),
        })
    }

    /// Asks one question under `title` and waits for the answer.
    pub fn ask(
        &mut self,
        io: &mut Io<'_>,
        ask: Ask,
        title: &str,
        question: &str,
        hint: &str,
    ) -> io::Result<Reply> {
        let mut app = Question {
            screen: self,
            ask,
            title,
            question,
            hint,
            typed: String::new(),
            problem: None,
        };
        Ok(match run(&mut app, io.clock, io.inputs, io.process)? {
            Ended::Done(reply) => reply,
            Ended::By(ending) => Reply::End(ending),
        })
    }
}

/// A full screen to draw on: the terminal's (`Screen`), or a stand-in in tests.
pub trait Surface {
    /// The size to draw for, in columns and rows.
    fn size(&self) -> (usize, usize);
    fn draw(&mut self, frame: &Frame) -> io::Result<()>;
    fn bell(&mut self) -> io::Result<()>;
    /// Draw everything again next time (after a resize).
    fn redraw(&mut self);
    /// Give the terminal back before the process stops.
    fn release(&mut self);
    /// Take it again after the process is continued.
    fn reclaim(&mut self) -> io::Result<()>;
}

impl Surface for Screen {
    fn size(&self) -> (usize, usize) {
        Screen::size()
    }
    fn draw(&mut self, frame: &Frame) -> io::Result<()> {
        Screen::draw(self, frame)
    }
    fn bell(&mut self) -> io::Result<()> {
        Screen::bell(self)
    }
    fn redraw(&mut self) {
        Screen::redraw(self);
    }
    fn release(&mut self) {
        Screen::release(self);
    }
    fn reclaim(&mut self) -> io::Result<()> {
        Screen::reclaim(self)
    }
}

/// What the loop runs on: the clock, the inputs, and the process to stop on Ctrl-Z.
pub struct Io<'a> {
    pub clock: &'a dyn Clock,
    pub inputs: &'a mut dyn Inputs,
    pub process: &'a mut dyn Process,
}

impl std::fmt::Debug for Io<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Io").finish_non_exhaustive()
    }
}

/// A screen of choices, as the loop runs it.
struct Choosing<'s, F, P> {
    screen: &'s mut Screen,
    frame: F,
    pick: P,
}

impl<T, F: Fn(usize, usize) -> Frame, P: Fn(KeyCode) -> Option<T>> App for Choosing<'_, F, P> {
    type Done = Choice<T>;

    fn update(&mut self, _now: Instant) -> io::Result<Option<Choice<T>>> {
        let (w, h) = Screen::size();
        self.screen.draw(&(self.frame)(w, h))?;
        Ok(None)
    }

    fn next_wakeup(&self, _now: Instant) -> Option<Instant> {
        None
    }

    fn key(&mut self, key: KeyEvent, _now: Instant) -> io::Result<Option<Choice<T>>> {
        if key.modifiers.contains(KeyModifiers::CONTROL) {
            return Ok(None);
        }
        if matches!(key.code, KeyCode::Char('q') | KeyCode::Esc) {
            return Ok(Some(Choice::Cancel));
        }
        Ok((self.pick)(key.code).map(Choice::Picked))
    }

    fn resize(&mut self) {
        self.screen.redraw();
    }

    fn suspend(&mut self, _now: Instant) -> io::Result<()> {
        self.screen.release();
        Ok(())
    }

    fn resume(&mut self, _now: Instant) -> io::Result<()> {
        self.screen.reclaim()
    }
}

/// One question, as the loop runs it: what has been typed, and what is wrong with it.
struct Question<'s, 't> {
    screen: &'s mut Screen,
    ask: Ask,
    title: &'t str,
    question: &'t str,
    hint: &'t str,
    typed: String,
    problem: Option<&'static str>,
}

impl App for Question<'_, '_> {
    type Done = Reply;

    fn update(&mut self, _now: Instant) -> io::Result<Option<Reply>> {
        let (w, h) = Screen::size();
        let hint = self.problem.unwrap_or(self.hint);
        let frame = view::question(self.title, self.question, &self.typed, hint, w, h);
        self.screen.draw(&frame)?;
        Ok(None)
    }

    fn next_wakeup(&self, _now: Instant) -> Option<Instant> {
        None
    }

    fn key(&mut self, key: KeyEvent, _now: Instant) -> io::Result<Option<Reply>> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let typed = &mut self.typed;
        let reply = match key.code {
            KeyCode::Esc => Some(Reply::Cancel),
            KeyCode::Enter if typed.trim().is_empty() => Some(Reply::Skip),
            KeyCode::Enter => match self.ask {
                Ask::Pain if typed.parse::<u8>().is_ok_and(|n| n <= 10) => {
                    Some(Reply::Answer(typed.clone()))
                }
                Ask::Pain => {
                    self.problem = Some("A whole number from 0 to 10, please (Enter alone skips).");
                    None
                }
                Ask::Note => Some(Reply::Answer(typed.clone())),
            },
            KeyCode::Backspace => {
                typed.pop();
                self.problem = None;
                None
            }
            KeyCode::Char('q') if self.ask == Ask::Pain => Some(Reply::Cancel),
            KeyCode::Char(c) if !ctrl => {
                match self.ask {
                    Ask::Pain if c.is_ascii_digit() && typed.len() < 2 => typed.push(c),
                    Ask::Pain => self.problem = Some("Type a number from 0 to 10."),
                    Ask::Note if typed.chars().count() < NOTE_CHARS => typed.push(c),
                    Ask::Note => {}
                }
                None
            }
            _ => None,
        };
        Ok(reply)
    }

    fn resize(&mut self) {
        self.screen.redraw();
    }

    fn suspend(&mut self, _now: Instant) -> io::Result<()> {
        self.screen.release();
        Ok(())
    }

    fn resume(&mut self, _now: Instant) -> io::Result<()> {
        self.screen.reclaim()
    }
}

impl Frontend for Tui<'_> {
    fn show(
        &mut self,
        engine: &Engine,
        now: Instant,
        events: &[Event],
        help: bool,
    ) -> io::Result<()> {
        let rings = events
            .iter()
            .any(|e| matches!(e, Event::PhaseStarted(_) | Event::Countdown(_)));
        if rings && !engine.is_finished() {
            self.screen.bell()?;
        }
        let Some(state) = engine.state(now) else {
            return Ok(());
        };
        let (w, h) = Screen::size();
        let frame = view::session(self.routine, &state, help, w, h);
        self.screen.draw(&frame)
    }

    fn resize(&mut self) {
        self.screen.redraw();
    }

    fn release(&mut self) -> io::Result<()> {
        self.screen.release();
        Ok(())
    }

    fn reclaim(&mut self) -> io::Result<()> {
        self.screen.reclaim()
    }

    fn stays_paused(&self) -> bool {
        true
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
