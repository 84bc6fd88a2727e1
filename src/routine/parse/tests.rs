//! Every validation path of `parse`, one test each: the message, the place, and the hint.

use super::*;

const CATALOGUE: &str = r#"
[cat-cow]
name = "Cat-cow"
strategy = "stretching"
cues = ["On hands and knees"]
source = "SportBU"
phases = [{ say = "In", seconds = 4 }, { say = "Out", seconds = 4 }]
cycles = 10

[bridge]
name = "Bridge"
strategy = "strengthening"
cues = ["Lift your hips"]
reps = 10
rep_seconds = 6

[pad]
name = "Heating pad"
strategy = "heat"
cues = ["Medium setting"]
minutes = 15
"#;

fn cat() -> Catalogue {
    match catalogue("exercises.toml", CATALOGUE) {
        Ok(c) => c,
        Err(d) => panic!("test catalogue invalid: {d:?}"),
    }
}

fn ok(src: &str) -> Routine {
    match routine("mine", "mine.toml", src, &cat()) {
        Ok(r) => r,
        Err(d) => panic!("expected valid, got:\n{}", render(&d)),
    }
}

fn errs(src: &str) -> Vec<Diagnostic> {
    match routine("mine", "mine.toml", src, &cat()) {
        Ok(r) => panic!("expected errors, got {r:?}"),
        Err(d) => d,
    }
}

/// The only error, checked for its message, line and column.
fn one(src: &str, message: &str, line: usize, col: usize) -> Diagnostic {
    let d = errs(src);
    assert_eq!(d.len(), 1, "expected one error:\n{}", render(&d));
    let d = d
        .into_iter()
        .next()
        .unwrap_or_else(|| Diagnostic::new("", ""));
    assert!(
        d.message.contains(message),
        "message {:?} lacks {message:?}",
        d.message
    );
    let at = d.at.clone().map(|a| (a.line, a.col));
    assert_eq!(at, Some((line, col)), "place of {:?}", d.message);
    d
}

fn render(d: &[Diagnostic]) -> String {
    d.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

fn hint(d: &Diagnostic) -> &str {
    d.hint.as_deref().unwrap_or("")
}

const HEAD: &str = "title = \"T\"\nsummary = \"S\"\n";

fn with_step(step: &str) -> String {
    format!("{HEAD}\n[[step]]\n{step}\n")
}

#[test]
fn a_valid_routine_resolves_catalogue_entries() {
    let r = ok(&with_step("exercise = \"cat-cow\""));
    assert_eq!(r.name, "mine");
    assert_eq!(r.when, When::Any);
    assert_eq!(r.steps[0].name, "Cat-cow");
    assert_eq!(r.steps[0].id.as_deref(), Some("cat-cow"));
    assert_eq!(r.steps[0].source.as_deref(), Some("SportBU"));
}

#[test]
fn an_inline_step_needs_name_strategy_cues_and_dosage() {
    let r = ok(&with_step(
        "name = \"Walk\"\nstrategy = \"posture\"\ncues = [\"Tall\"]\nminutes = 5",
    ));
    assert_eq!(r.steps[0].dosage, Dosage::Timed { seconds: 300 });
    assert_eq!(r.steps[0].id, None);

    let d = errs(&with_step("seconds = 30"));
    let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "step 1 has no `name`",
            "step 1 has no `strategy`",
            "step 1 has no `cues`"
        ]
    );
    // They point at the [[step]] header, on line 4.
    assert!(
        d.iter()
            .all(|d| d.at.as_ref().is_some_and(|a| a.line == 4 && a.col == 1))
    );
    assert!(hint(&d[0]).contains("exercise = "));
}

