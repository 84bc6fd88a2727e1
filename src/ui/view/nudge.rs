//! The nudge day as a person sees it: the full screen (quiet while waiting, the cue and its
//! keys while a nudge is up, what the last key did), and as plain lines (an opening line,
//! then a line per nudge). Pure; `commands::nudge` runs the day.

use super::{Frame, Line, Style};
use crate::output::{count, duration};
use crate::routine::strategy::Strategy;

/// What the nudge screen shows.
#[derive(Debug, Clone)]
pub struct NudgeState<'a> {
    pub every_minutes: u32,
    /// When the nudges end, as "17:30".
    pub until: String,
    /// The nudge on screen, if one is: its exercise's name and the cue.
    pub cue: Option<(&'a str, &'a str)>,
    /// The name of the exercise the next one comes from, while waiting.
    pub upcoming: Option<&'a str>,
    /// When the next nudge is due, as "14:30"; `None` when none comes before the end.
    pub next_at: Option<String>,
    pub answered: u32,
    /// What the last key did.
    pub said: Said,
    /// Each nudge goes to the desktop too (`--notify`).
    pub desktop: bool,
}

/// What the last key on the nudge screen did, for the line that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    Nothing,
    /// Done, and recorded as this many seconds of posture practice.
    Done(u32),
    /// Done, with `--no-log` (or a preview).
    DoneUnrecorded,
    /// Put off for this many minutes.
    Snoozed(u64),
    /// Done, but the record could not be saved: why.
    NotRecorded(String),
}

impl Said {
    fn text(&self) -> Option<String> {
        match self {
            Said::Nothing => None,
            Said::Done(secs) => Some(format!(
                "Done: recorded as {} of posture practice (the check's own time).",
                duration(*secs)
            )),
            Said::DoneUnrecorded => Some("Done (not recorded).".to_owned()),
            Said::Snoozed(minutes) => Some(format!("Snoozed: it comes back in {minutes} minutes.")),
            Said::NotRecorded(e) => Some(format!("Done, but not recorded: {e}")),
        }
    }
}

/// The nudge screen: quiet while waiting (what comes next, and when), and while a nudge is
/// up, the cue and the three keys.
pub fn nudge(state: &NudgeState<'_>, width: usize, height: usize) -> Frame {
    let wrap_width = width.saturating_sub(2).max(10);
    let header = Line::spread(
        Line::styled(Style::Bold, "Posture nudges"),
        Line::styled(
            Style::Dim,
            format!("every {} min until {}", state.every_minutes, state.until),
        ),
        width,
    );
    let mut lines = vec![header, Line::default()];
    match state.cue {
        Some(cue) => {
            lines.push(Line::styled(
                Style::Strategy(Strategy::Posture),
                cue.0.to_uppercase(),
            ));
            lines.push(Line::default());
            for l in crate::output::wrap_lines(cue.1, wrap_width) {
                lines.push(Line::styled(Style::Prompt, l.to_string()));
            }
            lines.push(Line::default());
            let (gap, snooze) = if width >= 50 {
                ("   ", " snooze 10 min")
            } else {
                ("  ", " snooze")
            };
            lines.push(
                Line::styled(Style::Bold, "Enter")
                    .then(Style::Plain, format!(" done{gap}"))
                    .then(Style::Bold, "space")
                    .then(Style::Plain, format!("{snooze}{gap}"))
                    .then(Style::Bold, "q")
                    .then(Style::Plain, " end"),
            );
        }
        None => {
            let what = state
                .upcoming
                .map(|name| format!(": {}", name.to_lowercase()))
                .unwrap_or_default();
            let next = match &state.next_at {
                Some(at) => format!("Next nudge at {at}{what}."),
                None => format!("No more nudges today: the day ends at {}.", state.until),
            };
            for l in crate::output::wrap_lines(&next, wrap_width) {
                lines.push(Line::plain(l.to_string()));
            }
            lines.push(Line::default());
            let waits = if state.desktop {
                "Work as usual; each nudge comes to the desktop too. q ends."
            } else {
                "Work as usual; this waits quietly. q ends."
            };
            lines.push(Line::styled(Style::Dim, waits));
        }
    }
    lines.push(Line::default());
    if let Some(message) = state.said.text() {
        for l in crate::output::wrap_lines(&message, wrap_width) {
            lines.push(Line::styled(Style::Bold, l.to_string()));
        }
    }
    let done = format!("{} done so far.", count(state.answered, "nudge"));
    lines.push(Line::styled(Style::Dim, done));
    if state.cue.is_some() {
        let next = match &state.next_at {
            Some(at) => format!("If you let it be, the next comes at {at}."),
            None => format!("It is the last today: the day ends at {}.", state.until),
        };
        for l in crate::output::wrap_lines(&next, wrap_width) {
            lines.push(Line::styled(Style::Dim, l.to_string()));
        }
    }
    Frame::new(lines, width, height)
}

/// The first plain line: how often, until when, whether on the desktop too, and how to stop.
pub fn nudge_opening(every_minutes: u32, until: &str, desktop: bool) -> Frame {
    let too = if desktop { ", on the desktop too" } else { "" };
    Frame::text_of(&format!(
        "Posture nudges every {every_minutes} min until {until}{too}. Ctrl-C stops."
    ))
}

/// A nudge as a desktop notification: the exercise's name as its summary, the cue as its
/// body.
pub fn nudge_notice(name: &str, text: &str) -> (String, String) {
    (format!("backcoach: {name}"), text.to_owned())
}

/// A plain line per nudge: when, the cue, and when the next comes (`None`: the last today).
pub fn nudge_line(at: &str, name: &str, text: &str, next_at: Option<&str>) -> Frame {
    let next = match next_at {
        Some(next) => format!("next at {next}"),
        None => "the last today".to_owned(),
    };
    Frame::text_of(&format!("{at}  {name}: {text} ({next})"))
}
