//! Options of one clean.

use crate::category::CategorySet;
use serde::{Deserialize, Serialize};

/// What to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Delete known clutter, keep everything else.
    Clean,
    /// Return the article and nothing else (clutter inside it removed too).
    #[default]
    Article,
}

/// Which optional output to produce besides the HTML and the text (always there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// HTML (and text).
    #[default]
    Html,
    /// Text (and HTML): the same result; the CLI prints the text.
    Text,
    /// Markdown too, in [`crate::CleanResult::markdown`].
    Markdown,
}

/// Default for [`CleanOptions::max_input_bytes`]: 64 MiB.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Options of one clean. Build with [`CleanOptions::new`] and the `with_*` methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanOptions {
    pub(crate) mode: Mode,
    pub(crate) format: Format,
    pub(crate) url: Option<String>,
    pub(crate) keep: CategorySet,
    pub(crate) keep_ids: Vec<u32>,
    pub(crate) charset: Option<String>,
    pub(crate) max_input_bytes: usize,
}

impl Default for CleanOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl CleanOptions {
    /// The defaults listed on each `with_*` method.
    pub fn new() -> Self {
        CleanOptions {
            mode: Mode::Article,
            format: Format::Html,
            url: None,
            keep: CategorySet::EMPTY,
            keep_ids: Vec::new(),
            charset: None,
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
        }
    }

    /// The mode.
    ///
    /// ### Default
    /// [`Mode::Article`].
    #[must_use]
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// The output format; [`Format::Markdown`] adds Markdown to the result.
    ///
    /// ### Default
    /// [`Format::Html`].
    #[must_use]
    pub fn with_format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// The page's URL: host-scoped rules apply only when its host matches.
    ///
    /// ### Default
    /// None: only generic rules apply.
    #[must_use]
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Categories not to remove.
    ///
    /// ### Default
    /// Empty: every clutter category is removed.
    #[must_use]
    pub fn with_keep(mut self, keep: CategorySet) -> Self {
        self.keep = keep;
        self
    }

    /// Ordinals of elements a previous result removed, to restore (the report's `id`).
    /// Elements the sanitizer removed are never restored.
    ///
    /// ### Default
    /// Empty.
    #[must_use]
    pub fn with_keep_ids(mut self, ids: Vec<u32>) -> Self {
        self.keep_ids = ids;
        self.keep_ids.sort_unstable();
        self
    }

    /// The charset the caller knows the bytes are in (a label such as `windows-1251`), used when
    /// the input has no byte-order mark. Checked when the clean starts.
    ///
    /// ### Default
    /// None: `<meta charset>`, else UTF-8 with a windows-1252 fallback.
    #[must_use]
    pub fn with_charset(mut self, label: impl Into<String>) -> Self {
        self.charset = Some(label.into());
        self
    }

    /// The largest input accepted, in bytes.
    ///
    /// ### Default
    /// [`DEFAULT_MAX_INPUT_BYTES`] (64 MiB).
    #[must_use]
    pub fn with_max_input_bytes(mut self, bytes: usize) -> Self {
        self.max_input_bytes = bytes;
        self
    }

    /// The mode in force.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The URL, if any.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }
}