#[test]
fn step_keys_override_the_catalogue() {
    let r = ok(&with_step(
        "exercise = \"cat-cow\"\nname = \"Slow cat-cow\"\ncycles = 5\nsides = false",
    ));
    assert_eq!(r.steps[0].name, "Slow cat-cow");
    match &r.steps[0].dosage {
        Dosage::Phases { phases, cycles } => assert_eq!((phases.len(), *cycles), (2, 5)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_dosage_of_the_same_kind_merges_key_by_key() {
    let r = ok(&with_step("exercise = \"bridge\"\nreps = 5"));
    assert_eq!(
        r.steps[0].dosage,
        Dosage::Reps {
            reps: 5,
            rep_seconds: Some(6)
        }
    );
}

#[test]
fn a_dosage_of_another_kind_replaces_the_catalogue_one() {
    let r = ok(&with_step("exercise = \"bridge\"\nseconds = 30"));
    assert_eq!(r.steps[0].dosage, Dosage::Timed { seconds: 30 });
}

#[test]
fn self_paced_reps_have_no_pace() {
    let r = ok(&with_step(
        "name = \"Squats\"\nstrategy = \"strengthening\"\ncues = [\"Sit back\"]\nreps = 8",
    ));
    assert_eq!(
        r.steps[0].dosage,
        Dosage::Reps {
            reps: 8,
            rep_seconds: None
        }
    );
}

#[test]
fn breath_holds_are_optional_and_cycles_required() {
    let r = ok(&with_step(
        "name = \"B\"\nstrategy = \"mind-body\"\ncues = [\"Slow\"]\nbreath = { inhale = 4, exhale = 6 }\ncycles = 3",
    ));
    assert_eq!(
        r.steps[0].dosage,
        Dosage::Breath {
            breath: Breath {
                inhale: 4,
                hold: 0,
                exhale: 6,
                hold_after: 0
            },
            cycles: 3
        }
    );
    let d = one(
        &with_step(
            "name = \"B\"\nstrategy = \"mind-body\"\ncues = [\"Slow\"]\nbreath = { inhale = 4, exhale = 6 }",
        ),
        "`breath` needs `cycles`",
        8,
        10,
    );
    assert!(hint(&d).contains("cycles = 10"));
    one(
        &with_step(
            "name = \"B\"\nstrategy = \"mind-body\"\ncues = [\"Slow\"]\nbreath = { inhale = 4 }\ncycles = 2",
        ),
        "`breath` has no `exhale`",
        8,
        10,
    );
}

#[test]
fn no_dosage() {
    let d = one(
        &with_step("name = \"X\"\nstrategy = \"posture\"\ncues = [\"Stand\"]"),
        "step 1 has no dosage",
        4,
        1,
    );
    assert!(hint(&d).contains("seconds = 30"));
}

#[test]
fn two_dosages() {
    let d = one(
        &with_step("exercise = \"bridge\"\nseconds = 30\nminutes = 1"),
        "two dosages, `seconds` and `minutes`",
        7,
        11,
    );
    assert!(hint(&d).contains("keep exactly one"));
    one(
        &with_step("exercise = \"bridge\"\nreps = 3\nbreath = { inhale = 4, exhale = 4 }"),
        "`reps` and `breath`",
        7,
        10,
    );
}

#[test]
fn zero_and_negative_durations() {
    let d = one(
        &with_step("exercise = \"bridge\"\nseconds = 0"),
        "`seconds` must be at least 1, not 0",
        6,
        11,
    );
    assert!(hint(&d).contains("seconds = 30"));
    one(
        &with_step("exercise = \"bridge\"\nminutes = -5"),
        "`minutes` must be at least 1, not -5",
        6,
        11,
    );
    one(
        &with_step("exercise = \"bridge\"\nreps = 0"),
        "`reps` must be at least 1",
        6,
        8,
    );
    one(
        &with_step("exercise = \"cat-cow\"\ncycles = -1"),
        "`cycles` must be at least 1",
        6,
        10,
    );
    one(
        &format!("{HEAD}rest = -10\n[[step]]\nexercise = \"bridge\""),
        "`rest` must be zero or more, not -10",
        3,
        8,
    );
    one(
        &with_step(
            "name = \"P\"\nstrategy = \"mind-body\"\ncues = [\"x\"]\nphases = [{ say = \"Tense\", seconds = 0 }]",
        ),
        "`seconds` must be at least 1",
        8,
        38,
    );
}

#[test]
fn wrong_types_say_what_to_write() {
    let d = one(
        &with_step("exercise = \"bridge\"\nseconds = \"30\""),
        "expected a whole number",
        6,
        11,
    );
    assert!(hint(&d).contains("without quotes"));
    one(
        &with_step("exercise = \"bridge\"\nseconds = 2.5"),
        "floating point",
        6,
        11,
    );
    let d = one(
        "title = 5\nsummary = \"S\"\n[[step]]\nexercise = \"bridge\"",
        "expected a string",
        1,
        9,
    );
    assert!(hint(&d).contains("double quotes"));
    let d = one(
        &with_step("exercise = \"bridge\"\nsides = \"yes\""),
        "expected a boolean",
        6,
        9,
    );
    assert!(hint(&d).contains("true"));
    let d = one(
        &with_step("exercise = \"bridge\"\ncues = \"Lift\""),
        "expected a sequence",
        6,
        8,
    );
    assert!(hint(&d).contains("square brackets"));
}

#[test]
fn syntax_errors_point_at_the_place() {
    let d = errs("title = \"T\nsummary = \"S\"\n");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].at.as_ref().map(|a| a.line), Some(1));
    let d = errs("title = \"T\"\nsummary = \"S\"\n[[step]\n");
    assert_eq!(d[0].at.as_ref().map(|a| a.line), Some(3));
}

#[test]
fn unknown_keys_suggest_the_right_one() {
    let d = one(
        &with_step("exercise = \"bridge\"\nsconds = 30"),
        "unknown key `sconds`",
        6,
        1,
    );
    assert_eq!(hint(&d), "did you mean `seconds`?");
    let d = one(
        "titel = \"T\"\nsummary = \"S\"\n[[step]]\nexercise = \"bridge\"",
        "unknown key `titel`",
        1,
        1,
    );
    assert_eq!(hint(&d), "did you mean `title`?");
    let d = one(
        &format!("{HEAD}[[steps]]\nexercise = \"bridge\""),
        "unknown key `steps`",
        3,
        3,
    );
    assert_eq!(hint(&d), "did you mean `step`?");
    let d = one(
        &with_step(
            "name = \"P\"\nstrategy = \"mind-body\"\ncues = [\"x\"]\nbreath = { inhale = 4, exale = 4 }\ncycles = 2",
        ),
        "unknown key `exale`",
        8,
        24,
    );
    assert_eq!(hint(&d), "did you mean `exhale`?");
}

#[test]
fn unknown_exercise_strategy_and_when() {
    let d = one(
        &with_step("exercise = \"catcow\""),
        "unknown exercise `catcow`",
        5,
        12,
    );
    assert!(hint(&d).starts_with("did you mean `cat-cow`?"));
    let d = one(
        &with_step("exercise = \"bridge\"\nstrategy = \"streching\""),
        "unknown strategy `streching`",
        6,
        12,
    );
    assert_eq!(hint(&d), "did you mean `stretching`?");
    let d = one(
        &with_step("exercise = \"bridge\"\nstrategy = \"yoga\""),
        "unknown strategy `yoga`",
        6,
        12,
    );
    assert!(hint(&d).contains("stretching, self-massage, heat, posture, strengthening, mind-body"));
    let d = one(
        &format!("{HEAD}when = \"night\"\n[[step]]\nexercise = \"bridge\""),
        "unknown when `night`",
        3,
        8,
    );
    assert!(hint(&d).contains("morning, day, evening, any"));
}

#[test]
fn a_routine_needs_title_summary_and_steps() {
    let d = errs("when = \"evening\"\n");
    let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "missing `title`",
            "missing `summary`",
            "the routine has no steps"
        ]
    );
    assert!(hint(&d[2]).contains("[[step]]"));
    one(
        &format!("{HEAD}step = []"),
        "the routine has no steps",
        3,
        8,
    );
    one(
        "title = \"  \"\nsummary = \"S\"\n[[step]]\nexercise = \"bridge\"",
        "`title` is empty",
        1,
        9,
    );
}

#[test]
fn cues_must_be_short_and_present() {
    one(
        &with_step("exercise = \"bridge\"\ncues = []"),
        "`cues` is empty",
        6,
        8,
    );
    one(
        &with_step("exercise = \"bridge\"\ncues = [\"\"]"),
        "`cue` is empty",
        6,
        9,
    );
    let long = "word ".repeat(30);
    one(
        &with_step(&format!("exercise = \"bridge\"\ncues = [\"{long}\"]")),
        "over the limit of 120",
        6,
        9,
    );
}

#[test]
fn secondary_keys_must_fit_the_dosage() {
    let d = one(
        &with_step("exercise = \"bridge\"\nseconds = 30\nrep_seconds = 3"),
        "`rep_seconds` goes with `reps`",
        7,
        15,
    );
    assert!(hint(&d).contains("reps = N"));
    let d = one(
        &with_step("exercise = \"bridge\"\ncycles = 3"),
        "`cycles` goes with `phases` or `breath`",
        6,
        10,
    );
    assert!(hint(&d).contains("sets = N"));
    one(
        &with_step("exercise = \"bridge\"\nset_rest = 10"),
        "`set_rest` needs `sets` of 2 or more",
        6,
        12,
    );
}

#[test]
fn phases_need_say_and_seconds() {
    let step = "name = \"P\"\nstrategy = \"mind-body\"\ncues = [\"x\"]\n";
    one(
        &with_step(&format!("{step}phases = []")),
        "`phases` is empty",
        8,
        10,
    );
    one(
        &with_step(&format!("{step}phases = [{{ seconds = 5 }}]")),
        "phase 1 has no `say`",
        8,
        11,
    );
    one(
        &with_step(&format!("{step}phases = [{{ say = \"Go\" }}]")),
        "phase 1 has no `seconds`",
        8,
        11,
    );
}

