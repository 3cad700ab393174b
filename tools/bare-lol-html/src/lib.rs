//! lol_html with no handlers: what the rewriter alone costs in size and time.

use wasm_bindgen::prelude::*;

/// Parses and re-serialises `input` unchanged.
#[wasm_bindgen]
pub fn passthrough(input: &str) -> Result<String, JsError> {
    lol_html::rewrite_str(input, lol_html::RewriteStrSettings::new()).map_err(|e| JsError::new(&e.to_string()))
}
