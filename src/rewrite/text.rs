//! Visible text of the cleaned page, built while pass 2 streams: whitespace collapsed, one block
//! per line, `pre` kept as written.

/// Builds the `text` of a result.
#[derive(Debug, Default)]
pub(crate) struct TextBuilder {
    out: String,
    space: bool,
    newline: bool,
}

impl TextBuilder {
    /// One character of visible text; `pre` keeps whitespace as written.
    pub(crate) fn push(&mut self, c: char, pre: bool) {
        if c == '\0' {
            return;
        }
        if pre {
            self.flush_pending();
            if c == '\r' {
                return;
            }
            self.out.push(c);
            return;
        }
        if c.is_whitespace() {
            if !self.out.is_empty() && !self.out.ends_with('\n') {
                self.space = true;
            }
            return;
        }
        self.flush_pending();
        self.out.push(c);
    }

    fn flush_pending(&mut self) {
        if self.newline {
            let trimmed = self.out.trim_end_matches([' ', '\t']).len();
            self.out.truncate(trimmed);
            if !self.out.is_empty() && !self.out.ends_with('\n') {
                self.out.push('\n');
            }
        } else if self.space && !self.out.is_empty() && !self.out.ends_with(['\n', ' ']) {
            self.out.push(' ');
        }
        self.newline = false;
        self.space = false;
    }

    /// A block starts or ends (or a `br`): what follows goes on a new line.
    pub(crate) fn line_break(&mut self) {
        if !self.out.is_empty() {
            self.newline = true;
        }
    }

    pub(crate) fn finish(self) -> String {
        let mut s = self.out;
        let end = s.trim_end().len();
        s.truncate(end);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(parts: &[&str]) -> String {
        let mut t = TextBuilder::default();
        for p in parts {
            if *p == "|" {
                t.line_break();
            } else {
                p.chars().for_each(|c| t.push(c, false));
            }
        }
        t.finish()
    }

    #[test]
    fn collapses_whitespace_and_puts_blocks_on_lines() {
        assert_eq!(
            build(&["|", "  Hello \n  ", "world ", "|", "|", " Next", "|"]),
            "Hello world\nNext"
        );
        assert_eq!(build(&["a", "|", "   ", "|", "b"]), "a\nb");
        assert_eq!(build(&["a ", "b"]), "a b");
    }
}