#[test]
fn bounds_say_which_was_hit() {
    let d = one(
        &with_step("exercise = \"bridge\"\nseconds = 7200"),
        "`seconds = 7200` is over the limit of 3600 (one hour",
        6,
        11,
    );
    assert!(hint(&d).contains("40-hour"));
    one(
        &with_step("exercise = \"bridge\"\nreps = 1000"),
        "`reps = 1000` is over the limit of 100",
        6,
        8,
    );
    one(
        &with_step("exercise = \"bridge\"\nsets = 50"),
        "`sets = 50` is over the limit of 10",
        6,
        8,
    );
    one(
        &format!("{HEAD}rest = 3600\n[[step]]\nexercise = \"bridge\""),
        "`rest = 3600` is over the limit of 600",
        3,
        8,
    );
    one(
        &with_step("exercise = \"cat-cow\"\ncycles = 1000"),
        "`cycles = 1000` is over the limit of 100",
        6,
        10,
    );
    // Each value in bounds, but the step as a whole is over an hour.
    one(
        &with_step("exercise = \"bridge\"\nminutes = 40\nsets = 2\nset_rest = 0"),
        "step 1 lasts over 60 minutes",
        6,
        11,
    );
}

#[test]
fn a_routine_over_three_hours_is_refused() {
    let step = "[[step]]\nexercise = \"bridge\"\nminutes = 50\n";
    let src = format!("{HEAD}{}", step.repeat(4));
    let d = one(&src, "over the limit of 180 minutes", 1, 1);
    assert!(hint(&d).contains("typo"));
}

#[test]
fn heat_over_twenty_minutes_is_refused_with_the_reason() {
    let d = one(
        &with_step("exercise = \"pad\"\nminutes = 25"),
        "heat on one area for 25 minutes; the limit is 20",
        6,
        11,
    );
    assert!(hint(&d).contains("burns"));
    assert!(hint(&d).contains("University of Missouri"));
    // Two sets of 15 minutes on the same area is 30 minutes of heat.
    one(
        &with_step("exercise = \"pad\"\nsets = 2"),
        "for 30 minutes",
        6,
        8,
    );
    // Twenty minutes exactly is allowed.
    ok(&with_step("exercise = \"pad\"\nminutes = 20"));
}

#[test]
fn heat_over_twenty_minutes_in_one_routine_is_refused() {
    // Three heat steps of 20 minutes each: the second one goes over, at its `minutes`.
    let src = format!(
        "{HEAD}\n[[step]]\nexercise = \"pad\"\nminutes = 20\n\n[[step]]\nexercise = \"pad\"\nminutes = 20\n\n[[step]]\nexercise = \"pad\"\nminutes = 20\n"
    );
    let d = one(
        &src,
        "step 2 brings the routine's heat to 40 minutes; the limit is 20 minutes of heat in one routine",
        10,
        11,
    );
    assert!(hint(&d).contains("remove this heat step"), "{}", hint(&d));
    assert!(hint(&d).contains("burns"));
    // Two steps of 15 and 10: the fix says how much room is left.
    let src = format!(
        "{HEAD}\n[[step]]\nexercise = \"pad\"\n\n[[step]]\nexercise = \"pad\"\nminutes = 10\n"
    );
    let d = one(&src, "heat to 25 minutes", 9, 11);
    assert!(hint(&d).contains("`minutes = 5`"), "{}", hint(&d));
    // 10 + 10 is the limit, and allowed.
    ok(&format!(
        "{HEAD}\n[[step]]\nexercise = \"pad\"\nminutes = 10\n\n[[step]]\nexercise = \"pad\"\nminutes = 10\n"
    ));
}

#[test]
fn for_equipment_prepare_and_heat_off() {
    let r = ok(&format!(
        "{HEAD}for = \"a bad day\"\nequipment = [\"mat\", \"heating pad\"]\n\n[[step]]\nexercise = \"pad\"\nprepare = \"Fetch the pad and a towel.\"\nheat_off = \"Heat off: put the pad away\"\n"
    ));
    assert_eq!(r.purpose.as_deref(), Some("a bad day"));
    assert_eq!(r.equipment, ["mat", "heating pad"]);
    assert_eq!(
        r.steps[0].prepare.as_deref(),
        Some("Fetch the pad and a towel.")
    );
    assert_eq!(r.steps[0].heat_off_prompt(), "Heat off: put the pad away");
    // Without `heat_off`, the standard prompt.
    let r = ok(&with_step("exercise = \"pad\""));
    assert_eq!(r.steps[0].heat_off_prompt(), crate::routine::HEAT_OFF);

    let d = one(
        &with_step("exercise = \"cat-cow\"\nheat_off = \"Heat off\""),
        "`heat_off` belongs on a heat step",
        6,
        12,
    );
    assert!(hint(&d).contains("remove it"));
    one(
        &format!("{HEAD}equipment = [\"mat\", \"\"]\n[[step]]\nexercise = \"cat-cow\"\n"),
        "`equipment` is empty",
        3,
        21,
    );
    let d = one(
        &format!(
            "{HEAD}for = \"{}\"\n[[step]]\nexercise = \"cat-cow\"\n",
            "x".repeat(61)
        ),
        "`for` is 61 characters, over the limit of 60",
        3,
        7,
    );
    assert!(hint(&d).contains("a bad day"));
    let many: Vec<String> = (0..13).map(|i| format!("\"thing {i}\"")).collect();
    one(
        &format!(
            "{HEAD}equipment = [{}]\n[[step]]\nexercise = \"cat-cow\"\n",
            many.join(", ")
        ),
        "13 things in `equipment` is over the limit of 12",
        3,
        13,
    );
    one(
        &with_step(&format!(
            "exercise = \"cat-cow\"\nprepare = \"{}\"",
            "y".repeat(241)
        )),
        "`prepare` is 241 characters",
        6,
        11,
    );
}

#[test]
fn several_problems_are_reported_together() {
    let src =
        format!("{HEAD}[[step]]\nexercise = \"nope\"\n[[step]]\nexercise = \"bridge\"\nreps = 0\n");
    let d = errs(&src);
    assert_eq!(d.len(), 2, "{}", render(&d));
    assert_eq!(d[0].at.as_ref().map(|a| a.line), Some(4));
    assert_eq!(d[1].at.as_ref().map(|a| a.line), Some(7));
}

#[test]
fn empty_binary_and_non_utf8_files() {
    let d = as_text("x.toml", b"  \n\n").err();
    assert_eq!(
        d.as_ref().map(|d| d.message.as_str()),
        Some("the file is empty")
    );
    assert!(d.is_some_and(|d| d.hint.is_some_and(|h| h.contains("[[step]]"))));
    let d = as_text("x.toml", b"title\0 = 1").err();
    assert_eq!(
        d.map(|d| d.message),
        Some("this is a binary file, not TOML text".to_owned())
    );
    let d = as_text("x.toml", b"title = \"\xff\"").err();
    assert!(d.is_some_and(|d| d.message.contains("UTF-8")));
    let big = vec![b'#'; limits::FILE_BYTES + 1];
    assert!(as_text("x.toml", &big).is_err_and(|d| d.message.contains("(1 MiB), the limit")));
    assert_eq!(
        as_text("x.toml", "\u{feff}title = 1".as_bytes()).ok(),
        Some("title = 1")
    );
}

