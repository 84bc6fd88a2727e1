//! The level rules on small hand-made logs, each line a record as the writer writes it.

use chrono::{DateTime, FixedOffset};

use super::*;
use crate::journal::reader::Logged;

/// "Now" in every test: an evening in November.
fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-25T19:00:00+01:00").expect("a time")
}

/// A session `days` ago with bird-dog at `level`: its outcome, rating (or none) and pain
/// before and after.
struct S {
    days: i64,
    level: Option<u32>,
    outcome: &'static str,
    rating: Option<&'static str>,
    pain: (Option<u8>, Option<u8>),
    manual: bool,
    /// Hours before "now" minus `days`, for sessions on one day.
    hours: i64,
    /// A session of another routine, without bird-dog.
    other: bool,
}

fn s(days: i64, level: u32) -> S {
    S {
        days,
        level: Some(level),
        outcome: "done",
        rating: None,
        pain: (Some(4), Some(3)),
        manual: false,
        hours: 0,
        other: false,
    }
}

impl S {
    fn rated(mut self, r: &'static str) -> S {
        self.rating = Some(r);
        self
    }
    fn pain(mut self, before: u8, after: u8) -> S {
        self.pain = (Some(before), Some(after));
        self
    }
    fn outcome(mut self, o: &'static str) -> S {
        self.outcome = o;
        self
    }
    fn at_hours(mut self, h: i64) -> S {
        self.hours = h;
        self
    }
    fn without_bird_dog(mut self) -> S {
        self.other = true;
        self
    }
    fn line(&self) -> String {
        let at = (now() - chrono::Duration::days(self.days) - chrono::Duration::hours(self.hours))
            .to_rfc3339();
        let level = self
            .level
            .map_or(String::new(), |l| format!(",\"level\":{l}"));
        let rating = self
            .rating
            .map_or(String::new(), |r| format!(",\"rating\":\"{r}\""));
        let pain = |p: Option<u8>| p.map_or("null".to_owned(), |p| p.to_string());
        let exercise = if self.other { "knee-rolls" } else { "bird-dog" };
        format!(
            "{{\"version\":1,\"routine\":\"core\",\"started_at\":\"{at}\",\"status\":\"completed\",\"manual\":{},\"pain_before\":{},\"pain_after\":{},\"steps\":[{{\"exercise\":\"cat-cow\",\"outcome\":\"done\"}},{{\"exercise\":\"{exercise}\",\"outcome\":\"{}\"{level}{rating}}}]}}",
            self.manual,
            pain(self.pain.0),
            pain(self.pain.1),
            self.outcome
        )
    }
}

fn history(sessions: &[S]) -> History {
    let lines: Vec<String> = sessions.iter().map(S::line).collect();
    History::from_records(
        lines.iter().map(|l| Logged::parse(l).expect("a record")),
        now(),
    )
}

fn bird_dog(sessions: &[S]) -> Level {
    level(&history(sessions), "bird-dog", 3, None, now())
}

#[test]
fn nothing_logged_yet_is_level_1() {
    let l = bird_dog(&[]);
    assert_eq!((l.level, l.last, l.why), (1, None, Why::New));
    assert!(!l.changed());
}

#[test]
fn up_after_three_comfortable_sessions_at_the_level() {
    let two = bird_dog(&[s(3, 1), s(2, 1)]);
    assert_eq!((two.level, two.why), (1, Why::Held { good: 2 }));
    let three = bird_dog(&[s(3, 1), s(2, 1), s(1, 1)]);
    assert_eq!((three.level, three.last, three.why), (2, Some(1), Why::Up));
    assert!(three.changed());
    // "Easy" and "about right" count like no rating.
    let rated = bird_dog(&[s(3, 1).rated("easy"), s(2, 1).rated("right"), s(1, 1)]);
    assert_eq!(rated.level, 2);
}

#[test]
fn the_count_is_of_sessions_at_the_level_now() {
    // Three good sessions at level 1 moved it to 2; one at level 2 is one, not four.
    let l = bird_dog(&[s(5, 1), s(4, 1), s(3, 1), s(1, 2)]);
    assert_eq!((l.level, l.why), (2, Why::Held { good: 1 }));
    let up_again = bird_dog(&[s(5, 1), s(4, 1), s(3, 1), s(2, 2), s(1, 2), s(0, 2)]);
    assert_eq!(up_again.level, 3);
    // At the top it stays there.
    let top = bird_dog(&[s(3, 3), s(2, 3), s(1, 3)]);
    assert_eq!((top.level, top.why), (3, Why::Held { good: 3 }));
}

