//! Pass 1's text: where each text chunk goes (the page, the title, a `noscript`, a JSON-LD
//! script), and what the page's text gathers into the open elements' records: visible
//! characters, link text, commas, trimmed spans, phrase hits, and the short texts (time stamps,
//! names) read back from the last characters when an element ends.

use super::record::Record;
use super::{Analyzer, Sink};
use crate::category::PHRASE_CATS;
use crate::html::entities::EntityDecoder;
use lol_html::html_content::TextType;

/// Characters of text kept behind the current position (`Analyzer::recent`).
pub(super) const RECENT: usize = 32;
/// A time stamp's text is at most this many characters, white space included.
const STAMP_MAX: u32 = 16;

/// Whether `s` is a time of day and nothing else: `3:44 PM`, `15:44`, `15.44 Uhr`, `9h30`,
/// `10:05 a.m. ET`. The digits say it in every language; with a dot, a word must follow.
fn is_time_of_day(s: &str) -> bool {
    let s = s.trim().to_lowercase();
    let clock_end = s
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, ':' | '.' | 'h')))
        .unwrap_or(s.len());
    let (clock, tail) = s.split_at(clock_end);
    let Some((hours, minutes)) = clock.split_once([':', '.', 'h']) else {
        return false;
    };
    let minutes = minutes.trim_end_matches(['.', 'h']);
    let number = |t: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
    };
    number(hours, 1..=2)
        && number(minutes, 2..=2)
        && hours.parse::<u8>().is_ok_and(|h| h <= 24)
        && minutes.parse::<u8>().is_ok_and(|m| m < 60)
        // "12.50" alone is as likely a price.
        && !(clock.contains('.') && tail.trim().is_empty())
        && tail
            .split_whitespace()
            .all(|w| TIME_WORDS.split_ascii_whitespace().any(|t| t == w))
}

/// Words that may follow a time of day: the half of the day, "o'clock" in a few languages, the
/// usual time zones.
const TIME_WORDS: &str = "am pm a.m. p.m. uhr h ч hrs et pt ct mt gmt utc cet cest bst est edt \
    pst pdt msk eet eest jst kst ist";

/// A phrase that starts within this many visible characters of an element's start "heads" it.
const LEAD: u32 = 40;
/// How far up the open elements a phrase hit looks for elements it heads.
const LEAD_WALK: usize = 48;
/// Bounds on what is kept of special text.
const NOSCRIPT_MAX: usize = 64 * 1024;
const HEADING_TEXT_MAX: usize = 512;

impl Analyzer {
    pub(crate) fn on_text(&mut self, text: &str, ty: TextType, last: bool) {
        self.text_bytes += text.len();
        let Some(top) = self.stack.last() else {
            return;
        };
        match top.sink {
            Sink::Ignore => {}
            Sink::Title => {
                let mut dec = std::mem::take(&mut self.decoder);
                let meta = &mut self.meta;
                dec.feed(text, &mut |c| meta.push_title(c));
                if last {
                    dec.flush(&mut |c| meta.push_title(c));
                }
                self.decoder = dec;
            }
            Sink::Noscript => {
                if self.noscript_buf.len() + text.len() <= NOSCRIPT_MAX {
                    self.noscript_buf.push_str(text);
                }
            }
            Sink::JsonLd => self.meta.push_json_ld(text),
            Sink::Page => {
                let decodes = matches!(ty, TextType::Data | TextType::RCData);
                if decodes {
                    let mut dec = std::mem::take(&mut self.decoder);
                    dec.feed(text, &mut |c| self.page_char(c));
                    if last {
                        dec.flush(&mut |c| self.page_char(c));
                    }
                    self.decoder = dec;
                } else {
                    text.chars().for_each(|c| self.page_char(c));
                }
            }
        }
        // An unfinished reference never reaches into the next text node (as in pass 2).
        if last {
            self.decoder = EntityDecoder::default();
        }
    }

    #[inline]
    fn page_char(&mut self, c: char) {
        if self.capturing > 0 {
            self.meta.push_capture(c);
        }
        if let Some((text, _)) = &mut self.later_text {
            // Byte offsets are `u32`: past 4 GiB of text, `:has-text()` sees no more.
            if text.len() < u32::MAX as usize - 4 {
                text.push(c);
            }
        }
        if let Some((_, text)) = self.heading_active.and_then(|i| self.headings.get_mut(i)) {
            if text.len() < HEADING_TEXT_MAX {
                text.push(c);
            }
        }
        let Some(top) = self.stack.last() else {
            return;
        };
        let (ord, block, in_link) = (top.ord, top.block, top.in_link);
        self.raw_pos = self.raw_pos.saturating_add(1);
        self.recent[(self.raw_pos - 1) as usize % RECENT] = c;
        if !c.is_whitespace() {
            // A Chinese or Japanese character carries about what two letters of a spaced
            // language do: it counts twice toward text lengths, so a sentence in them is as long
            // as its translation would be to every threshold measured in characters.
            let w = if crate::lexicon::is_cjk(c) { 2 } else { 1 };
            self.pos = self.pos.saturating_add(w);
            let comma = matches!(c, ',' | '，' | '、');
            let rec = &mut self.records[ord as usize];
            if rec.span_last == 0 {
                rec.span_first = self.raw_pos - 1;
            }
            rec.span_last = self.raw_pos;
            if comma {
                rec.commas = rec.commas.saturating_add(1);
            }
            rec.text = rec.text.saturating_add(w);
            if in_link {
                rec.link_text = rec.link_text.saturating_add(w);
            }
            if let Some(b) = self.stack.get_mut(block) {
                if comma {
                    b.inline_commas = b.inline_commas.saturating_add(1);
                }
                b.inline_text = b.inline_text.saturating_add(w);
                if in_link {
                    b.inline_link = b.inline_link.saturating_add(w);
                }
            }
        }
        let hits = &mut self.hits;
        self.scanner.feed(&self.lex, c, &mut |id| hits.push(id));
        if !self.hits.is_empty() {
            self.flush_hits(ord);
        }
    }