#[test]
fn catalogue_checks() {
    let d = catalogue(
        "exercises.toml",
        "[Cat_Cow]\nname = \"C\"\nstrategy = \"stretching\"\ncues = [\"x\"]\nseconds = 5\n",
    )
    .err()
    .unwrap_or_default();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].message, "exercise id `Cat_Cow` is not kebab-case");
    assert_eq!(
        d[0].hint.as_deref(),
        Some("use lower-case words joined by dashes, like `[cat-cow]`")
    );

    let d = catalogue("exercises.toml", "[a]\nexercise = \"b\"\nname = \"C\"\nstrategy = \"stretching\"\ncues = [\"x\"]\nseconds = 5\n").err().unwrap_or_default();
    assert_eq!(d.len(), 1);
    assert!(
        d[0].message
            .contains("`exercise` belongs on a routine step")
    );

    let d = catalogue(
        "exercises.toml",
        "[a]\nname = \"C\"\nstrategy = \"stretching\"\ncues = [\"x\"]\n",
    )
    .err()
    .unwrap_or_default();
    assert_eq!(
        d.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(),
        ["exercise `a` has no dosage"]
    );
}

#[test]
fn a_step_adds_to_the_catalogue_caution_and_can_say_what_to_do_now() {
    let cat = catalogue(
        "exercises.toml",
        "[pad]\nname = \"Pad\"\nstrategy = \"heat\"\ncues = [\"On you, not under you\"]\ncaution = \"Never lie on it.\"\nsay = \"Heat resting on you\"\nminutes = 10\n",
    )
    .unwrap_or_else(|d| panic!("{}", render(&d)));
    let src = format!("{HEAD}\n[[step]]\nexercise = \"pad\"\ncaution = \"none\"\nminutes = 5\n");
    let r = routine("mine", "mine.toml", &src, &cat).unwrap_or_else(|d| panic!("{}", render(&d)));
    // The catalogue's caution cannot be taken away by a routine, only added to.
    assert_eq!(r.steps[0].caution.as_deref(), Some("Never lie on it. none"));
    // `say` is kept when a step changes the dosage.
    assert_eq!(r.steps[0].say.as_deref(), Some("Heat resting on you"));
    let d = one(
        &with_step(&format!(
            "exercise = \"cat-cow\"\nsay = \"{}\"",
            "z".repeat(121)
        )),
        "`say` is 121 characters, over the limit of 120",
        6,
        7,
    );
    assert!(hint(&d).contains("what to do now"));
}

#[test]
fn a_heat_exercise_stays_heat() {
    // Found by the adversarial review: `strategy = "mind-body"` on the pad lifted every heat
    // limit.
    let d = one(
        &with_step("exercise = \"pad\"\nstrategy = \"mind-body\"\nminutes = 60"),
        "`pad` is heat, and stays heat",
        6,
        12,
    );
    assert!(hint(&d).contains("20-minute limit"));
}

#[test]
fn control_characters_in_any_text_are_refused() {
    // Found by the adversarial review: an escape in `prepare` left the alternate screen.
    for (key, value) in [
        ("title", "\\u001b]0;PWNED\\u0007"),
        ("summary", "a\\rb"),
        ("for", "x\\bOVER"),
    ] {
        let src = format!(
            "title = \"T\"\nsummary = \"S\"\n{key} = \"{value}\"\n[[step]]\nexercise = \"cat-cow\"\n"
        );
        let src = src.replacen(&format!("{key} = \"T\"\n"), "", 1);
        let src = if key == "summary" {
            src.replacen("summary = \"S\"\n", "", 1)
        } else {
            src
        };
        let d = errs(&src);
        assert!(
            d.iter()
                .any(|d| d.message.contains(&format!("`{key}` holds"))),
            "{key}: {}",
            render(&d)
        );
    }
    let d = one(
        &with_step("exercise = \"cat-cow\"\nprepare = \"Fetch \\u001b[2J a mat\""),
        "`prepare` holds the control character U+001B",
        6,
        11,
    );
    assert!(hint(&d).contains("plain text on one line"));
    one(
        &with_step("exercise = \"cat-cow\"\ncues = [\"\"\"one\ntwo\"\"\"]"),
        "`cue` holds a line break",
        6,
        9,
    );
}

#[test]
fn the_heat_fix_hint_counts_sides_and_sets() {
    // Found by the adversarial review: `minutes = 20` was offered to a two-sided step.
    let src = format!(
        "{HEAD}\n[[step]]\nexercise = \"pad\"\nminutes = 10\n\n[[step]]\nexercise = \"pad\"\nsides = true\nminutes = 10\n"
    );
    let d = one(&src, "heat to 30 minutes", 11, 11);
    assert!(hint(&d).contains("`minutes = 5`"), "{}", hint(&d));
}

/// Issue 10's crafted step: 7,158 phases of 10 minutes and one of 168 s, 100 cycles, 10 sets,
/// so that its seconds come to u32::MAX + 705 and wrapped round to a few minutes.
fn crafted(exercise: &str) -> String {
    let mut phases = vec!["{ say = \"a\", seconds = 600 }"; 7158];
    phases.push("{ say = \"a\", seconds = 168 }");
    format!(
        "{HEAD}\n[[step]]\nexercise = \"{exercise}\"\ncycles = 100\nsets = 10\nphases = [{}]\n",
        phases.join(", ")
    )
}

/// Issue 10: lengths were u32, so the crafted routine passed `check` in a release build
/// (it panicked in a debug one), `show` gave it 14 minutes and `start` built 7.2 million
/// phases. In u64 it is refused at the step, the same in both builds, before any plan.
#[test]
fn length_bounds_overflow_u32_crafted_routine_is_refused() {
    let src = crafted("pad");
    assert!(
        src.len() > 150_000,
        "the crafted file is {} bytes",
        src.len()
    );
    let d = one(
        &src,
        "step 1 puts heat on one area for 71582800 minutes; the limit is 20 minutes",
        6,
        10,
    );
    assert!(hint(&d).contains("minutes = 15"), "{}", hint(&d));
    one(&crafted("cat-cow"), "step 1 lasts over 60 minutes", 6, 10);
}