#[test]
fn only_the_last_14_days_count_toward_moving_up() {
    let l = bird_dog(&[s(20, 1), s(15, 1), s(1, 1)]);
    assert_eq!((l.level, l.why), (1, Why::Held { good: 1 }));
    let inside = bird_dog(&[s(14, 1), s(7, 1), s(1, 1)]);
    assert_eq!(inside.level, 2, "14 days ago to the minute is inside");
}

#[test]
fn down_after_one_session_where_pain_rose_two_points() {
    let l = bird_dog(&[s(3, 2), s(2, 2), s(1, 2).pain(3, 5)]);
    assert_eq!((l.level, l.last, l.why), (1, Some(2), Why::PainRose));
    assert!(l.changed());
    // One point is not two.
    let one = bird_dog(&[s(1, 2).pain(3, 4)]);
    assert_eq!(one.level, 2);
    // Never below 1.
    assert_eq!(bird_dog(&[s(1, 1).pain(2, 8)]).level, 1);
}

#[test]
fn down_after_it_hurt() {
    let l = bird_dog(&[s(3, 3), s(2, 3), s(1, 3).rated("hurt").pain(3, 3)]);
    assert_eq!((l.level, l.why), (2, Why::Hurt));
}

#[test]
fn hard_holds_the_level_and_the_count_starts_again() {
    let l = bird_dog(&[s(4, 1), s(3, 1), s(2, 1).rated("hard")]);
    assert_eq!((l.level, l.why), (1, Why::Held { good: 0 }));
    let after = bird_dog(&[s(5, 1), s(4, 1), s(3, 1).rated("hard"), s(2, 1), s(1, 1)]);
    assert_eq!((after.level, after.why), (1, Why::Held { good: 2 }));
}

#[test]
fn stopped_during_the_exercise_with_pain_two_higher_moves_down() {
    let l = bird_dog(&[s(2, 2), s(1, 2).outcome("partial").pain(3, 6)]);
    assert_eq!((l.level, l.why), (1, Why::PainRose));
    // Skipped, it was not the exercise that did it: the level holds.
    let skipped = bird_dog(&[s(2, 2), s(1, 2).outcome("skipped").pain(3, 6)]);
    assert_eq!(skipped.level, 2);
}

#[test]
fn skipped_or_part_done_sessions_neither_count_nor_break_the_run() {
    let l = bird_dog(&[
        s(4, 1),
        s(3, 1).outcome("skipped"),
        s(2, 1).outcome("partial"),
        s(1, 1),
    ]);
    assert_eq!((l.level, l.why), (1, Why::Held { good: 2 }));
    assert_eq!(
        bird_dog(&[s(4, 1), s(3, 1).outcome("skipped"), s(2, 1), s(1, 1)]).level,
        2
    );
}

/// The physio's review: plain mode asks for no rating and no pain after, so its sessions
/// showed nothing about comfort, and only ever moved a level up. A session with neither a
/// rating nor pain before and after does not count toward moving up.
#[test]
fn sessions_with_no_answers_do_not_count_toward_moving_up() {
    let mut none: Vec<S> = (1..=3).map(|d| s(d, 1)).collect();
    for x in &mut none {
        x.pain = (None, None);
    }
    assert_eq!(bird_dog(&none).why, Why::Held { good: 0 });
    // A rating alone is an answer.
    for x in &mut none {
        x.rating = Some("right");
    }
    assert_eq!(bird_dog(&none).level, 2);
}

/// The physio's review: three sessions in one evening moved a level up within minutes.
/// They count on different days only ("add 1-2 every few days", NHS inform).
#[test]
fn three_sessions_in_one_day_count_as_one_day() {
    let hours = |h: i64, level: u32| {
        S {
            days: 0,
            ..s(0, level)
        }
        .at_hours(h)
    };
    let l = bird_dog(&[hours(3, 1), hours(2, 1), hours(1, 1)]);
    assert_eq!((l.level, l.why), (1, Why::Held { good: 1 }));
    let l = bird_dog(&[s(2, 1), hours(3, 1), hours(1, 1)]);
    assert_eq!((l.level, l.why), (1, Why::Held { good: 2 }));
}

