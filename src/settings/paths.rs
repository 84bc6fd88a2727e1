//! Where backcoach keeps things, following the XDG base directories:
//! your routines in `$XDG_CONFIG_HOME/backcoach/routines`, data in `$XDG_DATA_HOME/backcoach`,
//! and what it remembers between runs in `$XDG_STATE_HOME/backcoach`.

use std::path::PathBuf;

use etcetera::BaseStrategy;

#[derive(Debug, Clone, Default)]
pub struct Dirs {
    /// `$XDG_CONFIG_HOME/backcoach`; `None` when there is no home directory to put it in.
    pub config: Option<PathBuf>,
    /// `$XDG_DATA_HOME/backcoach`.
    pub data: Option<PathBuf>,
    /// `$XDG_STATE_HOME/backcoach` (by default `~/.local/state/backcoach`); the data folder
    /// where the platform has no state folder.
    pub state: Option<PathBuf>,
}

impl Dirs {
    pub fn from_env() -> Dirs {
        match etcetera::choose_base_strategy() {
            Ok(base) => Dirs {
                config: Some(base.config_dir().join("backcoach")),
                data: Some(base.data_dir().join("backcoach")),
                state: Some(
                    base.state_dir()
                        .unwrap_or_else(|| base.data_dir())
                        .join("backcoach"),
                ),
            },
            Err(_) => Dirs::default(),
        }
    }

    /// The user's routines folder.
    pub fn routines(&self) -> Option<PathBuf> {
        self.config.as_ref().map(|c| c.join("routines"))
    }
}