/// Issue 10: the number of phases a routine expands into is bounded, worked out without
/// expanding it. Here each step is in bounds and the routine under three hours, but one
/// second a rep, it comes to 10,059 prompts.
#[test]
fn length_bounds_overflow_u32_phases_are_bounded() {
    let step = "[[step]]\nexercise = \"bridge\"\nreps = 100\nrep_seconds = 1\nsets = 10\nset_rest = 0\nsides = true\n";
    let r = ok(&format!("{HEAD}{}", step.repeat(4)));
    assert_eq!(r.extent(&PlanOptions::default()).phases, 8047);
    let d = one(
        &format!("{HEAD}{}", step.repeat(5)),
        "the routine makes 10059 prompts (every rep, breath, phase, rest and get-ready), over the limit of 10000",
        1,
        1,
    );
    assert!(
        hint(&d).contains("split it into several routines"),
        "{}",
        hint(&d)
    );
}

/// Found by the adversarial review: 60,000 empty steps were each checked, each problem
/// copied its whole line and counted lines from the top (minutes, gigabytes). Now only the
/// first steps past the limit are kept at all, the rest are counted, and no step past the
/// limit is checked: one message, at the first step too many.
#[test]
fn sixty_thousand_steps_are_rejected_in_bounded_memory() {
    let src = format!("{HEAD}{}", "[[step]]\n".repeat(60_000));
    let raw: RawRoutine = toml::from_str(&src).expect("the TOML itself is fine");
    let steps = raw.step.expect("steps");
    assert_eq!(steps.get_ref().count, 60_000);
    assert_eq!(
        steps.get_ref().kept.len(),
        limits::STEPS + 1,
        "the rest are not kept"
    );
    let d = errs(&src);
    assert_eq!(d[0].message, "60000 steps is over the limit of 100");
    assert_eq!(d[0].at.as_ref().map(|a| a.line), Some(103));
    assert!(
        d.len() <= limits::DIAGNOSTICS + 1,
        "{} diagnostics",
        d.len()
    );
}

#[test]
fn diagnostics_past_the_cap_are_counted_not_shown() {
    let src = format!("{HEAD}{}", "[[step]]\nexercise = \"nope\"\n".repeat(50));
    let d = errs(&src);
    assert_eq!(d.len(), limits::DIAGNOSTICS + 1);
    assert!(
        d[..limits::DIAGNOSTICS]
            .iter()
            .all(|d| d.message == "unknown exercise `nope`")
    );
    let last = &d[limits::DIAGNOSTICS];
    assert_eq!(last.message, "and 30 more problems in this file, not shown");
    assert!(last.at.is_none());
    assert_eq!(hint(last), "fix the ones above, then check the file again");
}

/// Every control character is refused with its place: C0 (the escape character and the
/// bell among them), DEL, and C1 (U+009B is a one-character CSI to some terminals).
#[test]
fn c0_del_and_c1_controls_are_refused_with_their_place() {
    for (escaped, code) in [
        ("\\u001b", "U+001B"),
        ("\\u0007", "U+0007"),
        ("\\u0000", "U+0000"),
        ("\\u007f", "U+007F"),
        ("\\u0085", "U+0085"),
        ("\\u009b", "U+009B"),
    ] {
        let src = format!(
            "title = \"T\"\nsummary = \"S\"\n[[step]]\nexercise = \"cat-cow\"\nsay = \"a{escaped}b\"\n"
        );
        one(
            &src,
            &format!("`say` holds the control character {code}"),
            5,
            7,
        );
    }
}

/// A phase's `say` is shown as large as a hold's, and repeated every cycle: the same limit as
/// a cue and a step's `say`.
#[test]
fn a_phase_say_over_120_characters_is_refused() {
    let long = "a".repeat(limits::CUE_CHARS + 1);
    let d = one(
        &with_step(&format!(
            "exercise = \"cat-cow\"\nphases = [{{ say = \"{long}\", seconds = 4 }}]"
        )),
        "`say` is 121 characters, over the limit of 120",
        6,
        19,
    );
    assert!(hint(&d).contains("one short line"), "{}", hint(&d));
    let fits = "a".repeat(limits::CUE_CHARS);
    ok(&with_step(&format!(
        "exercise = \"cat-cow\"\nphases = [{{ say = \"{fits}\", seconds = 4 }}]"
    )));
}

/// Issue 12: a step can say how to get into it, and get a longer get-ready; both bounded.
#[test]
fn position_and_get_ready_are_bounded() {
    let r = ok(&with_step(
        "exercise = \"cat-cow\"\nposition = \"on all fours\"\nget_ready = 20",
    ));
    assert_eq!(r.steps[0].position.as_deref(), Some("on all fours"));
    assert_eq!(r.steps[0].get_ready, Some(20));
    // The catalogue's position, when the step says none.
    let built_in = crate::routine::library::Library::load(None).expect("catalogue");
    let r = routine(
        "mine",
        "mine.toml",
        &with_step("exercise = \"cat-cow\""),
        &built_in.catalogue,
    )
    .expect("valid");
    assert_eq!(r.steps[0].position.as_deref(), Some("on hands and knees"));
    assert_eq!(r.steps[0].get_ready, None);
    let long = "a".repeat(limits::POSITION_CHARS + 1);
    let d = one(
        &with_step(&format!("exercise = \"cat-cow\"\nposition = \"{long}\"")),
        "`position` is 61 characters, over the limit of 60",
        6,
        12,
    );
    assert!(hint(&d).contains("on hands and knees"), "{}", hint(&d));
    let d = one(
        &with_step("exercise = \"cat-cow\"\nget_ready = 400"),
        "get_ready",
        6,
        13,
    );
    assert!(
        d.message.contains("300") || hint(&d).contains("five minutes"),
        "{d}"
    );
}

/// Issue 13: a spoken form of a name or a phase's prompt is bounded like the printed one, and
/// an empty one is refused with what to write.
#[test]
fn spoken_forms_are_bounded() {
    let r = ok(&with_step(
        "exercise = \"cat-cow\"\naloud = \"Cat cow\"\nphases = [{ say = \"In: sink\", aloud = \"Breathe in\", seconds = 4 }]",
    ));
    assert_eq!(r.steps[0].spoken_name(), "Cat cow");
    let long = "a".repeat(limits::TITLE_CHARS + 1);
    one(
        &with_step(&format!("exercise = \"cat-cow\"\naloud = \"{long}\"")),
        "`aloud` is 81 characters, over the limit of 80",
        6,
        9,
    );
    let d = one(
        &with_step(
            "exercise = \"cat-cow\"\nphases = [{ say = \"In\", aloud = \"\", seconds = 4 }]",
        ),
        "`aloud` is empty",
        6,
        33,
    );
    assert!(hint(&d).contains("leave `aloud` out"), "{}", hint(&d));
}

