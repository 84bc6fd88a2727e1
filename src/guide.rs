//! What backcoach tells people about knots, the six strategies, when to see a clinician, who
//! should ask one first, and when to stop an exercise. Facts and sources follow
//! `shared/CONTENT.md`; the words are ours. `backcoach strategies` prints all of it; the safety
//! screen before the first session shows the most urgent part.

use crate::strategy::Strategy;

pub const KNOTS_TITLE: &str = "What a knot is";

pub const KNOTS: &str = "A knot, or trigger point, is a small patch of muscle that stays tight and \
tender, and often aches further away than where it sits. In the lower back they build up from long \
hours of sitting, from lifting with a rounded back, and from muscles that are out of balance: some \
working too hard because others do too little. Knots ease when the muscle gets blood, movement, \
warmth and calm, and they stay away when the back is used well and made stronger. That is what the \
six strategies below are for.";

/// Why each strategy helps, in a few sentences.
pub fn why(s: Strategy) -> &'static str {
    match s {
        Strategy::Stretching => {
            "Slow stretches lengthen tight muscle and tell it that it is safe to let go. Move into \
             mild tension, never pain, and do not bounce. A static stretch is held 20-30 s, two to \
             four times (ACSM). Cat-cow, child's pose and cobra are the classics for the lower back."
        }
        Strategy::SelfMassage => {
            "Steady pressure on a tender point lets the knot soften: lean onto a foam roller, a \
             tennis ball or a massage stick, breathe out slowly, and wait 20-30 s for it to ease \
             (up to 90 s). Work the muscles beside and below the low back, such as the buttocks \
             and the sides; never press on the spine itself."
        }
        Strategy::Heat => {
            "Warmth brings blood to the muscle and loosens it, and it eases pain: the American \
             College of Physicians recommends superficial heat for recent low back pain (Ann \
             Intern Med 2017). Use a hot water bottle, a heating pad or a warm bath for 15-20 \
             minutes at most, on a medium setting, with cloth between heat and skin. Never fall \
             asleep on it, and not on numb skin."
        }
        Strategy::Posture => {
            "How you sit, stand and walk all day decides whether knots come back. Sit with your \
             feet flat and your back supported, stand with your weight even on both feet, walk \
             tall with easy arms, and change position often: the best posture is the next one. \
             `backcoach start desk-break` is a three-minute reset."
        }
        Strategy::Strengthening => {
            "Strong core and back muscles share the load, so no single muscle has to clench and \
             knot. Planks, bridges and bird-dogs train them without bending the spine under load. \
             Start small (knees down for a plank, about five repetitions), add one or two every \
             few days, and stop if pain worsens or new pain starts (NHS inform)."
        }
        Strategy::MindBody => {
            "Stress tightens muscles and feeds knots. Slow breathing, meditation and progressive \
             muscle relaxation calm the body down; the American College of Physicians recommends \
             mindfulness and progressive relaxation for long-lasting low back pain (2017). If \
             slow breathing makes you light-headed or tingly, return to normal breaths."
        }
    }
}

pub const RED_FLAGS_TITLE: &str = "When to stop and get medical help";

/// What to do about the urgent red flags, said before them.
pub const URGENT_HEADING: &str =
    "Go to an emergency department now (don't drive yourself) if you have:";

/// Go to an emergency department now: the signs of cauda equina syndrome, a fracture, or
/// something that is not the back at all.
pub const URGENT: &[&str] = &[
    "numbness around your genitals, buttocks or inner thighs, or a changed feeling when you \
     wipe after the toilet",
    "new trouble passing urine, or losing control of your bladder or bowels",
    "new problems with sex: loss of feeling during sex, or trouble with erection or ejaculation",
    "weakness, numbness or pain in both legs",
    "a leg getting weaker, a foot that drops or drags, or difficulty walking",
    "back pain after a serious fall or accident",
    "back pain with chest pain, or pain high up between your shoulder blades",
];

pub const SOON_HEADING: &str = "See a doctor soon if you have:";

/// See a doctor soon.
pub const SOON: &[&str] = &[
    "a fever, or feeling generally unwell, with back pain",
    "weight loss you can't explain",
    "a history of cancer",
    "long-term use of steroids, or osteoporosis (for example a bone broken in a minor fall)",
    "a weak immune system",
    "a lump, or a change in the shape of your back",
    "pain that rest doesn't ease and that is worse at night",
    "pain that gets worse when you cough, sneeze or open your bowels",
    "pain that is no better after a few weeks (most back pain eases within 2 weeks and passes \
     in 4-6)",
];

pub const RED_FLAGS_SOURCE: &str = "Source: NHS guidance, NICE guideline NG59 and UK cauda equina guidance, as summarised by NHS trusts.";

pub const ASK_FIRST_TITLE: &str = "Who should ask a clinician first";

/// Said before the people who should ask first.
pub const ASK_FIRST_HEADING: &str = "Ask a doctor or physiotherapist before you start if you:";

/// Someone who should ask a clinician before starting, and what to take care with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AskFirst {
    /// Who, short enough for one line of the safety screen ("are pregnant").
    pub who: &'static str,
    /// What to take care with, for `backcoach strategies`.
    pub care: &'static str,
}

pub const ASK_FIRST: &[AskFirst] = &[
    AskFirst {
        who: "are pregnant",
        care: "later on, no lying face down and no front planks; after about 20 weeks, no long \
               spells lying on your back; no heat on the bump, and a warm rather than hot bath; \
               pain around the pelvis needs a physiotherapist",
    },
    AskFirst {
        who: "had recent surgery (spine, hip replacement, belly)",
        care: "after spine surgery, follow your surgeon's plan; after a hip replacement, knee to \
               chest, child's pose and knee rolls can break your hip precautions; after surgery \
               on your belly, no planks or curl-ups until you are cleared",
    },
    AskFirst {
        who: "have osteoporosis or a spinal fracture",
        care: "no forceful, held or loaded bending forward or twisting, and no rolling on your \
               ribs (Royal Osteoporosis Society)",
    },
    AskFirst {
        who: "take blood thinners",
        care: "go easy on self-massage, and leave out the foam roller",
    },
    AskFirst {
        who: "have high blood pressure",
        care: "keep breathing during holds and while you tense; never hold your breath",
    },
];

pub const WHEN_TO_STOP_TITLE: &str = "When to stop an exercise";

pub const WHEN_TO_STOP: &[&str] = &[
    "A stretch or a mild ache is fine.",
    "Stop if pain goes below the knee, or a leg gets pins and needles, numbness or weakness.",
    "Worse the next morning? Go back a level: an easier version, fewer repetitions.",
];

/// Where the whole of this is printed, for screens that have room for only part of it.
pub const FULL_LISTS: &str = "All of it, and when to see a doctor soon: backcoach strategies";

/// The short form, for the safety screen: the first sentence alone when there is no room
/// for the rest.
pub const COACH: &str = "backcoach is a coach, not a clinician.";
pub const COACH_MORE: &str =
    "It cannot examine you. When in doubt, ask a doctor or physiotherapist.";

/// Said once, plainly, where people read it.
pub const NOT_A_CLINICIAN: &str = "backcoach is a coach, not a clinician. It can walk you through \
exercises and keep track, but it cannot examine you. Stop any exercise that makes pain spread or \
worsen, or that brings new pain, and ask a doctor or physiotherapist when in doubt.";
