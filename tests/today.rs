//! `backcoach today` (and `backcoach` alone) against hand-written logs in a temporary
//! XDG_DATA_HOME, with "now" pinned by `--at`, as `stats --until` pins its day.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;

use common::Home;
use serde_json::Value;

/// One record as `start` writes it: `routine` started at `start` ("YYYY-MM-DD HH:MM",
/// +01:00), one step per strategy, and its pain answers.
fn rec(
    start: &str,
    routine: &str,
    strategies: &[&str],
    before: Option<u8>,
    after: Option<u8>,
) -> String {
    let steps: Vec<Value> = strategies
        .iter()
        .map(|s| {
            serde_json::json!({"exercise": null, "name": s, "strategy": s, "outcome": "done",
                               "seconds": 60.0})
        })
        .collect();
    let started = format!("{}:00.000+01:00", start.replace(' ', "T"));
    serde_json::json!({
        "version": 1, "id": start, "routine": routine, "title": routine,
        "started_at": started, "ended_at": started, "status": "completed",
        "planned_seconds": 600, "active_seconds": 600.0, "steps": steps,
        "pain_before": before, "pain_after": after, "note": null,
    })
    .to_string()
}

const EVENING: &[&str] = &["heat", "stretching", "self-massage", "mind-body"];
const CORE: &[&str] = &["stretching", "strengthening"];

fn with_log(lines: &[String]) -> Home {
    let home = Home::new();
    let dir = home.data().join("backcoach");
    fs::create_dir_all(&dir).unwrap();
    let mut text = lines.join("\n");
    text.push('\n');
    fs::write(dir.join("sessions.jsonl"), text).unwrap();
    home
}

/// A week of evenings, 17-23 November, pain 5 before and 4 after.
fn evenings() -> Vec<String> {
    (17..=23)
        .map(|d| {
            rec(
                &format!("2026-11-{d} 19:00"),
                "evening",
                EVENING,
                Some(5),
                Some(4),
            )
        })
        .collect()
}

fn today(home: &Home, args: &[&str]) -> (i32, String, String) {
    home.run(&[&["today"][..], args].concat())
}

#[test]
fn nothing_logged_yet_is_a_gentle_start() {
    let home = Home::new();
    let (code, out, err) = today(&home, &["--at", "2026-11-24 07:30"]);
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!("today_nothing_logged", out);
}

#[test]
fn a_week_of_evenings_suggests_the_strategy_left_out() {
    let home = with_log(&evenings());
    let (code, out, err) = today(&home, &["--at", "2026-11-24 19:30"]);
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!("today_neglected", out);
}

#[test]
fn a_session_that_left_pain_2_points_higher_yesterday_suggests_flare() {
    let mut log = evenings();
    log.push(rec("2026-11-23 21:00", "core", CORE, Some(4), Some(6)));
    let home = with_log(&log);
    let (code, out, err) = today(&home, &["--at", "2026-11-24 08:00"]);
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!("today_flare", out);
}

