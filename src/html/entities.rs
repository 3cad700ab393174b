//! HTML character references in text and attribute values.
//!
//! lol_html hands text over raw, entities included, and may split an entity across chunks. The
//! [`EntityDecoder`] is streaming: it keeps an unfinished `&...` between calls. The named table is the
//! part of the HTML list that news pages use (Latin-1, typographic punctuation, a few symbols);
//! an unknown name is kept as written, which is what a reader would see for a typo anyway.
use std::borrow::Cow;

/// Named references, sorted by name for binary search. Names without the `;`.
static NAMED: &[(&str, char)] = &[
    ("AElig", 'Æ'),
    ("Aacute", 'Á'),
    ("Acirc", 'Â'),
    ("Agrave", 'À'),
    ("Alpha", 'Α'),
    ("Aring", 'Å'),
    ("Atilde", 'Ã'),
    ("Auml", 'Ä'),
    ("Beta", 'Β'),
    ("Ccedil", 'Ç'),
    ("Chi", 'Χ'),
    ("Dagger", '‡'),
    ("Delta", 'Δ'),
    ("ETH", 'Ð'),
    ("Eacute", 'É'),
    ("Ecirc", 'Ê'),
    ("Egrave", 'È'),
    ("Epsilon", 'Ε'),
    ("Eta", 'Η'),
    ("Euml", 'Ë'),
    ("Gamma", 'Γ'),
    ("Iacute", 'Í'),
    ("Icirc", 'Î'),
    ("Igrave", 'Ì'),
    ("Iota", 'Ι'),
    ("Iuml", 'Ï'),
    ("Kappa", 'Κ'),
    ("Lambda", 'Λ'),
    ("Mu", 'Μ'),
    ("Ntilde", 'Ñ'),
    ("Nu", 'Ν'),
    ("OElig", 'Œ'),
    ("Oacute", 'Ó'),
    ("Ocirc", 'Ô'),
    ("Ograve", 'Ò'),
    ("Omega", 'Ω'),
    ("Omicron", 'Ο'),
    ("Oslash", 'Ø'),
    ("Otilde", 'Õ'),
    ("Ouml", 'Ö'),
    ("Phi", 'Φ'),
    ("Pi", 'Π'),
    ("Prime", '″'),
    ("Psi", 'Ψ'),
    ("Rho", 'Ρ'),
    ("Scaron", 'Š'),
    ("Sigma", 'Σ'),
    ("THORN", 'Þ'),
    ("Tau", 'Τ'),
    ("Theta", 'Θ'),
    ("Uacute", 'Ú'),
    ("Ucirc", 'Û'),
    ("Ugrave", 'Ù'),
    ("Upsilon", 'Υ'),
    ("Uuml", 'Ü'),
    ("Xi", 'Ξ'),
    ("Yacute", 'Ý'),
    ("Yuml", 'Ÿ'),
    ("Zeta", 'Ζ'),
    ("aacute", 'á'),
    ("acirc", 'â'),
    ("acute", '´'),
    ("aelig", 'æ'),
    ("agrave", 'à'),
    ("alpha", 'α'),
    ("amp", '&'),
    ("apos", '\''),
    ("aring", 'å'),
    ("atilde", 'ã'),
    ("auml", 'ä'),
    ("bdquo", '„'),
    ("beta", 'β'),
    ("brvbar", '¦'),
    ("bull", '•'),
    ("ccedil", 'ç'),
    ("cedil", '¸'),
    ("cent", '¢'),
    ("chi", 'χ'),
    ("circ", 'ˆ'),
    ("colon", ':'),
    ("comma", ','),
    ("copy", '©'),
    ("curren", '¤'),
    ("dagger", '†'),
    ("darr", '↓'),
    ("deg", '°'),
    ("delta", 'δ'),
    ("divide", '÷'),
    ("dollar", '$'),
    ("eacute", 'é'),
    ("ecirc", 'ê'),
    ("egrave", 'è'),
    ("emsp", '\u{2003}'),
    ("ensp", '\u{2002}'),
    ("epsilon", 'ε'),
    ("equals", '='),
    ("eta", 'η'),
    ("eth", 'ð'),
    ("euml", 'ë'),
    ("euro", '€'),
    ("excl", '!'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("frasl", '⁄'),
    ("gamma", 'γ'),
    ("ge", '≥'),
    ("gt", '>'),
    ("hArr", '⇔'),
    ("harr", '↔'),
    ("hearts", '♥'),
    ("hellip", '…'),
    ("hyphen", '‐'),
    ("iacute", 'í'),
    ("icirc", 'î'),
    ("iexcl", '¡'),
    ("igrave", 'ì'),
    ("infin", '∞'),
    ("iota", 'ι'),
    ("iquest", '¿'),
    ("iuml", 'ï'),
    ("kappa", 'κ'),
    ("lArr", '⇐'),
    ("lambda", 'λ'),
    ("laquo", '«'),
    ("larr", '←'),
    ("lbrack", '['),
    ("lcub", '{'),
    ("ldquo", '“'),
    ("le", '≤'),
    ("lowbar", '_'),
    ("lpar", '('),
    ("lrm", '\u{200E}'),
    ("lsaquo", '‹'),
    ("lsquo", '‘'),
    ("lt", '<'),
    ("macr", '¯'),
    ("mdash", '—'),
    ("micro", 'µ'),
    ("middot", '·'),
    ("minus", '−'),
    ("mu", 'μ'),
    ("nbsp", '\u{A0}'),
    ("ndash", '–'),
    ("ne", '≠'),
    ("newline", '\n'),
    ("not", '¬'),
    ("ntilde", 'ñ'),
    ("nu", 'ν'),
    ("num", '#'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("oelig", 'œ'),
    ("ograve", 'ò'),
    ("omega", 'ω'),
    ("omicron", 'ο'),
    ("ordf", 'ª'),
    ("ordm", 'º'),
    ("oslash", 'ø'),
    ("otilde", 'õ'),
    ("ouml", 'ö'),
    ("para", '¶'),
    ("percnt", '%'),
    ("period", '.'),
    ("permil", '‰'),
    ("phi", 'φ'),
    ("pi", 'π'),
    ("plus", '+'),
    ("plusmn", '±'),
    ("pound", '£'),
    ("prime", '′'),
    ("psi", 'ψ'),
    ("quest", '?'),
    ("quot", '"'),
    ("rArr", '⇒'),
    ("raquo", '»'),
    ("rarr", '→'),
    ("rbrack", ']'),
    ("rcub", '}'),
    ("rdquo", '”'),
    ("reg", '®'),
    ("rho", 'ρ'),
    ("rlm", '\u{200F}'),
    ("rpar", ')'),
    ("rsaquo", '›'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("scaron", 'š'),
    ("sect", '§'),
    ("semi", ';'),
    ("shy", '\u{AD}'),
    ("sigma", 'σ'),
    ("sigmaf", 'ς'),
    ("sol", '/'),
    ("sup1", '¹'),
    ("sup2", '²'),
    ("sup3", '³'),
    ("szlig", 'ß'),
    ("tab", '\t'),
    ("tau", 'τ'),
    ("theta", 'θ'),
    ("thinsp", '\u{2009}'),
    ("thorn", 'þ'),
    ("tilde", '˜'),
    ("times", '×'),
    ("trade", '™'),
    ("uacute", 'ú'),
    ("uarr", '↑'),
    ("ucirc", 'û'),
    ("ugrave", 'ù'),
    ("uml", '¨'),
    ("upsilon", 'υ'),
    ("uuml", 'ü'),
    ("verbar", '|'),
    ("xi", 'ξ'),
    ("yacute", 'ý'),
    ("yen", '¥'),
    ("yuml", 'ÿ'),
    ("zeta", 'ζ'),
    ("zwj", '\u{200D}'),
    ("zwnj", '\u{200C}'),
];

/// Names a browser also decodes without the trailing `;` (the legacy ones news pages still write).
static LEGACY: &[&str] = &["amp", "copy", "gt", "lt", "nbsp", "quot", "reg"];

/// C1 code points that numeric references map through windows-1252, as browsers do.
static C1_REMAP: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Looks up a named reference (without `&` and `;`).
pub(crate) fn named(name: &str) -> Option<char> {
    // The table is sorted by byte order, which is what `str::cmp` compares.
    NAMED
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .and_then(|i| NAMED.get(i))
        .map(|(_, c)| *c)
}

/// Decodes a numeric reference body (`#123` or `#x7B`, without `&` and `;`).
fn numeric(body: &str) -> Option<char> {
    let digits = body.strip_prefix('#')?;
    let value = if let Some(hex) = digits.strip_prefix(['x', 'X']) {
        if hex.is_empty() || hex.len() > 8 {
            return if hex.is_empty() {
                None
            } else {
                Some('\u{FFFD}')
            };
        }
        u32::from_str_radix(hex, 16).ok()?
    } else {
        if digits.is_empty() {
            return None;
        }
        if digits.len() > 10 {
            return Some('\u{FFFD}');
        }
        digits.parse::<u32>().ok()?
    };
    Some(match value {
        0 => '\u{FFFD}',
        0x80..=0x9F => C1_REMAP[(value - 0x80) as usize],
        _ => char::from_u32(value).unwrap_or('\u{FFFD}'),
    })
}

/// Resolves a complete reference candidate: `body` is what followed `&` (no `;`), `terminated`
/// whether a `;` ended it. `None` means "not a reference, keep the text as written".
fn resolve(body: &str, terminated: bool) -> Option<char> {
    if body.starts_with('#') {
        return numeric(body);
    }
    if terminated || LEGACY.contains(&body) {
        named(body)
    } else {
        None
    }
}

/// The longest reference we try to recognise; anything longer is plain text.
const MAX_PENDING: usize = 32;

/// Streaming decoder of character references in text.
#[derive(Default, Debug, Clone)]
pub(crate) struct EntityDecoder {
    /// What followed an `&` so far (without the `&`), while inside a possible reference.
    pending: String,
    in_ref: bool,
}

impl EntityDecoder {
    /// Decodes `text`, calling `out` for each resulting character. An unfinished reference at the end
    /// is kept for the next call.
    pub(crate) fn feed(&mut self, text: &str, out: &mut impl FnMut(char)) {
        for c in text.chars() {
            self.push(c, out);
        }
    }

    fn push(&mut self, c: char, out: &mut impl FnMut(char)) {
        if self.in_ref {
            // A numeric reference takes only digits (hex digits after `#x`); a name, letters and digits.
            let p = self.pending.as_str();
            let is_ref_char = if p.is_empty() {
                c.is_ascii_alphanumeric() || c == '#'
            } else if p == "#" {
                c.is_ascii_digit() || c == 'x' || c == 'X'
            } else if p.starts_with("#x") || p.starts_with("#X") {
                c.is_ascii_hexdigit()
            } else if p.starts_with('#') {
                c.is_ascii_digit()
            } else {
                c.is_ascii_alphanumeric()
            };
            if c == ';' {
                match resolve(&self.pending, true) {
                    Some(d) => out(d),
                    None => {
                        out('&');
                        self.pending.chars().for_each(&mut *out);
                        out(';');
                    }
                }
                self.reset();
                return;
            }
            if is_ref_char && self.pending.len() < MAX_PENDING {
                self.pending.push(c);
                return;
            }
            self.finish_unterminated(out);
            // `c` starts afresh (it may itself be an `&`).
        }
        if c == '&' {
            self.in_ref = true;
            self.pending.clear();
        } else {
            out(c);
        }
    }

    fn finish_unterminated(&mut self, out: &mut impl FnMut(char)) {
        match resolve(&self.pending, false) {
            Some(d) => out(d),
            None => {
                out('&');
                self.pending.chars().for_each(&mut *out);
            }
        }
        self.reset();
    }

    fn reset(&mut self) {
        self.in_ref = false;
        self.pending.clear();
    }

    /// Ends the text node: an unfinished reference is resolved as browsers do without a `;`.
    pub(crate) fn flush(&mut self, out: &mut impl FnMut(char)) {
        if self.in_ref {
            self.finish_unterminated(out);
        }
    }
}

/// Decodes all references in a complete string.
pub(crate) fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut d = EntityDecoder::default();
    d.feed(text, &mut |c| out.push(c));
    d.flush(&mut |c| out.push(c));
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(NAMED.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn decodes_named_numeric_and_legacy_references() {
        assert_eq!(
            decode("a &amp; b&nbsp;c &#8217; &#x2014; &eacute;"),
            "a & b\u{a0}c ’ — é"
        );
        assert_eq!(decode("AT&amp T &copy 2024"), "AT& T © 2024");
        assert_eq!(decode("&#150; &#0; &#x110000;"), "– \u{FFFD} \u{FFFD}");
        assert_eq!(
            decode("&#0000106&#0000058alert &#x6A;&#x3Aq"),
            "j:alert j:q"
        );
    }

    #[test]
    fn keeps_unknown_or_broken_references_as_written() {
        assert_eq!(decode("R&D &bogus; &#; & x &"), "R&D &bogus; &#; & x &");
    }

    #[test]
    fn references_split_across_chunks_decode_the_same() {
        let whole = "x &amp; &#106;avascript &hellip;";
        for size in 1..whole.len() {
            let mut d = EntityDecoder::default();
            let mut out = String::new();
            let bytes = whole.as_bytes();
            let mut start = 0;
            while start < bytes.len() {
                let mut end = (start + size).min(bytes.len());
                while !whole.is_char_boundary(end) {
                    end += 1;
                }
                d.feed(&whole[start..end], &mut |c| out.push(c));
                start = end;
            }
            d.flush(&mut |c| out.push(c));
            assert_eq!(out, decode(whole), "chunk size {size}");
        }
    }
}
