//! Pass 4, the article: the longest run of prose lines nothing else claimed, widened across
//! sub-headings, removed single lines and (forwards) a section heading with its items, plus its
//! lead (headline, byline, caption). All of it is protected from the passes after it.

use super::{Group, Paste, Region, Special, NONE};

impl Paste<'_> {
    /// Whether line `i` is removed (`pre`: will be removed as a single line).
    fn claimed(&self, i: usize, pre: bool) -> bool {
        self.line(i).is_some_and(|l| {
            if pre {
                l.cta() || l.special != Special::No
            } else {
                l.group != NONE
            }
        })
    }

    /// Whether line `i` is prose nobody claimed.
    pub(super) fn open_prose(&self, i: usize, pre: bool) -> bool {
        self.line(i).is_some_and(|l| l.prose) && !self.claimed(i, pre)
    }

    /// Open prose without clutter phrases: it may join the article.
    fn joinable(&self, i: usize, pre: bool) -> bool {
        self.open_prose(i, pre)
            && self
                .line(i)
                .is_some_and(|l| l.scores.iter().all(|&s| s < 2))
    }

    /// Whether line `i` is a removed single line: a section heading or not.
    /// (`pre`: only a label or button of at most four words, since a longer line may open a box
    /// that a bridged article would veto.)
    fn lone(&self, i: usize, pre: bool, heading: bool) -> bool {
        self.line(i).is_some_and(|l| l.heading() == heading)
            && if pre {
                self.claimed(i, true) && self.line(i).is_some_and(|l| l.words <= 4)
            } else {
                self.group_of(i).is_some_and(Group::single)
            }
    }

    /// The far end, line count and characters of the run of open prose from line `i`.
    fn run(&self, i: usize, fwd: bool, pre: bool) -> (usize, usize, u64) {
        let (mut end, mut n, mut chars) = (i, 0, 0);
        let mut k = Some(i);
        while let Some(j) = k.filter(|&j| self.open_prose(j, pre)) {
            end = j;
            n += 1;
            chars += u64::from(self.line(j).map_or(0, |l| l.nchars));
            k = step(j, fwd);
        }
        (end, n, chars)
    }

    /// The article: the longest run of open prose, widened to more prose without clutter phrases
    /// across a removed single line, an unclaimed short line (not `pre`), or, forwards, a section
    /// heading and up to two item lines when at least three paragraphs or 500 characters follow
    /// (not `pre`; these gaps are returned, for the sections to take: backwards they could be the
    /// headline and byline). `pre`: before runs and boxes are known, judging lines alone.
    pub(super) fn region(&self, pre: bool) -> Option<Region> {
        let mut best: Option<(usize, usize, u64)> = None;
        let mut i = 0;
        while i < self.lines.len() {
            if self.open_prose(i, pre) {
                let (end, _, chars) = self.run(i, true, pre);
                if best.is_none_or(|b| chars > b.2) {
                    best = Some((i, end, chars));
                }
                i = end;
            }
            i += 1;
        }
        let (a, b, _) = best?;
        let mut ends = [a, b];
        let mut gaps = Vec::new();
        for (end, fwd) in ends.iter_mut().zip([false, true]) {
            while let Some(j) = step(*end, fwd) {
                let plain =
                    !pre && self.line(j).is_some_and(|l| !l.prose) && !self.claimed(j, false);
                if let Some(k) = step(j, fwd).filter(|&k| self.joinable(k, pre)) {
                    if plain || self.lone(j, pre, false) {
                        *end = self.run(k, fwd, pre).0;
                        continue;
                    }
                }
                if pre || !fwd || !self.lone(j, false, true) {
                    break;
                }
                let mut k = step(j, fwd);
                for _ in 0..2 {
                    if let Some(x) = k.filter(|&x| {
                        self.line(x).is_some_and(|l| !l.prose) && !self.claimed(x, false)
                    }) {
                        k = step(x, fwd);
                    }
                }
                let Some(k) = k.filter(|&k| self.joinable(k, false)) else {
                    break;
                };
                let (far, n, chars) = self.run(k, fwd, false);
                if n < 3 && chars < 500 {
                    break;
                }
                gaps.push((j, k - 1));
                *end = far;
            }
        }
        let [a, b] = ends;
        Some((a, b, gaps))
    }

    /// Marks the article and its lead as protected.
    pub(super) fn article(&mut self) {
        let Some((a, b, gaps)) = self.region(false) else {
            return;
        };
        self.start = a;
        for l in self.lines.iter_mut().take(b + 1).skip(a) {
            l.protect = l.group == NONE;
        }
        for (x, y) in gaps {
            for l in self.lines.iter_mut().take(y + 1).skip(x) {
                l.protect = false;
            }
        }
        // The lead: up to three unclaimed lines before it, past removed single lines and
        // buttons ("Facebook"), stopping at larger removals and at lines with clutter phrases.
        let mut count = 0;
        for i in (0..a).rev() {
            if let Some(g) = self.group_of(i) {
                if g.single() {
                    continue;
                }
                break;
            }
            match self.lines.get_mut(i) {
                Some(l) if l.button() => continue,
                Some(l) if l.scores.iter().all(|&s| s < 2) => l.protect = true,
                _ => break,
            }
            count += 1;
            if count == 3 {
                break;
            }
        }
    }
}

/// The next line index in a direction.
fn step(i: usize, fwd: bool) -> Option<usize> {
    if fwd {
        i.checked_add(1)
    } else {
        i.checked_sub(1)
    }
}
