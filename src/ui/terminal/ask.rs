//! The questions (pain before and after, a note) and the screens of choices (the safety
//! pages, the flare offer): small apps that the one loop runs on the full screen.

use std::io;
use std::time::Instant;

use crossterm::event::KeyEvent;

use super::input::{Pick, Typing, pick, typing};
use super::{App, Ended, Ending, Io, Surface, run};
use crate::journal::record::NOTE_CHARS;
use crate::ui::view::{self, Frame};

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

/// What a note at its limit says.
const NOTE_FULL: &str = "That is as long as a note can be (500 characters): Enter saves it.";

/// Asks one question under `title` and waits for the answer.
pub fn ask(
    surface: &mut dyn Surface,
    io: &mut Io<'_>,
    ask: Ask,
    title: &str,
    question: &str,
    hint: &str,
) -> io::Result<Reply> {
    let mut app = Question {
        ask,
        title,
        question,
        hint,
        typed: String::new(),
        problem: None,
    };
    Ok(match run(&mut app, surface, io)? {
        Ended::Done(reply) => reply,
        Ended::By(ending) => Reply::End(ending),
    })
}

/// Shows the frame that `frame` builds for the surface's size (built again after a resize)
/// until a key that `choice` takes. q and Esc cancel; Ctrl-C, signals and Ctrl-Z do what they
/// do everywhere.
pub fn choose<T>(
    surface: &mut dyn Surface,
    io: &mut Io<'_>,
    frame: impl Fn(usize, usize) -> Frame,
    choice: impl Fn(Pick) -> Option<T>,
) -> io::Result<Choice<T>> {
    let mut app = Choosing { frame, choice };
    Ok(match run(&mut app, surface, io)? {
        Ended::Done(choice) => choice,
        Ended::By(ending) => Choice::End(ending),
    })
}

/// A screen of choices, as the loop runs it.
struct Choosing<F, C> {
    frame: F,
    choice: C,
}

impl<T, F: Fn(usize, usize) -> Frame, C: Fn(Pick) -> Option<T>> App for Choosing<F, C> {
    type Done = Choice<T>;

    fn update(
        &mut self,
        _now: Instant,
        surface: &mut dyn Surface,
    ) -> io::Result<Option<Choice<T>>> {
        let (w, h) = surface.size();
        surface.draw(&(self.frame)(w, h))?;
        Ok(None)
    }

    fn next_wakeup(&self, _now: Instant) -> Option<Instant> {
        None
    }

    fn key(&mut self, key: KeyEvent, _now: Instant) -> io::Result<Option<Choice<T>>> {
        Ok(match pick(key) {
            Pick::Cancel => Some(Choice::Cancel),
            Pick::Nothing => None,
            other => (self.choice)(other).map(Choice::Picked),
        })
    }
}

/// One question, as the loop runs it: what has been typed, and what is wrong with it.
struct Question<'t> {
    ask: Ask,
    title: &'t str,
    question: &'t str,
    hint: &'t str,
    typed: String,
    problem: Option<&'static str>,
}

