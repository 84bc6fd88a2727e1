//! What a person sees and presses: `view` says what a frame shows (pure), `terminal` draws it,
//! reads keys and signals, and runs the loop.

pub mod terminal;
pub mod view;
