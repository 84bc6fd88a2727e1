//! What backcoach tells people about knots, the six strategies, and when to see a clinician.
//! Facts and sources follow `shared/CONTENT.md`; the words are ours. `backcoach strategies`
//! prints it.

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

/// Go to an emergency department now.
pub const URGENT: &[&str] = &[
    "numbness around your genitals or buttocks",
    "new trouble passing urine, or losing control of your bladder or bowels",
    "weakness, numbness or pain in both legs",
    "back pain after a serious fall or accident",
    "back pain together with chest pain",
];

/// See a doctor soon.
pub const SOON: &[&str] = &[
    "a fever with back pain",
    "weight loss you can't explain",
    "a lump, or a change in the shape of your back",
    "pain that rest doesn't ease, or that is worse at night",
    "pain that is no better after a few weeks (most back pain eases within 2 weeks and passes in 4-6)",
];

pub const RED_FLAGS_SOURCE: &str = "Source: NHS guidance and NICE guideline NG59.";

/// Said once, plainly, where people read it.
pub const NOT_A_CLINICIAN: &str = "backcoach is a coach, not a clinician. It can walk you through \
exercises and keep track, but it cannot examine you. Stop any exercise that makes pain spread or \
worsen, or that brings new pain, and ask a doctor or physiotherapist when in doubt.";
