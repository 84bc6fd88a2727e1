//! The session log: a `record` per session, appended to the `store` (in a private `folder`),
//! read back by the `reader` (forgiving a damaged line; `reader::order` puts the records in
//! the order they started), and folded into `stats`.

pub mod folder;
pub mod levels;
pub mod reader;
pub mod record;
pub mod stats;
pub mod store;