/// Issue 12: `wen`, `cylces`, `brige` and `sconds` took four runs of `check`, one problem a
/// run. Every unknown key in a file is reported in one run, each with its place and its
/// "did you mean", together with the problems the checks find.
#[test]
fn every_unknown_key_in_a_file_is_reported_in_one_run() {
    let src = "title = \"T\"\nsummary = \"S\"\nwen = \"day\"\n\n[[step]]\nexercise = \"cat-cow\"\ncylces = 5\n\n[[step]]\nexercise = \"brige\"\n\n[[step]]\nexercise = \"bridge\"\nsconds = 30\n";
    let d = errs(src);
    let got: Vec<(&str, usize, usize, &str)> = d
        .iter()
        .map(|d| {
            let at = d.at.as_ref().map_or((0, 0), |a| (a.line, a.col));
            (d.message.as_str(), at.0, at.1, hint(d))
        })
        .collect();
    assert_eq!(
        got,
        [
            ("unknown key `wen`", 3, 1, "did you mean `when`?"),
            ("unknown key `cylces`", 7, 1, "did you mean `cycles`?"),
            ("unknown key `sconds`", 14, 1, "did you mean `seconds`?"),
            (
                "unknown exercise `brige`",
                10,
                12,
                "did you mean `bridge`? (`backcoach exercises` lists them all)"
            ),
        ],
        "{}",
        render(&d)
    );
}

/// Unknown keys inside a phase or a breath are found too, and a key that was likely meant
/// is not reported missing as well.
#[test]
fn unknown_keys_in_phases_and_breath_and_no_echo_of_the_missing_key() {
    let src = with_step(
        "nmae = \"P\"\nstrategy = \"mind-body\"\ncues = [\"x\"]\nphases = [{ say = \"Tense\", secs = 7 }]\n",
    );
    let d = errs(&src);
    let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["unknown key `nmae`", "unknown key `secs`"],
        "{}",
        render(&d)
    );
    assert_eq!(hint(&d[1]), "did you mean `seconds`?");
    // Another step with no name is still told.
    let src = format!(
        "{HEAD}[[step]]\nnmae = \"P\"\nstrategy = \"posture\"\ncues = [\"x\"]\nseconds = 5\n[[step]]\nstrategy = \"posture\"\ncues = [\"x\"]\nseconds = 5\n"
    );
    let messages: Vec<String> = errs(&src).into_iter().map(|d| d.message).collect();
    assert_eq!(messages, ["unknown key `nmae`", "step 2 has no `name`"]);
}

/// A value of the wrong type no longer hides the next one: each is reported, in every
/// step, with an example of the key it is under.
#[test]
fn every_value_of_the_wrong_type_is_reported_with_its_own_key() {
    let src = format!(
        "{HEAD}[[step]]\nexercise = \"bridge\"\nsets = \"3\"\nsides = \"yes\"\n[[step]]\nexercise = \"cat-cow\"\ncycles = 2.5\n"
    );
    let d = errs(&src);
    let got: Vec<(usize, &str)> = d
        .iter()
        .map(|d| (d.at.as_ref().map_or(0, |a| a.line), hint(d)))
        .collect();
    assert_eq!(
        got,
        [
            (5, "write a whole number without quotes, like `sets = 2`"),
            (6, "write `true` or `false`, without quotes"),
            (
                9,
                "write a whole number, with no decimal point, like `cycles = 10`"
            ),
        ],
        "{}",
        render(&d)
    );
}

/// Issue 12: the step that the hints show (an empty file, a routine with no steps) is
/// cat-cow as the catalogue doses it, 10 paced cycles (its level 2; level 1 is the
/// beginner's 5), not a 60 s static hold.
#[test]
fn the_hints_example_step_is_cat_cow_as_the_catalogue_has_it() {
    let library = crate::routine::library::Library::load(None).expect("catalogue");
    let src = format!("{HEAD}\n{EXAMPLE_STEP}\n");
    let r = routine("mine", "mine.toml", &src, &library.catalogue).expect("it parses");
    let cat_cow = library.catalogue.get("cat-cow").expect("in the catalogue");
    assert_eq!(r.steps[0].dosage, cat_cow.at_level(2).dosage);
    assert!(
        matches!(r.steps[0].dosage, Dosage::Phases { cycles: 10, .. }),
        "{:?}",
        r.steps[0].dosage
    );
    let d = errs(HEAD);
    assert!(hint(&d[0]).contains(EXAMPLE_STEP), "{}", hint(&d[0]));
}

/// Issue 12: hints fit the problem. A heat step too long because of its `sets` is told
/// about its sets, not "use `minutes = 15`" alone; a bad `sets` gets a `sets` example.
#[test]
fn hints_fit_the_problem_they_are_under() {
    let d = one(
        &with_step("exercise = \"pad\"\nsets = 2"),
        "for 30 minutes",
        6,
        8,
    );
    assert!(
        hint(&d).starts_with("every set warms the same area: remove `sets`"),
        "{}",
        hint(&d)
    );
    assert!(
        hint(&d).contains("`sets = 2` with at most `minutes = 10`"),
        "{}",
        hint(&d)
    );
    let d = one(
        &with_step("exercise = \"pad\"\nminutes = 25"),
        "for 25 minutes",
        6,
        11,
    );
    assert!(
        hint(&d).starts_with("use `minutes = 15` (20 at the most)"),
        "{}",
        hint(&d)
    );
    let d = one(
        &with_step("exercise = \"bridge\"\nsets = 0"),
        "`sets` must be at least 1",
        6,
        8,
    );
    assert_eq!(hint(&d), "write a whole number like `sets = 2`");
    let d = one(
        &with_step("exercise = \"bridge\"\nsets = 50"),
        "over the limit of 10",
        6,
        8,
    );
    assert!(hint(&d).starts_with("at most `sets = 10`"), "{}", hint(&d));
    let d = one(
        &with_step("exercise = \"bridge\"\nrep_seconds = 500"),
        "over the limit of 120",
        6,
        15,
    );
    assert!(hint(&d).contains("use `seconds`"), "{}", hint(&d));
    let d = one(
        &with_step("exercise = \"cat-cow\"\ncycles = 500"),
        "over the limit of 100",
        6,
        10,
    );
    assert!(
        hint(&d).starts_with("at most `cycles = 100`"),
        "{}",
        hint(&d)
    );
    let d = one(
        &with_step("name = \"X\"\nstrategy = \"posture\"\ncues = [\"Stand\"]"),
        "step 1 has no dosage",
        4,
        1,
    );
    assert!(!hint(&d).contains("minutes = 15"), "{}", hint(&d));
    let d = one(
        &format!("{HEAD}[[step]]\nexercise = \"bridge\"\nsets = \"3\"\n"),
        "expected a whole number",
        5,
        8,
    );
    assert_eq!(
        hint(&d),
        "write a whole number without quotes, like `sets = 2`"
    );
}

/// Found by the adversarial review of issue 11: a bidi override in a title reached the
/// terminal; it is refused where it is written, as control characters are.
#[test]
fn a_bidi_override_in_routine_text_is_refused() {
    let d = errs(
        "title = \"Evening\u{202e}gninrom\"\nsummary = \"S\"\n[[step]]\nexercise = \"cat-cow\"\n",
    );
    assert_eq!(d.len(), 1, "{}", render(&d));
    assert!(d[0].message.contains("U+202E"), "{}", d[0].message);
}