/// Found by the adversarial review: a `flare.toml` of the user's that can't be used lost the
/// bad day's advice (the suggestion fell back to the best match). The built-in flare is
/// suggested, after the warning about the file.
#[test]
fn a_broken_flare_of_the_users_still_gives_the_bad_days_advice() {
    let mut log = evenings();
    log.push(rec("2026-11-23 21:00", "core", CORE, Some(4), Some(8)));
    let home = with_log(&log);
    home.routine("flare.toml", "title = \"x\"\n");
    let (code, out, err) = today(&home, &["--at", "2026-11-24 08:00"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("flare.toml"), "the file is warned of: {err}");
    assert!(out.starts_with("flare · "), "{out}");
    // The verifier's review: "Start it: backcoach start flare" ran the broken file. The
    // command names the built-in, and it runs.
    assert!(
        out.contains("Start it: backcoach start flare --built-in"),
        "{out}"
    );
    let (code, out, err) = home.run(&[
        "start",
        "flare",
        "--built-in",
        "--minutes",
        "1",
        "--plain",
        "--speed",
        "1000",
        "--no-log",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Flare: gentle help on a bad day"), "{out}");
    // Without it, the user's file is what `start flare` means, and it says what is wrong.
    let (code, _, err) = home.run(&["start", "flare", "--plain", "--no-log"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn json_has_the_documented_shape() {
    let mut log = evenings();
    log.push(rec("2026-11-24 08:00", "core", CORE, Some(4), Some(3)));
    let home = with_log(&log);
    let (code, out, err) = today(&home, &["--at", "2026-11-24 19:30", "--json"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let v: Value = serde_json::from_str(&out).unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut documented = [
        "at",
        "part",
        "routine",
        "title",
        "for",
        "seconds",
        "estimate",
        "strategies",
        "reason",
        "bad_session",
        "why",
        "done_today",
        "sessions_7_days",
        "not_practised_7_days",
        "covers",
        "last_pain_before",
        "trend",
        "minutes",
        "fit",
        "command",
    ];
    documented.sort_unstable();
    assert_eq!(keys, documented);
    assert_eq!(v["at"], "2026-11-24T19:30:00");
    assert_eq!(v["part"], "evening");
    assert_eq!(v["reason"], "best_match");
    assert_eq!(v["done_today"], serde_json::json!(["core"]));
    assert_eq!(v["sessions_7_days"], 7);
    assert_eq!(v["not_practised_7_days"], serde_json::json!(["posture"]));
    assert_eq!(v["last_pain_before"], serde_json::json!([5, 5, 5, 5, 4]));
    assert_eq!(v["trend"]["kind"], "too_few_answers");
    assert_eq!(
        v["command"],
        format!("backcoach start {}", v["routine"].as_str().unwrap())
    );
    assert!(v["why"].as_array().unwrap().len() <= 3);
    assert_eq!(v["minutes"], Value::Null);
}

#[test]
fn minutes_pick_what_fits_or_say_the_shortest() {
    let home = with_log(&evenings());
    let (code, out, _) = today(
        &home,
        &["--at", "2026-11-24 19:30", "--minutes", "10", "--json"],
    );
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["seconds"].as_u64().unwrap() <= 600, "{v}");
    assert_eq!(
        (v["minutes"].as_f64(), v["fit"].as_str()),
        (Some(10.0), Some("fits"))
    );
    // Minutes need not be whole, as for `start --minutes`.
    let (code, out, err) = today(&home, &["--at", "2026-11-24 19:30", "-m", "7.5", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["minutes"].as_f64(), Some(7.5), "{v}");
    assert!(v["seconds"].as_u64().unwrap() <= 450, "{v}");
    // One minute: nothing fits whole, so one is shortened to fit (`start --minutes 1`).
    let (code, out, _) = today(&home, &["--at", "2026-11-24 19:30", "-m", "1"]);
    assert_eq!(code, 0);
    assert!(out.contains("when shortened to fit in 1 min"), "{out}");
    assert!(out.contains("--minutes 1"), "{out}");
    let (_, json, _) = today(&home, &["--at", "2026-11-24 19:30", "-m", "1", "--json"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["fit"].as_str(), Some("shortened"), "{v}");
    assert!(v["seconds"].as_u64().unwrap() <= 60, "{v}");
    for bad in ["0", "601", "ten", "NaN", "inf"] {
        let (code, _, err) = today(&home, &["--minutes", bad]);
        assert_eq!(code, 2, "{bad}: {err}");
    }
}

/// `backcoach` alone, off a terminal (a script, a pipe), still prints the help as an error.
#[test]
fn no_command_off_a_terminal_is_still_the_help() {
    let home = Home::new();
    let (code, out, err) = home.run(&[]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("Usage: backcoach [OPTIONS] <COMMAND>"),
        "{err}"
    );
    assert!(err.contains("today"), "today is listed: {err}");
}

/// `--start` runs the same `start` as `backcoach start <routine>`: here a one-second routine
/// of the user's, the only one that fits in a minute, with no get-ready.
#[test]
fn start_runs_the_suggestion_as_start_does() {
    let home = Home::new();
    home.routine(
        "blink.toml",
        "title = \"Blink\"\nsummary = \"For the tests\"\n\n[[step]]\nname = \"Breathe\"\n\
         strategy = \"mind-body\"\ncues = [\"Gently\"]\nphases = [{ say = \"Breathe out\", seconds = 1 }]\n",
    );
    fs::write(home.config().join("backcoach/config.toml"), "lead_in = 0\n").unwrap();
    let (code, out, err) = today(&home, &["--minutes", "1", "--start"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(
        out.starts_with("blink · Blink · 1 min, fits in 1\n"),
        "{out}"
    );
    assert!(out.contains("Blink: 1 step, 1 s. Ctrl-C stops."), "{out}");
    assert!(out.contains("Blink: completed."), "{out}");
    let log = fs::read_to_string(home.data().join("backcoach/sessions.jsonl")).unwrap();
    let record: Value = serde_json::from_str(log.lines().next().unwrap()).unwrap();
    assert_eq!(
        (record["routine"].as_str(), record["status"].as_str()),
        (Some("blink"), Some("completed"))
    );
    let (code, _, err) = today(&home, &["--start", "--json"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_damaged_line_is_warned_of_and_the_rest_used() {
    let mut log = evenings();
    log.insert(5, "{torn".to_owned());
    log.push(rec("2026-11-24 08:00", "evening", EVENING, Some(9), None));
    let home = with_log(&log);
    let (code, out, err) = today(&home, &["--at", "2026-11-24 12:00"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("sessions.jsonl:6: a damaged line was skipped"),
        "{err}"
    );
    assert!(out.starts_with("flare · "), "pain 9 this morning: {out}");
    // Wrapped at 80 columns; the words are what matter.
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "Today at 08:00, when you started evening, your back was at 9 out of 10 (9 -> -)."
        ),
        "{out}"
    );
}

/// Text from the log reaches the terminal escaped.
#[test]
fn a_routine_name_from_the_log_is_escaped() {
    let home = with_log(&[rec(
        "2026-11-24 08:00",
        "desk\u{1b}[2J",
        &["posture"],
        None,
        None,
    )]);
    let (code, out, _) = today(&home, &["--at", "2026-11-24 12:00"]);
    assert_eq!(code, 0);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(out.contains("done today: desk\\u001b[2J;"), "{out}");
}

/// Found by the adversarial review: `today --json` wrote a U+202E from the log as it was
/// (`log --json` escaped it). Every `--json` writes it as a JSON escape: the same data.
#[test]
fn json_escapes_a_bidi_control_from_the_log() {
    let home = with_log(&[rec(
        "2026-11-24 08:00",
        "desk\u{202e}kcab",
        &["posture"],
        None,
        None,
    )]);
    let (code, out, _) = today(&home, &["--at", "2026-11-24 12:00", "--json"]);
    assert_eq!(code, 0);
    assert!(!out.contains('\u{202e}'), "{out:?}");
    let v: Value = serde_json::from_str(&out).expect("still JSON");
    assert_eq!(v["done_today"][0], "desk\u{202e}kcab", "the same data");
}

/// `today` weighs each routine at the levels `start` would run it at, and says the length
/// it would run for: the same as `show` says of it (fitted when it must be shortened), not
/// the routine as written nor the time asked.
#[test]
fn minutes_are_weighed_at_todays_levels() {
    let home = with_log(&evenings());
    let dir = home.config().join("backcoach");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("config.toml"),
        "[levels]\nplank = 3\nside-plank = 3\nbird-dog = 3\nbridge = 3\nmcgill-curl-up = 3\n",
    )
    .unwrap();
    for minutes in ["5", "10", "15"] {
        let (code, out, err) = today(
            &home,
            &["--at", "2026-11-24 19:30", "--minutes", minutes, "--json"],
        );
        assert_eq!(code, 0, "{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        let seconds = v["seconds"].as_u64().unwrap();
        let name = v["routine"].as_str().unwrap();
        let mut show = vec!["show", name];
        if v["fit"] == "shortened" {
            assert!(
                v["command"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("--minutes {minutes}"))
            );
            show.extend(["--minutes", minutes]);
        }
        let (_, shown, _) = home.run(&show);
        let length = match (seconds / 60, seconds % 60) {
            (0, s) => format!("{s} s"),
            (m, 0) => format!("{m} min"),
            (m, s) => format!("{m} min {s} s"),
        };
        let heading = shown.lines().nth(1).unwrap_or("");
        assert!(
            heading.contains(&format!(" {length} · ")),
            "{minutes}: {v}\n{heading}"
        );
    }
}
