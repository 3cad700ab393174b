//! The HTML stage, below every other: bytes decoded to text (`input`), the rewrite of tags a
//! streaming parser cannot follow (`neutralize`), entities, the end tags HTML implies, tag-name
//! tables, and the one output sink of every lol_html rewriter in the crate (`sink`).

pub(crate) mod attr_cap;
pub(crate) mod entities;
pub(crate) mod implied;
pub(crate) mod input;
pub(crate) mod neutralize;
pub(crate) mod sink;
pub(crate) mod tags;
pub(crate) mod tail;

/// The selector `*`, which always parses; this keeps the code free of `unwrap`.
pub(crate) fn every_element() -> lol_html::Selector {
    "*".parse().unwrap_or_else(|_| match "html".parse() {
        Ok(s) => s,
        Err(_) => std::process::abort(),
    })
}