/// Found by the adversarial review of issue 11: a title of 700,000 quotes passed `check`, and
/// its record (every quote doubled) was longer than the log's reader takes; 200,000 cues
/// passed too. Titles and names, other text, and the number of cues are bounded.
#[test]
fn titles_names_text_and_cues_are_bounded() {
    let long_title = "t".repeat(limits::TITLE_CHARS + 1);
    let d = errs(&format!(
        "title = \"{long_title}\"\nsummary = \"S\"\n[[step]]\nexercise = \"cat-cow\"\n"
    ));
    assert!(
        d.iter()
            .any(|d| d.message.contains("`title` is 81 characters")),
        "{}",
        render(&d)
    );
    let long = "s".repeat(limits::TEXT_CHARS + 1);
    let d = errs(&format!(
        "title = \"T\"\nsummary = \"{long}\"\n[[step]]\nexercise = \"cat-cow\"\n"
    ));
    assert!(
        d.iter()
            .any(|d| d.message.contains("`summary` is 401 characters")),
        "{}",
        render(&d)
    );
    let cues: Vec<String> = (0..=limits::CUES).map(|i| format!("\"cue {i}\"")).collect();
    let d = errs(&with_step(&format!(
        "name = \"N\"\nstrategy = \"posture\"\nseconds = 5\ncues = [{}]",
        cues.join(", ")
    )));
    assert!(
        d.iter()
            .any(|d| d.message.contains("21 cues, over the limit of 20")),
        "{}",
        render(&d)
    );
    let name = "n".repeat(limits::TITLE_CHARS + 1);
    let d = errs(&with_step(&format!(
        "exercise = \"cat-cow\"\nname = \"{name}\""
    )));
    assert!(
        d.iter()
            .any(|d| d.message.contains("`name` is 81 characters")),
        "{}",
        render(&d)
    );
}

/// Issue 13: a `figure` is one to four frames of equal-width lines, small enough to share
/// the screen; each problem points at the line (or frame) it is in.
#[test]
fn figures_are_checked_line_by_line() {
    let r = ok(&with_step(
        "exercise = \"cat-cow\"\nfigure = [[' ● ', '╱│╲'], [' ● ', '─┼─']]",
    ));
    let fig = r.steps[0].figure.as_ref().expect("the step's own figure");
    assert_eq!(fig.frames.len(), 2);
    assert_eq!(fig.frame(3), [" ● ", "─┼─"]);
    assert_eq!((fig.width(), fig.height()), (3, 2));

    let wide = "█".repeat(limits::FIGURE_COLUMNS + 1);
    one(
        &with_step(&format!("exercise = \"cat-cow\"\nfigure = [['{wide}']]")),
        "is 31 columns wide, over the limit of 30",
        6,
        12,
    );
    let tall = ["'│'"; limits::FIGURE_LINES + 1].join(", ");
    one(
        &with_step(&format!("exercise = \"cat-cow\"\nfigure = [[{tall}]]")),
        "frame 1 of `figure` is 8 lines tall, over the limit of 7",
        6,
        12 + 5 * limits::FIGURE_LINES,
    );
    let many = ["['●']"; limits::FIGURE_FRAMES + 1].join(", ");
    one(
        &with_step(&format!("exercise = \"cat-cow\"\nfigure = [{many}]")),
        "`figure` has 5 frames, over the limit of 4",
        6,
        11 + 7 * limits::FIGURE_FRAMES,
    );
    let d = one(
        &with_step("exercise = \"cat-cow\"\nfigure = [['──', '●'], ['│']]"),
        "a line of frame 1 of `figure` is 1 columns wide, and its first line 2",
        6,
        18,
    );
    assert!(hint(&d).contains("pad the shorter lines"), "{}", hint(&d));
    one(
        &with_step("exercise = \"cat-cow\"\nfigure = [['●'], [\"\\u001b[2J\"]]"),
        "holds the control character U+001B",
        6,
        19,
    );
    one(
        &with_step("exercise = \"cat-cow\"\nfigure = []"),
        "`figure` has no frames",
        6,
        10,
    );
}

/// Issue 13: every catalogue exercise has a figure that fits the limits, and a movement
/// (a `phases` dosage that alternates, or paced reps) has a frame for each position.
#[test]
fn every_catalogue_exercise_has_a_figure_that_fits() {
    use unicode_width::UnicodeWidthStr;
    let built_in = crate::routine::library::Library::load(None).expect("catalogue");
    let mut count = 0;
    for id in built_in.catalogue.ids() {
        let ex = built_in.catalogue.get(id).expect("listed");
        let fig = ex
            .figure
            .as_ref()
            .unwrap_or_else(|| panic!("{id} has no figure"));
        assert!(
            (1..=limits::FIGURE_FRAMES).contains(&fig.frames.len()),
            "{id}"
        );
        for frame in &fig.frames {
            assert!((1..=limits::FIGURE_LINES).contains(&frame.len()), "{id}");
            let w = frame[0].width();
            assert!(w <= limits::FIGURE_COLUMNS, "{id}");
            assert!(frame.iter().all(|l| l.width() == w), "{id}: unequal lines");
        }
        count += 1;
    }
    assert_eq!(count, 23);
    for id in [
        "cat-cow",
        "cobra",
        "knee-rolls",
        "bridge",
        "bird-dog",
        "mcgill-curl-up",
    ] {
        let ex = built_in.catalogue.get(id).expect("in the catalogue");
        assert_eq!(ex.figure.as_ref().map(|f| f.frames.len()), Some(2), "{id}");
    }
}

/// Issue 14: `optional = true` marks a step that `--minutes` leaves out first. It is checked
/// like every step key: its type, a misspelling, and that it belongs on a routine step.
#[test]
fn optional_is_a_step_key_checked_like_the_others() {
    let r = ok(&format!(
        "{HEAD}\n[[step]]\nexercise = \"cat-cow\"\n\n[[step]]\nexercise = \"bridge\"\noptional = true\n"
    ));
    assert_eq!(
        r.steps.iter().map(|s| s.optional).collect::<Vec<_>>(),
        [false, true]
    );
    let d = one(
        &with_step("exercise = \"bridge\"\noptional = \"yes\""),
        "expected a boolean",
        6,
        12,
    );
    assert!(hint(&d).contains("`true` or `false`"), "{}", hint(&d));
    let d = one(
        &with_step("exercise = \"bridge\"\noptinal = true"),
        "unknown key `optinal`",
        6,
        1,
    );
    assert!(hint(&d).contains("optional"), "{}", hint(&d));
    let d = catalogue(
        "exercises.toml",
        "[a]\nname = \"C\"\nstrategy = \"stretching\"\ncues = [\"x\"]\nseconds = 5\noptional = true\n",
    )
    .err()
    .unwrap_or_default();
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0].message,
        "`optional` belongs on a routine step, not in the catalogue"
    );
    assert_eq!(d[0].at.as_ref().map(|a| (a.line, a.col)), Some((6, 12)));
}

