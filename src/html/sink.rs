//! The output sink.

use lol_html::OutputSink;

/// The one output sink type of every rewriter in the crate: lol_html's parser is generic over the
/// sink, so each further sink type would add another copy of it to the WebAssembly module (about
/// 70 KB each). Pass 1 discards; pass 2 and the passthrough append to a buffer.
pub(crate) struct Sink<'o>(pub(crate) Option<&'o mut Vec<u8>>);

impl OutputSink for Sink<'_> {
    fn handle_chunk(&mut self, chunk: &[u8]) {
        if let Some(out) = &mut self.0 {
            out.extend_from_slice(chunk);
        }
    }
}
