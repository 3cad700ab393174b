//! Lists and their items: markers (bullets, numbers from `start`), the prefix each item's lines
//! carry, and lists directly inside lists.

use super::{Kind, List, MarkdownBuilder, Prefix};

impl MarkdownBuilder {
    /// `ul`, `ol`, `menu`: a list (numbered from its `start` for `ol`).
    pub(super) fn open_list(
        &mut self,
        t: &str,
        attr: &dyn Fn(&str) -> Option<String>,
    ) -> (Kind, u8) {
        let brk = match self.prefixes.last() {
            Some(Prefix::Item(..)) => 2,
            _ => 3,
        };
        let width = self
            .lists
            .last()
            .filter(|l| l.open == 0 && l.width > 0)
            .map(|l| l.width);
        let pseudo = width.is_some_and(|w| self.push_prefix(Prefix::Item(String::new(), w)));
        let next = (t == "ol").then(|| {
            let start = attr("start").and_then(|s| s.trim().parse::<i64>().ok());
            start.unwrap_or(1).clamp(0, 999_999_999) as u64
        });
        self.lists.push(List {
            next,
            open: 0,
            width: 0,
        });
        (Kind::List(pseudo), brk)
    }

    /// `li`: an item of the open list, or a bulleted one outside any.
    pub(super) fn open_item(&mut self) -> (Kind, u8) {
        if self.lists.last().is_some_and(|l| l.open > 0) {
            // An `li` inside an open item of the same list closes it (omitted end tag).
            self.pop_to("li");
        }
        let (marker, first) = match self.lists.last_mut() {
            Some(l) => {
                l.open += 1;
                let m = match l.next {
                    Some(n) => {
                        l.next = Some((n + 1).min(999_999_999));
                        format!("{n}. ")
                    }
                    None => "- ".to_string(),
                };
                (m, l.width == 0)
            }
            None => ("- ".to_string(), true),
        };
        // Only `-` and `1.` can start a list right after a paragraph line.
        if first && marker != "- " && marker != "1. " {
            self.boundary(3);
        }
        let width = marker.len();
        (Kind::Item(self.push_prefix(Prefix::Item(marker, width))), 2)
    }
}