/// A catalogue whose bridge has two harder versions.
const LEVELED: &str = r#"
[bridge]
name = "Bridge"
strategy = "strengthening"
cues = ["Lift your hips"]
caution = "Lift with your buttocks."
source = "NHS inform"
reps = 5
rep_seconds = 6

[[bridge.level]]
reps = 7
source = "SportBU"

[[bridge.level]]
name = "Marching bridge"
cues = ["Lift one foot"]
phases = [{ say = "Up", seconds = 3 }, { say = "Foot up", seconds = 3 }]
cycles = 5
caution = "Hips level."
"#;

fn leveled() -> Catalogue {
    match catalogue("exercises.toml", LEVELED) {
        Ok(c) => c,
        Err(d) => panic!("leveled catalogue invalid:\n{}", render(&d)),
    }
}

fn catalogue_errs(src: &str) -> Vec<Diagnostic> {
    match catalogue("exercises.toml", src) {
        Ok(c) => panic!("expected errors, got {c:?}"),
        Err(d) => d,
    }
}

#[test]
fn each_level_is_laid_over_the_one_before() {
    let c = leveled();
    let b = c.get("bridge").expect("bridge");
    assert_eq!((b.level, b.level_count()), (1, 3));
    let two = b.at_level(2);
    assert_eq!(two.level, 2);
    assert_eq!(two.id.as_deref(), Some("bridge"));
    assert_eq!(two.name, "Bridge", "the name of the level below");
    assert_eq!(
        two.dosage,
        Dosage::Reps {
            reps: 7,
            rep_seconds: Some(6)
        },
        "reps of its own, the pace of level 1"
    );
    assert_eq!(two.source.as_deref(), Some("SportBU"));
    let three = b.at_level(3);
    assert_eq!((three.level, three.name.as_str()), (3, "Marching bridge"));
    assert!(matches!(three.dosage, Dosage::Phases { cycles: 5, .. }));
    assert_eq!(three.strategy, Strategy::Strengthening);
    // A level can warn more, never less.
    assert_eq!(
        three.caution.as_deref(),
        Some("Lift with your buttocks. Hips level.")
    );
    assert_eq!(three.source.as_deref(), Some("SportBU"));
    // Asked past the top, the top; 0 or 1, the exercise itself.
    assert_eq!(b.at_level(9).level, 3);
    assert_eq!(b.at_level(0).level, 1);
}

#[test]
fn a_step_keeps_its_own_keys_at_every_level() {
    let src = format!(
        "{HEAD}[[step]]\nexercise = \"bridge\"\nsets = 2\n\n[[step]]\nexercise = \"bridge\"\nreps = 3\n"
    );
    let r = match routine("mine", "mine.toml", &src, &leveled()) {
        Ok(r) => r,
        Err(d) => panic!("{}", render(&d)),
    };
    let sets = &r.steps[0];
    assert_eq!(sets.level_count(), 3);
    assert!((1..=3).all(|l| sets.at_level(l).sets == 2));
    assert_eq!(sets.at_level(3).name, "Marching bridge");
    // A dose set by the step stays the step's: a warm-up stays a warm-up.
    let reps = &r.steps[1];
    assert!(matches!(
        reps.at_level(2).dosage,
        Dosage::Reps { reps: 3, .. }
    ));
    // Over the marching bridge's phases, `reps` is a dosage of another kind: it replaces them.
    assert!(matches!(
        reps.at_level(3).dosage,
        Dosage::Reps {
            reps: 3,
            rep_seconds: None
        }
    ));
}

#[test]
fn a_step_that_fails_over_a_level_says_which_level() {
    let src = format!("{HEAD}[[step]]\nexercise = \"bridge\"\nrep_seconds = 4\n");
    let d = match routine("mine", "mine.toml", &src, &leveled()) {
        Ok(r) => panic!("expected errors, got {r:?}"),
        Err(d) => d,
    };
    assert_eq!(d.len(), 1, "{}", render(&d));
    assert!(
        d[0].message.contains("goes with `reps`"),
        "{}",
        d[0].message
    );
    let at = d[0].at.clone().map(|a| (a.line, a.col));
    assert_eq!(at, Some((5, 15)));
}

#[test]
fn a_routine_step_cannot_have_levels() {
    let d = one(
        &with_step("exercise = \"bridge\"\n[[step.level]]\nreps = 3"),
        "levels belong in the catalogue",
        6,
        1,
    );
    assert!(hint(&d).contains("start --level N"), "{}", hint(&d));
}

#[test]
fn a_level_keeps_its_exercise_and_strategy() {
    let src = format!(
        "{LEVELED}\n[[bridge.level]]\nexercise = \"plank\"\nstrategy = \"stretching\"\nreps = 9\n"
    );
    let d = catalogue_errs(&src);
    assert_eq!(d.len(), 2, "{}", render(&d));
    assert!(
        d[0].message
            .contains("`exercise` does not belong in a level")
    );
    assert!(
        d[1].message
            .contains("`strategy` does not belong in a level")
    );
    let line = LEVELED.lines().count() + 3;
    assert_eq!(d[0].at.clone().map(|a| a.line), Some(line));
}

#[test]
fn levels_are_bounded_and_checked_like_any_entry() {
    let many = format!("{LEVELED}{}", "\n[[bridge.level]]\nreps = 8\n".repeat(3));
    let d = catalogue_errs(&many);
    assert_eq!(d.len(), 1, "{}", render(&d));
    assert!(
        d[0].message.contains("has 6 levels, over the limit of 5"),
        "{}",
        d[0].message
    );
    let bad = format!("{LEVELED}\n[[bridge.level]]\nreps = 0\n");
    let d = catalogue_errs(&bad);
    assert_eq!(d.len(), 1, "{}", render(&d));
    let line = LEVELED.lines().count() + 3;
    assert_eq!(d[0].at.clone().map(|a| (a.line, a.col)), Some((line, 8)));
    let typo = format!("{LEVELED}\n[[bridge.level]]\nrepz = 8\n");
    let d = catalogue_errs(&typo);
    assert!(d[0].message.contains("repz"), "{}", render(&d));
}

#[test]
fn the_built_in_catalogue_has_three_levels_where_the_issue_asks() {
    let lib = crate::routine::library::Library::load(None).expect("catalogue");
    for id in [
        "bird-dog",
        "plank",
        "side-plank",
        "bridge",
        "cobra",
        "mcgill-curl-up",
        "cat-cow",
        "childs-pose",
        "knee-rolls",
        "knee-to-chest",
    ] {
        let ex = lib.catalogue.get(id).expect(id);
        assert!(ex.level_count() >= 3, "{id}: {}", ex.level_count());
        for l in 1..=ex.level_count() {
            let at = ex.at_level(l);
            assert_eq!(at.level, l, "{id}");
            assert!(at.source.is_some(), "{id} level {l} cites its source");
        }
    }
}