/// CONTENT.md: move back down after a session that left pain 2 or more points higher, "or
/// worse the next morning": pain before the next session, within a day, 2 or more above
/// pain after it.
#[test]
fn worse_the_next_morning_moves_down() {
    // Core in the evening (pain 4 -> 3), then the next morning another routine, pain 5 before.
    let evening = s(1, 2).pain(4, 3);
    let morning = S {
        level: None,
        ..s(0, 2).pain(5, 5)
    }
    .at_hours(12)
    .without_bird_dog();
    let l = bird_dog(&[s(3, 2), evening, morning]);
    assert_eq!((l.level, l.why), (1, Why::PainRose));
    // One point worse is not two; and two days later is not the next morning.
    let l = bird_dog(&[s(3, 2), s(1, 2).pain(4, 3), {
        S {
            level: None,
            ..s(0, 2).pain(4, 4)
        }
        .at_hours(12)
        .without_bird_dog()
    }]);
    assert_eq!(l.level, 2);
    let l = bird_dog(&[s(3, 2).pain(4, 3), s(1, 2).pain(5, 5)]);
    assert_eq!(l.level, 2, "{l:?}");
}

#[test]
fn old_records_read_as_level_1() {
    let mut old: Vec<S> = (1..=3).map(|d| s(d, 1)).collect();
    for x in &mut old {
        x.level = None;
    }
    let l = bird_dog(&old);
    assert_eq!((l.level, l.last), (2, Some(1)));
}

#[test]
fn pinned_levels_win() {
    let h = history(&[s(3, 1), s(2, 1), s(1, 1).pain(2, 7)]);
    let l = level(&h, "bird-dog", 3, Some(3), now());
    assert_eq!((l.level, l.last, l.why), (3, Some(1), Why::Pinned));
    assert_eq!(
        level(&h, "bird-dog", 3, Some(9), now()).level,
        3,
        "to the top"
    );
    assert_eq!(level(&h, "bird-dog", 3, Some(0), now()).level, 1);
    let pins = Pins {
        all: None,
        each: vec![("bird-dog".into(), 2)],
    };
    assert_eq!(pins.of("bird-dog"), Some(2));
    assert_eq!(pins.of("plank"), None);
    let all = Pins {
        all: Some(1),
        ..pins
    };
    assert_eq!(all.of("bird-dog"), Some(1), "--level beats the config");
}

#[test]
fn sixty_days_away_is_level_1_again() {
    let l = bird_dog(&[s(70, 3), s(65, 3)]);
    assert_eq!((l.level, l.last, l.why), (1, None, Why::New));
    let l = bird_dog(&[s(59, 3)]);
    assert_eq!((l.level, l.why), (3, Why::Held { good: 0 }));
}

#[test]
fn sessions_added_by_hand_and_in_the_future_are_left_out() {
    let mut manual = s(1, 1).pain(2, 8);
    manual.manual = true;
    assert_eq!(bird_dog(&[s(4, 2), manual]).level, 2);
    assert_eq!(bird_dog(&[s(4, 2), s(-1, 2).pain(2, 8)]).level, 2);
}

#[test]
fn a_level_past_the_exercise_s_top_is_its_top() {
    let h = history(&[s(1, 5)]);
    let l = level(&h, "bird-dog", 3, None, now());
    assert_eq!((l.level, l.last), (3, Some(3)));
}

#[test]
fn two_steps_of_one_exercise_in_a_session_count_once_and_the_worse_rating_wins() {
    let line = |days: i64, second: &str| {
        let at = (now() - chrono::Duration::days(days)).to_rfc3339();
        format!(
            "{{\"started_at\":\"{at}\",\"pain_before\":3,\"pain_after\":3,\"steps\":[{{\"exercise\":\"bird-dog\",\"outcome\":\"done\",\"level\":1}},{{\"exercise\":\"bird-dog\",\"outcome\":\"done\",\"level\":1{second}}}]}}"
        )
    };
    let lines = [line(2, ""), line(1, "")];
    let h = History::from_records(lines.iter().map(|l| Logged::parse(l).expect("r")), now());
    assert_eq!(
        level(&h, "bird-dog", 3, None, now()).why,
        Why::Held { good: 2 }
    );
    let lines = [line(3, ""), line(2, ""), line(1, ",\"rating\":\"hurt\"")];
    let h = History::from_records(lines.iter().map(|l| Logged::parse(l).expect("r")), now());
    assert_eq!(level(&h, "bird-dog", 3, None, now()).why, Why::Hurt);
}