impl App for Question<'_> {
    type Done = Reply;

    fn update(&mut self, _now: Instant, surface: &mut dyn Surface) -> io::Result<Option<Reply>> {
        let (w, h) = surface.size();
        let hint = self.problem.unwrap_or(self.hint);
        let frame = view::question(self.title, self.question, &self.typed, hint, w, h);
        surface.draw(&frame)?;
        Ok(None)
    }

    fn next_wakeup(&self, _now: Instant) -> Option<Instant> {
        None
    }

    fn key(&mut self, key: KeyEvent, _now: Instant) -> io::Result<Option<Reply>> {
        let typed = &mut self.typed;
        let reply = match typing(key) {
            Typing::Leave => Some(Reply::Cancel),
            Typing::Submit if typed.trim().is_empty() => Some(Reply::Skip),
            Typing::Submit => match self.ask {
                Ask::Pain if typed.parse::<u8>().is_ok_and(|n| n <= 10) => {
                    Some(Reply::Answer(typed.clone()))
                }
                Ask::Pain => {
                    self.problem = Some("A whole number from 0 to 10, please (Enter alone skips).");
                    None
                }
                Ask::Note => Some(Reply::Answer(typed.clone())),
            },
            Typing::Erase => {
                typed.pop();
                self.problem = None;
                None
            }
            Typing::Type('q') if self.ask == Ask::Pain => Some(Reply::Cancel),
            Typing::Type(c) => {
                match self.ask {
                    Ask::Pain if c.is_ascii_digit() && typed.len() < 2 => {
                        typed.push(c);
                        self.problem = None;
                    }
                    Ask::Pain => self.problem = Some("Type a number from 0 to 10."),
                    // A pasted control character is no part of a note.
                    Ask::Note if c.is_control() => {}
                    Ask::Note if typed.chars().count() < NOTE_CHARS => typed.push(c),
                    Ask::Note => self.problem = Some(NOTE_FULL),
                }
                None
            }
            Typing::Nothing => None,
        };
        Ok(reply)
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};

    use super::*;
    use crate::ui::terminal::Input;
    use crate::ui::terminal::fake::FakeClock;
    use crate::ui::terminal::fake::{Paper, Stops};

    fn clock() -> FakeClock {
        FakeClock::at(DateTime::parse_from_rfc3339("2026-11-25T19:00:00+01:00").expect("t"))
    }

    fn press(code: KeyCode) -> Input {
        Input::Key(KeyEvent::new_with_kind(
            code,
            KeyModifiers::NONE,
            KeyEventKind::Press,
        ))
    }

    /// Asks `ask` on a stand-in screen with `keys`, one a second: the reply and the screen.
    fn asked(ask_for: Ask, keys: &[KeyCode]) -> (Reply, Paper) {
        let clock = clock();
        let mut script = clock.script(
            keys.iter()
                .enumerate()
                .map(|(i, k)| (std::time::Duration::from_secs(i as u64), press(*k))),
        );
        let mut stops = Stops::default();
        let mut io = Io {
            clock: &clock,
            inputs: &mut script,
            process: &mut stops,
        };
        let mut paper = Paper::screen(&clock);
        let reply = ask(&mut paper, &mut io, ask_for, "Title", "How?", "the hint").expect("asked");
        (reply, paper)
    }

    #[test]
    fn type_a_number_goes_away_once_a_digit_is_typed() {
        use KeyCode::{Char, Enter};
        let (reply, paper) = asked(Ask::Pain, &[Char('x'), Char('5'), Enter]);
        assert_eq!(reply, Reply::Answer("5".to_owned()));
        let texts: Vec<&str> = paper.frames.iter().map(|(_, t)| t.as_str()).collect();
        assert!(
            texts[1].contains("Type a number from 0 to 10."),
            "{}",
            texts[1]
        );
        assert!(!texts[2].contains("Type a number"), "{}", texts[2]);
        assert!(texts[2].contains("the hint"), "{}", texts[2]);
    }

    #[test]
    fn a_pain_score_is_0_to_10_and_enter_alone_skips() {
        use KeyCode::{Backspace, Char, Enter, Esc};
        let (reply, paper) = asked(Ask::Pain, &[Char('1'), Char('1'), Enter, Backspace, Enter]);
        assert_eq!(reply, Reply::Answer("1".to_owned()));
        assert!(paper.all().contains("A whole number from 0 to 10"));
        assert_eq!(asked(Ask::Pain, &[Enter]).0, Reply::Skip);
        assert_eq!(asked(Ask::Pain, &[Char('q')]).0, Reply::Cancel);
        assert_eq!(
            asked(Ask::Note, &[Char('q'), Enter]).0,
            Reply::Answer("q".to_owned())
        );
        assert_eq!(asked(Ask::Note, &[Esc]).0, Reply::Cancel);
    }

    /// Issue 12: a long note ran off the screen with the cursor, and at the limit the field
    /// silently stopped taking characters.
    #[test]
    fn a_long_note_scrolls_and_its_limit_is_said() {
        let mut keys: Vec<KeyCode> = "abcdefghij".repeat(51).chars().map(KeyCode::Char).collect();
        keys.push(KeyCode::Enter);
        let (reply, paper) = asked(Ask::Note, &keys);
        let Reply::Answer(note) = reply else {
            panic!("answered: {reply:?}");
        };
        assert_eq!(note.chars().count(), NOTE_CHARS);
        // Every frame shows the cursor; once the note is wider than the screen, its end.
        for (_, text) in &paper.frames {
            let field = text
                .lines()
                .find(|l| l.starts_with("> "))
                .unwrap_or_default();
            assert!(field.ends_with('_'), "{field:?}");
            assert!(field.chars().count() <= 80, "{field:?}");
        }
        assert!(paper.all().contains("> …"), "scrolled");
        assert!(paper.last().contains(NOTE_FULL), "{}", paper.last());
    }

    #[test]
    fn a_choice_takes_only_the_keys_it_offers() {
        let clock = clock();
        let mut script = clock.script([
            (std::time::Duration::from_secs(1), press(KeyCode::Char('x'))),
            (std::time::Duration::from_secs(2), press(KeyCode::Char('f'))),
            (std::time::Duration::from_secs(3), press(KeyCode::Enter)),
        ]);
        let mut stops = Stops::default();
        let mut io = Io {
            clock: &clock,
            inputs: &mut script,
            process: &mut stops,
        };
        let mut paper = Paper::screen(&clock);
        let frame = |w, h| {
            let _ = (w, h);
            Frame::text_of("Go on?")
        };
        // Only Enter or space counts here: x and f are passed over.
        let got = choose(&mut paper, &mut io, frame, |p| {
            (p == Pick::GoOn).then_some(7)
        });
        assert_eq!(got.expect("chosen"), Choice::Picked(7));
        assert_eq!(
            paper.frames.len(),
            3,
            "drawn at the start and after each key"
        );
    }
}
