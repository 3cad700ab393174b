//! What pass 2 writes besides the HTML: the visible text, always, and the one structured format a
//! clean may ask for (Markdown today). The rewrite calls this interface only; a new format is a
//! builder implementing [`Structured`] in its own file, a [`Format`] value, and a line in
//! [`Outputs::new`].

use super::markdown::MarkdownBuilder;
use super::text::TextBuilder;
use crate::options::Format;

/// A format built from the kept elements' structure as pass 2 streams them.
pub(crate) trait Structured {
    /// A kept, visible element starts (void ones too; they never end). `attr` reads its
    /// attributes, entities decoded.
    fn start(&mut self, tag: &str, attr: &dyn Fn(&str) -> Option<String>);
    /// An element `start` was given ends.
    fn end(&mut self, tag: &str);
    /// One character of visible text.
    fn text(&mut self, c: char);
    /// The document.
    fn finish(self: Box<Self>) -> String;
}

impl Structured for MarkdownBuilder {
    fn start(&mut self, tag: &str, attr: &dyn Fn(&str) -> Option<String>) {
        MarkdownBuilder::start(self, tag, attr);
    }
    fn end(&mut self, tag: &str) {
        MarkdownBuilder::end(self, tag);
    }
    fn text(&mut self, c: char) {
        MarkdownBuilder::text(self, c);
    }
    fn finish(self: Box<Self>) -> String {
        MarkdownBuilder::finish(*self)
    }
}

/// The text and the requested format, fed together.
pub(crate) struct Outputs {
    text: TextBuilder,
    structured: Option<Box<dyn Structured>>,
}

impl Outputs {
    /// The outputs `format` needs; `base_url` resolves relative links where a format writes them.
    pub(crate) fn new(format: Format, base_url: Option<&str>) -> Self {
        let structured: Option<Box<dyn Structured>> = match format {
            Format::Markdown => Some(Box::new(MarkdownBuilder::new(base_url))),
            _ => None,
        };
        Outputs {
            text: TextBuilder::default(),
            structured,
        }
    }

    /// A line break in the text (a block's edge, `br`, `img`).
    pub(crate) fn line_break(&mut self) {
        self.text.line_break();
    }

    /// A kept element starts; returns whether a structured format was told (and must be told
    /// its end).
    pub(crate) fn start(&mut self, tag: &str, attr: &dyn Fn(&str) -> Option<String>) -> bool {
        match self.structured.as_mut() {
            Some(s) => {
                s.start(tag, attr);
                true
            }
            None => false,
        }
    }

    /// An element `start` returned true for ends.
    pub(crate) fn end(&mut self, tag: &str) {
        if let Some(s) = self.structured.as_mut() {
            s.end(tag);
        }
    }

    /// One character of visible text (`pre`: whitespace as written).
    pub(crate) fn push(&mut self, c: char, pre: bool) {
        self.text.push(c, pre);
        if let Some(s) = self.structured.as_mut() {
            s.text(c);
        }
    }

    /// A link written in place of something removed (a video frame): its own line in the text,
    /// a paragraph holding the link in a structured format.
    pub(crate) fn link_line(&mut self, label: &str, href: &str) {
        self.text.line_break();
        label.chars().for_each(|c| self.text.push(c, false));
        self.text.line_break();
        if let Some(s) = self.structured.as_mut() {
            s.start("p", &|_| None);
            s.start("a", &|name| (name == "href").then(|| href.to_string()));
            label.chars().for_each(|c| s.text(c));
            s.end("a");
            s.end("p");
        }
    }

    /// The text and the structured format's document.
    pub(crate) fn finish(self) -> (String, Option<String>) {
        (self.text.finish(), self.structured.map(|s| s.finish()))
    }
}
