//! Errors, one enum for the public API.

use thiserror::Error;

/// Why a clean could not produce a result.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The input is larger than [`crate::CleanOptions::max_input_bytes`].
    #[error("input is {size} bytes, more than the limit of {limit} bytes")]
    InputTooLarge {
        /// Bytes seen so far (at least).
        size: usize,
        /// The limit in force.
        limit: usize,
    },
    /// An option value that cannot be used (unknown category, bad charset label, ...).
    #[error("{0}")]
    BadOption(String),
    /// User rules that could not be used at all (the binding's `rules` option when no line of it
    /// is usable; [`crate::Cleaner::add_rules`] itself reports bad lines and keeps the good ones).
    #[error("{0}")]
    BadRules(String),
    /// The HTML rewriter gave up (it should not; this is reported rather than panicking).
    #[error("the HTML rewriter failed: {0}")]
    Rewriter(String),
    /// A session was written to after it finished.
    #[error("the session has already finished")]
    Finished,
}

impl Error {
    /// A stable, machine-readable code (`"input-too-large"`, `"bad-rules"`, ...).
    pub fn code(&self) -> &'static str {
        match self {
            Error::InputTooLarge { .. } => "input-too-large",
            Error::BadOption(_) => "bad-option",
            Error::BadRules(_) => "bad-rules",
            Error::Rewriter(_) => "rewriter",
            Error::Finished => "finished",
        }
    }
}
