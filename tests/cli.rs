//! The real binary, run in a temporary XDG home: browsing commands, user routines, names
//! and paths, and every kind of bad file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::Home;
use serde_json::Value;

const EIGHTEEN: [&str; 18] = [
    "cat-cow",
    "childs-pose",
    "cobra",
    "foam-roller",
    "tennis-ball",
    "massage-stick",
    "hot-water-bottle",
    "heating-pad",
    "warm-bath",
    "sitting-posture",
    "standing-posture",
    "walking-posture",
    "plank",
    "bridge",
    "bird-dog",
    "deep-breathing",
    "meditation",
    "progressive-muscle-relaxation",
];

#[test]
fn list_shows_the_built_ins() {
    let home = Home::new();
    let (code, out, err) = home.run(&["list"]);
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!("list", out);
}

#[test]
fn list_json_is_stable() {
    let home = Home::new();
    let (code, out, _) = home.run(&["list", "--json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let items = v.as_array().unwrap();
    let names: Vec<&str> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
    for required in [
        "morning",
        "evening",
        "desk-break",
        "knot-release",
        "core",
        "heat",
        "unwind",
        "flare",
    ] {
        assert!(names.contains(&required), "{required}");
    }
    let evening = items.iter().find(|i| i["name"] == "evening").unwrap();
    let mut keys: Vec<&str> = evening
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut expected = [
        "name",
        "title",
        "summary",
        "when",
        "for",
        "equipment",
        "seconds",
        "estimate",
        "steps",
        "strategies",
        "main_strategy",
        "source",
        "path",
        "replaces_built_in",
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(evening["source"], "built-in");
    assert_eq!(evening["when"], "evening");
    assert_eq!(evening["for"], "every evening");
    assert!(
        evening["equipment"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e.as_str().unwrap().starts_with("heating pad")),
        "{evening}"
    );
    let secs = evening["seconds"].as_u64().unwrap();
    assert!(
        (18 * 60..=23 * 60).contains(&secs),
        "evening is about 20 min, not {secs} s"
    );
}

#[test]
fn show_evening_reads_well() {
    let home = Home::new();
    let (code, out, err) = home.run(&["show", "evening"]);
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!("show_evening", out);
}

#[test]
fn exercises_json_holds_the_eighteen_techniques() {
    let home = Home::new();
    let (code, out, _) = home.run(&["exercises", "--json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    for id in EIGHTEEN {
        assert!(ids.contains(&id), "{id} missing from the catalogue");
    }
    let cat_cow = v
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "cat-cow")
        .unwrap();
    assert_eq!(cat_cow["strategy"], "stretching");
    assert_eq!(cat_cow["dosage"]["kind"], "phases");
    assert_eq!(cat_cow["dosage"]["cycles"], 5); // level 1: the beginner's 5 (NHS inform)
    assert!(cat_cow["source"].as_str().unwrap().contains("SportBU"));
}

#[test]
fn exercises_filter_by_strategy() {
    let home = Home::new();
    let (code, out, _) = home.run(&["exercises", "--strategy", "heat"]);
    assert_eq!(code, 0);
    for id in ["hot-water-bottle", "heating-pad", "warm-bath"] {
        assert!(out.contains(id), "{id}");
    }
    assert!(!out.contains("cat-cow"));
    let (code, _, err) = home.run(&["exercises", "--strategy", "yoga"]);
    assert_eq!(code, 2);
    assert!(err.contains("possible values"), "{err}");
}

#[test]
fn one_exercise_in_full() {
    let home = Home::new();
    // Issue 14: an exercise with levels, for someone who has done none of it yet.
    let (code, out, _) = home.run(&["exercises", "bird-dog"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("exercises_bird_dog", out);
    let (code, out, _) = home.run(&["exercises", "heating-pad"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("First, before the timer: Set a pad with auto shut-off"),
        "{out}"
    );
    assert!(out.contains("Lie on your front or side"), "{out}");
    assert!(out.contains("Then: Heat off: move it away"), "{out}");
    assert!(out.contains("University of Missouri"), "{out}");
    let (code, _, err) = home.run(&["exercises", "catcow"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no exercise `catcow`") && err.contains("did you mean `cat-cow`?"),
        "{err}"
    );
}

#[test]
fn strategies_covers_the_seven_topics_and_red_flags() {
    let home = Home::new();
    let (code, out, _) = home.run(&["strategies"]);
    assert_eq!(code, 0);
    for heading in [
        "1. What a knot is",
        "2. Stretching",
        "3. Self-massage",
        "4. Heat",
        "5. Posture awareness",
        "6. Strengthening",
        "7. Mind-body",
        "When to stop and get medical help",
        "both legs",
        "NICE guideline NG59",
        "a coach, not a clinician",
    ] {
        assert!(out.contains(heading), "missing {heading:?}");
    }
    assert!(out.contains("Routines: knot-release (main focus)"), "{out}");
}

/// The red flags, who should ask first and when to stop, complete, whatever the line breaks.
#[test]
fn strategies_prints_every_red_flag_who_should_ask_first_and_when_to_stop() {
    use backcoach::routine::guide;
    let home = Home::new();
    let (code, out, _) = home.run(&["strategies"]);
    assert_eq!(code, 0);
    let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut expected: Vec<String> = [
        guide::URGENT_HEADING,
        guide::SOON_HEADING,
        guide::RED_FLAGS_SOURCE,
        guide::ASK_FIRST_TITLE,
        guide::ASK_FIRST_HEADING,
        guide::WHEN_TO_STOP_TITLE,
        guide::NOT_A_CLINICIAN,
    ]
    .iter()
    .map(|t| flat(t))
    .collect();
    expected.extend(guide::URGENT.iter().chain(guide::SOON).map(|t| flat(t)));
    expected.extend(guide::WHEN_TO_STOP.iter().map(|t| flat(t)));
    expected.extend(
        guide::ASK_FIRST
            .iter()
            .map(|a| flat(&format!("{}: {}", a.who, a.care))),
    );
    for text in &expected {
        assert!(words.contains(text.as_str()), "missing {text:?}:\n{out}");
    }
    assert_eq!(guide::URGENT.len(), 7);
    assert_eq!(guide::SOON.len(), 9);
    assert_eq!(guide::ASK_FIRST.len(), 5);
    for word in ["cure", "cures", "heal", "fixes"] {
        assert!(
            !words.to_lowercase().split(' ').any(|w| w == word),
            "no cure claims: {word}"
        );
    }
}

#[test]
fn a_user_routine_takes_a_built_ins_place() {
    let home = Home::new();
    home.routine(
        "evening.toml",
        "title = \"My own evening\"\nsummary = \"Short\"\n[[step]]\nexercise = \"cat-cow\"\n",
    );
    home.routine(
        "walk.toml",
        "title = \"Walk\"\nsummary = \"A walk\"\n[[step]]\nexercise = \"walking-posture\"\n",
    );
    let (code, out, _) = home.run(&["list"]);
    assert_eq!(code, 0);
    let evening = out.lines().find(|l| l.starts_with("evening ")).unwrap();
    assert!(
        evening.contains("My own evening") && evening.contains("user (replaces built-in)"),
        "{evening}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("walk ") && l.ends_with("user")),
        "{out}"
    );
    let (code, out, _) = home.run(&["show", "evening"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("My own evening\n"), "{out}");
    assert!(out.contains("in place of the built-in"), "{out}");
}

#[test]
fn a_broken_user_routine_hides_nothing_else() {
    let home = Home::new();
    let path = home.routine(
        "broken.toml",
        "title = \"B\"\nsummary = \"S\"\n[[step]]\nexercise = \"nope\"\n",
    );
    let (code, out, err) = home.run(&["list"]);
    assert_eq!(code, 2, "a broken file is bad input");
    assert!(out.contains("evening"), "the rest is still listed");
    assert!(
        err.contains(&format!("{}:4:12: unknown exercise `nope`", path.display())),
        "{err}"
    );
    let (code, _, err) = home.run(&["show", "broken"]);
    assert_eq!(code, 2);
    assert!(err.contains("broken.toml:4:12"), "{err}");
}

#[test]
fn a_user_file_with_an_unusable_name_is_reported() {
    let home = Home::new();
    home.routine(
        "my evening.toml",
        "title = \"B\"\nsummary = \"S\"\n[[step]]\nexercise = \"cat-cow\"\n",
    );
    let (code, _, err) = home.run(&["list"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`my evening` can't be used as a routine name"),
        "{err}"
    );
}

#[test]
fn names_are_names_and_paths_are_paths() {
    let home = Home::new();
    for bad in ["../x", "a/b", "evening.sh"] {
        let (code, _, err) = home.run(&["show", bad]);
        assert_eq!(code, 2, "{bad}");
        assert!(
            err.contains(&format!("`{bad}` is not a routine name")),
            "{err}"
        );
        assert!(err.contains("ending in `.toml`"), "{err}");
    }
    let (code, _, err) = home.run(&["show", "evenign"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no routine named `evenign`") && err.contains("did you mean `evening`?"),
        "{err}"
    );
    assert!(
        err.contains("backcoach/routines"),
        "names the user folder: {err}"
    );

    home.file(
        "mine.toml",
        "title = \"Mine\"\nsummary = \"S\"\n[[step]]\nexercise = \"cobra\"\n",
    );
    let (code, out, _) = home.run(&["show", "mine.toml"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Mine\n"), "{out}");
    let (code, out, _) = home.run(&["show", "./mine.toml"]);
    assert_eq!(code, 0);
    assert!(out.contains("from ./mine.toml"), "{out}");
    assert!(
        out.contains("Start it with `backcoach start ./mine.toml`."),
        "{out}"
    );
    let (code, _, err) = home.run(&["show", "./nothere.toml"]);
    assert_eq!(code, 2);
    assert!(err.contains("no such file: ./nothere.toml"), "{err}");
}

#[test]
fn check_says_ok() {
    let home = Home::new();
    home.file(
        "good.toml",
        "title = \"G\"\nsummary = \"S\"\n[[step]]\nexercise = \"bridge\"\n",
    );
    let (code, out, err) = home.run(&["check", "good.toml"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "good.toml: ok\n", "")
    );
}

#[test]
fn check_validates_a_catalogue_by_its_name() {
    let home = Home::new();
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/routines/exercises.toml"
    ))
    .unwrap();
    home.file("exercises.toml", &src);
    let (code, out, _) = home.run(&["check", "exercises.toml"]);
    assert_eq!((code, out.as_str()), (0, "exercises.toml: ok\n"));
    home.file("exercises.toml", "[Cat]\nname = \"C\"\n");
    let (code, _, err) = home.run(&["check", "exercises.toml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("exercises.toml:1:2: exercise id `Cat` is not kebab-case"),
        "{err}"
    );
}

/// Every kind of bad file: exit 2, and a message with file:line:col (or the file, for a
/// problem with the whole file) saying what is wrong.
#[test]
fn every_bad_file_gets_exit_2_and_a_place() {
    const HEAD: &str = "title = \"T\"\nsummary = \"S\"\n";
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "syntax",
            format!("{HEAD}[[step]\nexercise = \"cat-cow\"\n"),
            "syntax.toml:3:",
        ),
        (
            "unclosed",
            "title = \"T\nsummary = \"S\"\n".into(),
            "unclosed.toml:1:",
        ),
        (
            "type",
            format!("{HEAD}[[step]]\nexercise = \"cat-cow\"\nseconds = \"30\"\n"),
            "type.toml:5:11: invalid type: string \"30\", expected a whole number",
        ),
        (
            "unknown-key",
            format!("{HEAD}[[step]]\nexercise = \"cat-cow\"\nsconds = 30\n"),
            "unknown-key.toml:5:1: unknown key `sconds`",
        ),
        (
            "no-dosage",
            format!("{HEAD}[[step]]\nname = \"X\"\nstrategy = \"posture\"\ncues = [\"Stand\"]\n"),
            "no-dosage.toml:3:1: step 1 has no dosage",
        ),
        (
            "two-dosages",
            format!("{HEAD}[[step]]\nexercise = \"cat-cow\"\nseconds = 30\nreps = 5\n"),
            "two-dosages.toml:6:8: step 1 has two dosages, `seconds` and `reps`",
        ),
        (
            "zero",
            format!("{HEAD}[[step]]\nexercise = \"cat-cow\"\nseconds = 0\n"),
            "zero.toml:5:11: `seconds` must be at least 1, not 0",
        ),
        (
            "negative",
            format!("{HEAD}[[step]]\nexercise = \"plank\"\nminutes = -2\n"),
            "negative.toml:5:11: `minutes` must be at least 1, not -2",
        ),
        (
            "unknown-exercise",
            format!("{HEAD}[[step]]\nexercise = \"catcow\"\n"),
            "unknown-exercise.toml:4:12: unknown exercise `catcow`",
        ),
        (
            "unknown-strategy",
            format!(
                "{HEAD}[[step]]\nname = \"X\"\nstrategy = \"yoga\"\ncues = [\"x\"]\nseconds = 5\n"
            ),
            "unknown-strategy.toml:5:12: unknown strategy `yoga`",
        ),
        (
            "no-steps",
            HEAD.into(),
            "no-steps.toml:3:1: the routine has no steps",
        ),
        (
            "bound",
            format!("{HEAD}[[step]]\nexercise = \"plank\"\nseconds = 144000\n"),
            "bound.toml:5:11: `seconds = 144000` is over the limit of 3600",
        ),
        (
            "hot",
            format!("{HEAD}[[step]]\nexercise = \"heating-pad\"\nminutes = 45\n"),
            "hot.toml:5:11: step 1 puts heat on one area for 45 minutes; the limit is 20 minutes",
        ),
        ("empty", String::new(), "empty.toml: the file is empty"),
    ];
    let home = Home::new();
    for (name, text, expected) in &cases {
        let file = format!("{name}.toml");
        home.file(&file, text);
        let (code, out, err) = home.run(&["check", &file]);
        assert_eq!(code, 2, "{name}: exit code; stderr: {err}");
        assert_eq!(out, "", "{name}: nothing on stdout");
        assert!(
            err.contains(expected),
            "{name}: expected {expected:?} in:\n{err}"
        );
        assert!(
            err.contains("hint:"),
            "{name}: says what to write instead:\n{err}"
        );
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
    home.file("binary.toml", b"\x7fELF\x02\x01\x01\0\0\0");
    let (code, _, err) = home.run(&["check", "binary.toml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("binary.toml: this is a binary file, not TOML text"),
        "{err}"
    );

    // Several files at once: the good one is ok, each bad one reported, exit 2.
    home.file(
        "good.toml",
        format!("{HEAD}[[step]]\nexercise = \"cat-cow\"\n"),
    );
    let (code, out, err) = home.run(&["check", "good.toml", "zero.toml", "missing.toml"]);
    assert_eq!(code, 2);
    assert_eq!(out, "good.toml: ok\n");
    assert!(
        err.contains("zero.toml:5:11") && err.contains("missing.toml: no such file"),
        "{err}"
    );
}

#[test]
fn the_heat_refusal_says_why() {
    let home = Home::new();
    home.file(
        "hot.toml",
        "title = \"T\"\nsummary = \"S\"\n[[step]]\nexercise = \"hot-water-bottle\"\nminutes = 30\n",
    );
    let (_, _, err) = home.run(&["check", "hot.toml"]);
    assert!(err.contains("risks burns"), "{err}");
    assert!(err.contains("University of Missouri Health Care"), "{err}");
}

#[test]
fn three_times_twenty_minutes_of_heat_fails_check() {
    let home = Home::new();
    let step = "[[step]]\nexercise = \"heating-pad\"\nminutes = 20\n";
    home.file(
        "hot3.toml",
        format!("title = \"T\"\nsummary = \"S\"\n{step}{step}{step}"),
    );
    let (code, _, err) = home.run(&["check", "hot3.toml"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("hot3.toml:8:11")
            && err.contains("brings the routine's heat to 40 minutes")
            && err.contains("the limit is 20 minutes of heat in one routine"),
        "{err}"
    );
    assert!(err.contains("remove this heat step"), "{err}");
}

#[test]
fn equipment_setting_up_and_heat_off_in_show_and_a_plain_run() {
    let home = Home::new();
    home.routine(
        "warm.toml",
        "title = \"Warm\"\nsummary = \"S\"\nfor = \"a test\"\nequipment = [\"heating pad\", \"towel\"]\n\n[[step]]\nexercise = \"heating-pad\"\nseconds = 2\nprepare = \"Plug in the pad.\"\n",
    );
    let (code, out, err) = home.run(&["show", "warm"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("For: a test."), "{out}");
    assert!(out.contains("You'll need: heating pad, towel."), "{out}");
    assert!(
        out.contains("First, before the timer: Plug in the pad."),
        "{out}"
    );
    assert!(
        out.contains("Then: Heat off: move it away and check your skin."),
        "{out}"
    );
    let (code, out, _) = home.run(&["list", "--json"]);
    assert_eq!(code, 0);
    let items: serde_json::Value = serde_json::from_str(&out).expect("json");
    let warm = items
        .as_array()
        .and_then(|a| a.iter().find(|i| i["name"] == "warm"))
        .expect("warm listed");
    assert_eq!(warm["for"], "a test");
    assert_eq!(
        warm["equipment"],
        serde_json::json!(["heating pad", "towel"])
    );

    let (code, out, err) = home.run(&["start", "warm", "--plain", "--speed", "1000", "--no-log"]);
    assert_eq!(code, 0, "{err}");
    let need = out.find("You'll need: heating pad, towel.").expect(&out);
    let prepare = out.find("Plug in the pad.").expect(&out);
    let caution = out.find("! ").expect(&out);
    let off = out
        .find("Heat off: move it away and check your skin")
        .expect(&out);
    assert!(
        need < prepare && prepare < caution && caution < off,
        "{out}"
    );
}

#[test]
fn the_readme_example_routine_is_valid() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("<!-- example-routine -->")
        .expect("README marks its example routine");
    let block = &readme[start..];
    let body = block
        .split("```toml\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let home = Home::new();
    home.file("example.toml", body);
    let (code, out, err) = home.run(&["check", "example.toml"]);
    assert_eq!((code, out.as_str()), (0, "example.toml: ok\n"), "{err}");
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let home = Home::new();
    let (code, _, err) = home.run(&["frobnicate"]);
    assert_eq!(code, 2);
    assert!(err.contains("unrecognized subcommand"), "{err}");
    let (code, _, _) = home.run(&["check"]);
    assert_eq!(code, 2);
    let (code, out, _) = home.run(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("strategies"), "{out}");
    let (code, out, _) = home.run(&["--version"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("backcoach "), "{out}");
}

/// Issue 10: lengths were u32. This 157 KB routine (one heat step: 7,158 phases of ten
/// minutes and one of 168 s, 100 cycles, 10 sets) came to u32::MAX + 705 seconds, wrapped
/// round: `check` said ok in a release build (a debug build panicked) and `start` built 7.2
/// million phases. Now it is refused at its place, in either build, without a plan.
#[test]
fn length_bounds_overflow_u32_crafted_routine_fails_check() {
    let home = Home::new();
    let mut phases = vec!["{ say = \"a\", seconds = 600 }"; 7158];
    phases.push("{ say = \"a\", seconds = 168 }");
    let text = format!(
        "title = \"T\"\nsummary = \"S\"\n[[step]]\nexercise = \"heating-pad\"\ncycles = 100\nsets = 10\nphases = [{}]\n",
        phases.join(", ")
    );
    assert!(text.len() > 150_000);
    home.file("crafted.toml", &text);
    let started = std::time::Instant::now();
    let (code, out, err) = home.run(&["check", "crafted.toml"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("crafted.toml:5:10: step 1 puts heat on one area for 71582800 minutes"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    let (code, _, err) = home.run(&["show", "crafted.toml"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "no plan of millions of phases is built"
    );
}

/// `exercises bridge` said 2 min where `show` said 2 min 30 s: `exercises` counted one pass
/// per set and side, without the set rests, side switches or the "Heat off" that `show`
/// counts. Now both give the step's own length, from one function.
#[test]
fn exercises_says_2_min_where_show_says_2_min_30_s() {
    let home = Home::new();
    let (_, json, _) = home.run(&["exercises", "--json"]);
    let all: Vec<Value> = serde_json::from_str(&json).unwrap();
    let length = |line: &str| line.rsplit(" · ").next().unwrap_or("").to_owned();
    for id in all.iter().filter_map(|e| e["id"].as_str()) {
        let (code, alone, err) = home.run(&["exercises", id]);
        assert_eq!(code, 0, "{id}: {err}");
        home.file(
            "one.toml",
            format!("title = \"T\"\nsummary = \"S\"\n[[step]]\nexercise = \"{id}\"\n"),
        );
        let (code, shown, err) = home.run(&["show", "./one.toml"]);
        assert_eq!(code, 0, "{id}: {err}");
        let step = shown.lines().find(|l| l.starts_with(" 1. ")).unwrap_or("");
        assert_eq!(
            length(alone.lines().next().unwrap_or("")),
            length(step),
            "{id}"
        );
    }
    // Level 2: two sets of 30 s on each side, 5 s to switch sides, 20 s between the sets:
    // 2 min 30 s, where `exercises` once said the sides and sets alone.
    home.file(
        "two.toml",
        "title = \"T\"\nsummary = \"S\"\n[[step]]\nexercise = \"side-plank\"\nsets = 2\nset_rest = 20\nseconds = 30\n",
    );
    let (_, shown, _) = home.run(&["show", "./two.toml"]);
    assert!(
        shown.contains(" 1. Side plank (knees down) · strengthening · 2 min 30 s"),
        "{shown}"
    );
}

/// Issue 12: `wen`, `cylces`, `brige` and `sconds` took four runs of `check`. One run
/// reports them all, each with file:line:col and a "did you mean", and exits 2.
#[test]
fn check_reports_every_unknown_key_in_one_run() {
    let home = Home::new();
    home.file(
        "mine.toml",
        "title = \"Mine\"\nsummary = \"S\"\nwen = \"evening\"\n\n[[step]]\nexercise = \"cat-cow\"\ncylces = 5\n\n[[step]]\nexercise = \"brige\"\n\n[[step]]\nexercise = \"bridge\"\nsconds = 30\n",
    );
    let (code, out, err) = home.run(&["check", "mine.toml"]);
    assert_eq!((code, out.as_str()), (2, ""));
    let problems: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("backcoach: "))
        .collect();
    assert_eq!(
        problems,
        [
            "backcoach: mine.toml:3:1: unknown key `wen`",
            "backcoach: mine.toml:7:1: unknown key `cylces`",
            "backcoach: mine.toml:14:1: unknown key `sconds`",
            "backcoach: mine.toml:10:12: unknown exercise `brige`",
        ],
        "{err}"
    );
    for hint in [
        "did you mean `when`?",
        "did you mean `cycles`?",
        "did you mean `seconds`?",
        "did you mean `bridge`?",
    ] {
        assert!(err.contains(&format!("  hint: {hint}")), "{hint}: {err}");
    }
}

/// Issue 12: `start nonexist.toml` said it was not a routine name and should end in
/// `.toml`. A name never ends in `.toml`: it is a path, and one that is not there is "no
/// such file", for start, show and check alike; exit 2.
#[test]
fn a_missing_toml_file_is_no_such_file_for_start_show_and_check() {
    let home = Home::new();
    for command in ["start", "show"] {
        let (code, out, err) = home.run(&[command, "nonexist.toml"]);
        assert_eq!((code, out.as_str()), (2, ""), "{command}");
        assert_eq!(
            err,
            "backcoach: no such file: nonexist.toml\n  hint: check the path, or give a routine name\n",
            "{command}"
        );
    }
    let (code, _, err) = home.run(&["check", "nonexist.toml"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("backcoach: nonexist.toml: no such file\n"),
        "{err}"
    );
    // The stem is a routine: said so.
    let (code, _, err) = home.run(&["start", "evening.toml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("for the routine `evening`, give its name alone: `evening`"),
        "{err}"
    );
}

/// Issue 12: `exercises catcow` printed "backcoach: backcoach exercises: no exercise": one
/// prefix now, with the suggestion.
#[test]
fn an_unknown_exercise_has_one_prefix_and_a_suggestion() {
    let home = Home::new();
    let (code, out, err) = home.run(&["exercises", "catcow"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "backcoach: no exercise `catcow`\n  hint: did you mean `cat-cow`? `backcoach exercises` lists them all\n"
    );
}

/// Issue 12: `start cat-cow` said there was no routine named `cat-cow`. Issue 14: it runs
/// the exercise on its own, and `show` shows it so; only where a routine is the one thing
/// that will do (`new --from`) is it told as an exercise, with how to see it and run it.
#[test]
fn an_exercise_is_shown_as_a_routine_of_one_step() {
    let home = Home::new();
    let (code, out, err) = home.run(&["show", "cat-cow"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(
        out.starts_with("Cat-cow\ncat-cow (an exercise on its own) · 1 step · 43 s"),
        "{out}"
    );
    assert!(
        out.contains("Start it with `backcoach start cat-cow`."),
        "{out}"
    );
    let (code, out, err) = home.run(&["new", "mine", "--from", "cat-cow"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with("backcoach: `cat-cow` is an exercise, not a routine\n  hint: `backcoach exercises cat-cow` shows it and `backcoach start cat-cow` runs it on its own; the routines with it: "),
        "{err}"
    );
}

/// Issue 14: a routine of yours with an exercise's name wins, with a note on how to reach the
/// exercise (`--exercise`); and "did you mean" knows the exercise ids.
#[test]
fn a_routine_of_yours_wins_over_an_exercise_of_its_name() {
    let home = Home::new();
    home.routine(
        "cat-cow.toml",
        "title = \"My cat-cow\"\nsummary = \"S\"\n[[step]]\nexercise = \"cat-cow\"\ncycles = 5\n",
    );
    let (code, out, err) = home.run(&["show", "cat-cow"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("My cat-cow\n"), "{out}");
    assert_eq!(
        err,
        "backcoach: note: `cat-cow` is a routine of yours and an exercise of the catalogue: this \
         is your routine; add `--exercise` for the exercise on its own\n"
    );
    let (code, out, err) = home.run(&["show", "cat-cow", "--exercise"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.starts_with("Cat-cow\n"), "{out}");
    let (code, _, err) = home.run(&["start", "catcow"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `cat-cow`?"), "{err}");
    let (code, _, err) = home.run(&["show", "brige"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `bridge`?"), "{err}");
}

/// Issue 14: `show evening --minutes 10`: what fitting left out and shortened, then the
/// steps as they will run, within the time.
#[test]
fn show_evening_fitted_to_ten_minutes() {
    let home = Home::new();
    let (code, out, err) = home.run(&["show", "evening", "--minutes", "10"]);
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!("show_evening_10_minutes", out);
}

/// A time shorter than the routine can be made: exit 2 and the shortest it can be.
#[test]
fn show_with_too_few_minutes_says_the_shortest() {
    let home = Home::new();
    let (code, out, err) = home.run(&["show", "evening", "--minutes", "1"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "backcoach: `evening` can't be made to fit 1 min: the shortest it can be is about 6 min 20 s\n  \
         hint: give `--minutes 7` or more: fitted, `evening` keeps at least one heat step, at its \
         least dose; `backcoach show evening --minutes 7` shows what is left\n"
    );
    let (code, _, err) = home.run(&["show", "evening", "--minutes", "0"]);
    assert_eq!(code, 2);
    assert!(err.contains("is out of range"), "{err}");
}

/// Issue 12: `list` printed its strategies plain, though the README says each strategy has
/// its colour in tables. With colour on, each strategy in the column is in its colour (the
/// same as on the session screen); a pipe still gets none.
#[test]
fn list_colours_each_strategy() {
    let home = Home::new();
    let (code, out, _) = home.run(&["list", "--color", "always"]);
    assert_eq!(code, 0);
    let evening = out
        .lines()
        .find(|l| l.starts_with("evening"))
        .expect("evening is listed");
    assert!(
        evening.contains(
            "\x1b[38;5;9mheat\x1b[0m, \x1b[38;5;10mstretching\x1b[0m, \x1b[38;5;13mself-massage\x1b[0m, \x1b[38;5;14mmind-body\x1b[0m"
        ),
        "{evening:?}"
    );
    let (_, plain, _) = home.run(&["list"]);
    assert!(!plain.contains('\x1b'), "{plain:?}");
}

/// Issue 13: `show` can draw each step's pose (`--figures`); without it, it stays text.
#[test]
fn show_figures_draws_each_steps_pose() {
    let home = Home::new();
    let (code, with, _) = home.run(&["show", "core", "--figures"]);
    assert_eq!(code, 0);
    let (_, without, _) = home.run(&["show", "core"]);
    assert!(with.contains('▔'), "a floor line under each figure: {with}");
    assert!(!without.contains('▔'), "{without}");
    assert!(with.lines().count() > without.lines().count() + 20);
}

/// `--built-in` with a name no built-in routine has: bad input, with a "did you mean" among
/// the built-ins; and it does not take `--exercise` too.
#[test]
fn built_in_with_an_unknown_name_says_so() {
    let home = Home::new();
    let (code, _, err) = home.run(&["show", "evenign", "--built-in"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no routine named `evenign`"), "{err}");
    assert!(err.contains("did you mean `evening`?"), "{err}");
    let (code, _, err) = home.run(&["show", "flare", "--built-in", "--exercise"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot be used with"), "{err}");
}