    /// An element boundary ends the current word; a phrase ending there belongs to the innermost
    /// open element.
    pub(super) fn boundary_hits(&mut self) {
        let hits = &mut self.hits;
        self.scanner.boundary(&self.lex, &mut |id| hits.push(id));
        if !self.hits.is_empty() {
            if let Some(top) = self.stack.last() {
                let ord = top.ord;
                self.flush_hits(ord);
            } else {
                self.hits.clear();
            }
        }
    }

    fn flush_hits(&mut self, ord: u32) {
        let mut hits = std::mem::take(&mut self.hits);
        // Phrases ending here overlap ("enter your email to subscribe", "subscribe"): longest
        // first, so the text they cover is counted once.
        let lex = &self.lex;
        crate::order::sort_by_key(&mut hits, |&id| {
            u32::MAX - lex.phrase(id).map_or(0, |p| p.page_len)
        });
        for &id in &hits {
            self.add_hit_to(ord, id, true);
        }
        self.hits = hits;
        self.hits.clear();
    }

    pub(super) fn add_hit_to(&mut self, ord: u32, id: u32, visible: bool) {
        let Some(p) = self.lex.phrase(id) else {
            return;
        };
        let (cat, weight, len) = (p.category.index(), p.weight, p.page_len);
        let best_weight = |r: &Record| {
            if r.best_phrase == 0 {
                0
            } else {
                self.lex.phrase(r.best_phrase - 1).map_or(0, |p| p.weight)
            }
        };
        let Some(rec) = self.records.get(ord as usize) else {
            return;
        };
        let replace_best = weight > best_weight(rec);
        let rec = &mut self.records[ord as usize];
        if cat < PHRASE_CATS {
            rec.phrase_score[cat] = rec.phrase_score[cat].saturating_add(weight);
        }
        if replace_best {
            rec.best_phrase = id + 1;
        }
        if !visible {
            return;
        }
        // Only the part not covered by an earlier phrase counts.
        let start = self.pos.saturating_sub(len);
        let fresh = self.pos.saturating_sub(start.max(self.covered_until));
        self.covered_until = self.covered_until.max(self.pos);
        let rec = &mut self.records[ord as usize];
        rec.phrase_chars = rec.phrase_chars.saturating_add(fresh);
        if weight < 2 {
            return;
        }
        let start = self.pos.saturating_sub(len);
        for frame in self.stack.iter().rev().take(LEAD_WALK) {
            let r = &mut self.records[frame.ord as usize];
            if start > r.start_pos.saturating_add(LEAD) {
                break;
            }
            if r.lead_phrase == 0 {
                r.lead_phrase = id + 1;
            }
        }
    }

    /// The positions of element `ord`'s trimmed text when all of it is still in `recent` (none
    /// for an element without text, or once the position counter has saturated).
    fn recent_span(&self, ord: u32) -> Option<std::ops::Range<u32>> {
        let r = self.records.get(ord as usize)?;
        let (first, last) = (r.span_first, r.span_last);
        if last == 0 || self.raw_pos == u32::MAX || self.raw_pos - first > RECENT as u32 {
            return None;
        }
        Some(first..last)
    }

    /// The trimmed text of element `ord`, when it is short (at most `STAMP_MAX` characters),
    /// starts with a digit and is still in `recent`: read as its end tag is seen.
    fn short_digits(&self, ord: u32) -> Option<String> {
        let span = self.recent_span(ord)?;
        if span.end - span.start > STAMP_MAX {
            return None;
        }
        // Only a time of day is looked for: it starts with a digit (most short texts do not, and
        // are not copied).
        if !self.recent[span.start as usize % RECENT].is_ascii_digit() {
            return None;
        }
        Some(span.map(|p| self.recent[p as usize % RECENT]).collect())
    }

    /// A hash of element `ord`'s text (letters and digits, lower-cased) when all of it is still in
    /// `recent`: short texts, such as names, compared without keeping them (never 0).
    fn short_hash(&self, ord: u32) -> Option<u32> {
        let mut h: u32 = 0x811c_9dc5;
        for p in self.recent_span(ord)? {
            for c in self.recent[p as usize % RECENT].to_lowercase() {
                if c.is_alphanumeric() {
                    h = (h ^ c as u32).wrapping_mul(0x0100_0193);
                }
            }
        }
        Some(h | 1)
    }

    /// What a finished element's text is when short: a hash to compare names by, and whether it
    /// is a time stamp.
    pub(super) fn read_short_text(&mut self, ord: u32) {
        if let Some(hash) = self.short_hash(ord) {
            if let Some(rec) = self.records.get_mut(ord as usize) {
                rec.name_hash = hash;
            }
        }
        if let Some(text) = self.short_digits(ord) {
            if is_time_of_day(&text) {
                if let Some(rec) = self.records.get_mut(ord as usize) {
                    rec.stamps = 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day() {
        for yes in [
            "3:44 PM",
            "15:44",
            "15.44 Uhr",
            "9h30",
            "10:05 a.m. ET",
            "1:40pm",
            " 23:59 ",
        ] {
            assert!(is_time_of_day(yes), "{yes}");
        }
        for no in [
            "3.5",
            "1,234",
            "25:00",
            "12:345",
            "Page 3:44",
            "3:44 PM in Kyiv",
            "v1.20",
            "",
        ] {
            assert!(!is_time_of_day(no), "{no}");
        }
    }
}