#[test]
fn reading_stops_at_the_first_session_before_the_look_back() {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("sessions.jsonl");
    // 400 days of sessions, then one added by hand for a day long ago, at the end.
    let mut text = String::new();
    for d in (1..=400).rev() {
        text.push_str(&s(d, 1).line());
        text.push('\n');
    }
    let mut old = s(500, 3).pain(1, 9);
    old.manual = true;
    text.push_str(&old.line());
    text.push('\n');
    std::fs::write(&path, text).expect("written");
    let h = History::read(&path, now()).expect("read");
    assert_eq!(h.sessions.len(), AWAY_DAYS as usize, "days 1 to 60");
    assert_eq!(level(&h, "bird-dog", 3, None, now()).level, 2);
    // No log yet: nothing, level 1.
    let none = History::read(&dir.path().join("none.jsonl"), now()).expect("read");
    assert_eq!(level(&none, "bird-dog", 3, None, now()).why, Why::New);
}

#[test]
fn apply_runs_each_step_at_its_level() {
    let lib = crate::routine::library::Library::load(None).expect("catalogue");
    let core = lib.resolve("core").expect("core").routine;
    let h = history(&[s(3, 1), s(2, 1), s(1, 1)]);
    let (leveled, decided) = apply(&core, &h, &Pins::default(), now());
    let dog = core
        .steps
        .iter()
        .position(|e| e.id.as_deref() == Some("bird-dog"))
        .expect("core has bird-dog");
    assert_eq!(leveled.steps[dog].level, 2);
    assert_eq!(leveled.steps[dog].name, core.steps[dog].at_level(2).name);
    let d = decided.iter().find(|d| d.step == dog).expect("decided");
    assert_eq!((d.level.why, d.top), (Why::Up, 3));
    // Cat-cow came along (3 times, in records with no level: level 1) and moves up too; the
    // others, never done, are at level 1.
    for d in &decided {
        let id = core.steps[d.step].id.as_deref().unwrap_or("");
        let want = if matches!(id, "bird-dog" | "cat-cow") {
            2
        } else {
            1
        };
        assert_eq!(d.level.level, want, "{id}");
    }
    assert_eq!(
        decided.len(),
        core.steps.len(),
        "every step of core has levels"
    );
    let pinned = Pins {
        all: Some(3),
        each: Vec::new(),
    };
    let (at3, _) = apply(&core, &h, &pinned, now());
    assert!(at3.steps.iter().all(|e| e.level == 3));
    assert_eq!(at3.steps[dog].level, 3);
}

/// Found by the adversarial review: the same record three times (a sync tool copying a
/// line) moved a level up. Records are told apart by their id.
#[test]
fn a_record_copied_twice_counts_once() {
    let line = s(1, 1).pain(4, 3).line().replacen("{", "{\"id\":\"a\",", 1);
    let lines = [line.clone(), line.clone(), line];
    let history = History::from_records(
        lines.iter().map(|l| Logged::parse(l).expect("a record")),
        now(),
    );
    let l = level(&history, "bird-dog", 3, None, now());
    assert_eq!((l.level, l.why), (1, Why::Held { good: 1 }));
}

/// The verifier's review: worse the next morning was lost when the next morning's session
/// was the same exercise again (the common case: the same routine every day). Any session
/// at the level since it was reached that went badly moves it down.
#[test]
fn worse_the_next_morning_moves_down_when_the_morning_repeats_the_exercise() {
    let evening = s(1, 2).pain(3, 3);
    let morning = s(0, 2).pain(5, 5).at_hours(11);
    let l = bird_dog(&[s(6, 1), s(5, 1), s(4, 1), evening, morning]);
    assert_eq!((l.level, l.why), (1, Why::PainRose));
    // Once down, the bad session at level 2 is behind it: level 1 holds, and counts anew.
    let l = bird_dog(&[
        s(6, 2).pain(3, 3),
        s(5, 2).pain(6, 6).at_hours(12),
        s(4, 1),
        s(3, 1),
    ]);
    assert_eq!((l.level, l.why), (1, Why::Held { good: 2 }));
}
