//! What is said of levels (issue 14): the note before a step whose level changed, and the
//! line that `show` and `exercises` give a step's level. Pure text from the decisions in
//! `journal::levels`.

use std::io::{self, Write};

use super::{BOLD, dosage_summary, duration, paint, wrap};
use crate::journal::levels::{AWAY_DAYS, Level, PAIN_RISE, UP_AFTER, WINDOW_DAYS, Why};
use crate::plan::PlanOptions;
use crate::routine::Exercise;
use crate::untrusted::escape;

/// Before a step whose level changed: its level today and why; and, for a move up only,
/// what is said once d has put it back at last time's (a move down offers no way back to
/// the version that hurt). `now` is the step at today's level, `back` at last time's.
/// `None` when the level did not change, or was pinned (the person chose it).
pub fn change_note(
    now: &Exercise,
    back: &Exercise,
    level: &Level,
) -> Option<(String, Option<String>)> {
    let last = level.last.filter(|_| level.changed())?;
    let note = |why: &str| format!("{}: level {} today, {why}.", now.name, level.level);
    match level.why {
        Why::Up => Some((
            note(&format!("after {UP_AFTER} comfortable sessions")),
            Some(format!("{}: level {last}, as last time.", back.name)),
        )),
        // Down: no way back to the version that hurt.
        Why::PainRose => Some((
            note("as your pain was higher after last session. Go gently"),
            None,
        )),
        Why::Hurt => Some((note("as it hurt last time. Go gently"), None)),
        Why::New | Why::Pinned | Why::Held { .. } => None,
    }
}

/// "level 2 of 3", and why when the log decided it ("up after 3 comfortable sessions").
pub fn level_line(level: &Level, top: u32) -> String {
    let why = match level.why {
        Why::New => String::new(),
        Why::Pinned => " (pinned)".to_owned(),
        Why::Up => format!(
            " (up: {UP_AFTER} comfortable sessions at level {})",
            level.level - 1
        ),
        Why::PainRose => " (down: pain rose after it last time)".to_owned(),
        Why::Hurt => " (down: it hurt last time)".to_owned(),
        Why::Held { good: 0 } => String::new(),
        Why::Held { good } => {
            format!(" ({good} of {UP_AFTER} comfortable sessions toward the next)")
        }
    };
    let why = if level.level >= top && matches!(level.why, Why::Held { .. }) {
        String::new()
    } else {
        why
    };
    format!("level {} of {top}{why}", level.level)
}

/// `exercises <id>`: each level of `ex` in a line (its name, length and dosage), the
/// person's marked, then the rules in a sentence.
pub fn list(
    out: &mut impl Write,
    ex: &Exercise,
    level: &Level,
    opts: &PlanOptions,
    width: usize,
) -> io::Result<()> {
    let top = ex.level_count();
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint(
            BOLD,
            &format!("Levels: you are at {}", level_line(level, top))
        )
    )?;
    for l in 1..=top {
        let at = ex.at_level(l);
        let mark = if l == level.level { "▸" } else { " " };
        let line = format!(
            "{} · {} · {}",
            escape(&at.name),
            duration(at.extent(opts).seconds),
            dosage_summary(at)
        );
        writeln!(
            out,
            "{}",
            wrap(&line, width, &format!("{mark} {l}  "), "     ")
        )?;
    }
    let rules = format!(
        "A level goes up after comfortable sessions at it on {UP_AFTER} different days within \
         {WINDOW_DAYS} days, and down after one where pain rose {PAIN_RISE} points or more (or was \
         that much higher before the next session, within a day) or you rated it \"it hurt\"; \
         after {AWAY_DAYS} days away it starts at 1 again. `start --level N`, or `{} = N` under \
         `[levels]` in the config, keeps it at a level.",
        escape(ex.id.as_deref().unwrap_or("id"))
    );
    writeln!(out, "{}", wrap(&rules, width, "", ""))
}

/// `stats`: the exercises above level 1 today, in a line; nothing when none is.
pub fn now(out: &mut impl Write, above: &[(String, Level, u32)], width: usize) -> io::Result<()> {
    if above.is_empty() {
        return Ok(());
    }
    let each: Vec<String> = above
        .iter()
        .map(|(id, l, top)| format!("{} {} of {top}", escape(id), l.level))
        .collect();
    let line = format!(
        "Levels now: {}. `backcoach exercises <id>` shows each.",
        each.join(", ")
    );
    writeln!(out)?;
    writeln!(out, "{}", wrap(&line, width, "", "  "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(name: &str) -> Exercise {
        let lib = crate::routine::library::Library::load(None).expect("catalogue");
        let mut e = lib.catalogue.get("bird-dog").expect("bird-dog").clone();
        e.name = name.to_owned();
        e
    }

    #[test]
    fn a_change_says_the_level_why_and_how_to_go_back() {
        let up = Level {
            level: 2,
            last: Some(1),
            why: Why::Up,
        };
        let (note, back) = change_note(
            &ex("Bird-dog, arm and leg"),
            &ex("Bird-dog (leg only)"),
            &up,
        )
        .expect("a note");
        assert_eq!(
            note,
            "Bird-dog, arm and leg: level 2 today, after 3 comfortable sessions."
        );
        assert_eq!(
            back.as_deref(),
            Some("Bird-dog (leg only): level 1, as last time.")
        );
        let hurt = Level {
            level: 1,
            last: Some(2),
            why: Why::Hurt,
        };
        let (note, back) =
            change_note(&ex("Bird-dog (leg only)"), &ex("Bird-dog"), &hurt).expect("a note");
        assert_eq!(
            note,
            "Bird-dog (leg only): level 1 today, as it hurt last time. Go gently."
        );
        // Down, there is no way back to the version that hurt.
        assert_eq!(back, None);
        let rose = Level {
            why: Why::PainRose,
            ..hurt
        };
        let (note, back) =
            change_note(&ex("Bird-dog (leg only)"), &ex("Bird-dog"), &rose).expect("a note");
        assert!(
            note.ends_with("level 1 today, as your pain was higher after last session. Go gently."),
            "{note}"
        );
        assert_eq!(back, None);
        // No change, or a pin: nothing to say.
        let held = Level {
            level: 2,
            last: Some(2),
            why: Why::Held { good: 1 },
        };
        assert_eq!(change_note(&ex("A"), &ex("B"), &held), None);
        let pinned = Level {
            level: 3,
            last: Some(1),
            why: Why::Pinned,
        };
        assert_eq!(change_note(&ex("A"), &ex("B"), &pinned), None);
    }

    #[test]
    fn the_level_line_says_why() {
        let l = |level, why| Level {
            level,
            last: None,
            why,
        };
        assert_eq!(level_line(&l(1, Why::New), 3), "level 1 of 3");
        assert_eq!(
            level_line(&l(1, Why::Held { good: 2 }), 3),
            "level 1 of 3 (2 of 3 comfortable sessions toward the next)"
        );
        assert_eq!(level_line(&l(3, Why::Held { good: 2 }), 3), "level 3 of 3");
        assert_eq!(level_line(&l(2, Why::Pinned), 3), "level 2 of 3 (pinned)");
        assert_eq!(
            level_line(&l(2, Why::Up), 3),
            "level 2 of 3 (up: 3 comfortable sessions at level 1)"
        );
    }
}
