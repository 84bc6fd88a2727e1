//! Where backcoach keeps things, following the XDG base directories:
//! your routines in `$XDG_CONFIG_HOME/backcoach/routines`, data in `$XDG_DATA_HOME/backcoach`,
//! and what it remembers between runs in `$XDG_STATE_HOME/backcoach`. Only full paths are
//! read or written: a relative `XDG_*` variable is passed over (as the XDG spec says), and a
//! relative `HOME` gives no config, data or state folder at all, rather than one that depends
//! on the folder backcoach happens to be run from.

use std::path::{Path, PathBuf};

use etcetera::BaseStrategy;

#[derive(Debug, Clone, Default)]
pub struct Dirs {
    /// `$XDG_CONFIG_HOME/backcoach`; `None` without a home, or with a relative one.
    pub config: Option<PathBuf>,
    /// `$XDG_DATA_HOME/backcoach`; `None` without a home, or with a relative one.
    pub data: Option<PathBuf>,
    /// `$XDG_STATE_HOME/backcoach` (by default `~/.local/state/backcoach`); the data folder
    /// where the platform has no state folder.
    pub state: Option<PathBuf>,
}

impl Dirs {
    pub fn from_env() -> Dirs {
        match etcetera::choose_base_strategy() {
            Ok(base) => Dirs {
                config: full(base.config_dir().join("backcoach")),
                data: full(base.data_dir().join("backcoach")),
                state: full(
                    base.state_dir()
                        .unwrap_or_else(|| base.data_dir())
                        .join("backcoach"),
                ),
            },
            Err(_) => Dirs::default(),
        }
    }

    /// Whether `var` holds a full path, and so is used (a relative one is passed over).
    pub fn full_path_in(var: &str) -> bool {
        std::env::var_os(var).is_some_and(|v| Path::new(&v).is_absolute())
    }

    /// The user's routines folder.
    pub fn routines(&self) -> Option<PathBuf> {
        self.config.as_ref().map(|c| c.join("routines"))
    }
}

/// `path` if it is a full path: one made from a relative `HOME` is not used.
fn full(path: PathBuf) -> Option<PathBuf> {
    path.is_absolute().then_some(path)
}
