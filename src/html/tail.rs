//! The input's tail after the last token pass 1 saw: end tags that close nothing, then possibly
//! a tag the input's end left unfinished (which is cut).

/// The length of the run of complete end tags (`</x>`, `</x a="b>">`, `</>`) at the start of
/// `rest`, which follows the last token pass 1 saw: end tags that close nothing reach no handler.
/// What comes after the run is a tag the input's end left unfinished. Each tag is read with the
/// states of HTML's tokenizer, so a `>` inside a quoted attribute value does not end it, and a
/// quote or `=` in the tag name or an attribute's name opens nothing.
pub(crate) fn complete_end_tags(rest: &str) -> usize {
    let b = rest.as_bytes();
    let mut done = 0;
    while b.get(done..done + 2) == Some(b"</") {
        if b.get(done + 2) == Some(&b'>') {
            done += 3;
            continue;
        }
        if !b.get(done + 2).is_some_and(u8::is_ascii_alphabetic) {
            break;
        }
        match tag_end(b, done + 3) {
            Some(e) => done = e,
            None => break,
        }
    }
    done
}

/// Where the tag whose name's second byte is at `b[i]` ends (just past its `>`), reading it as
/// HTML's tokenizer does (from the tag name state on); `None` when the input ends inside it.
fn tag_end(b: &[u8], mut i: usize) -> Option<usize> {
    #[derive(Clone, Copy)]
    enum St {
        Name,
        SelfClosing,
        BeforeAttr,
        AttrName,
        AfterAttrName,
        BeforeValue,
        Quoted(u8),
        Unquoted,
        AfterQuoted,
    }
    let space = |c: u8| matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ');
    let mut st = St::Name;
    loop {
        let c = *b.get(i)?;
        i += 1;
        st = match (st, c) {
            (St::Quoted(q), c) if c == q => St::AfterQuoted,
            (St::Quoted(q), _) => St::Quoted(q),
            (_, b'>') => return Some(i),
            (St::Name | St::Unquoted | St::AfterQuoted, c) if space(c) => St::BeforeAttr,
            (St::Name, b'/') => St::SelfClosing,
            (St::Name, _) => St::Name,
            (St::SelfClosing | St::AfterQuoted, _) => {
                // Read again in the state before an attribute's name.
                i -= 1;
                St::BeforeAttr
            }
            (St::BeforeAttr | St::AfterAttrName, c) if space(c) => st,
            (St::BeforeAttr | St::AttrName | St::AfterAttrName, b'/') => St::SelfClosing,
            (St::BeforeAttr, _) => St::AttrName,
            (St::AttrName, c) if space(c) => St::AfterAttrName,
            (St::AttrName | St::AfterAttrName, b'=') => St::BeforeValue,
            (St::AttrName | St::AfterAttrName, _) => St::AttrName,
            (St::BeforeValue, c) if space(c) => St::BeforeValue,
            (St::BeforeValue, q @ (b'"' | b'\'')) => St::Quoted(q),
            (St::BeforeValue | St::Unquoted, _) => St::Unquoted,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_end_tags_are_told_from_an_unfinished_tag() {
        assert_eq!(complete_end_tags(""), 0);
        assert_eq!(complete_end_tags("</div></p>"), 10);
        assert_eq!(complete_end_tags("</div></>"), 9);
        assert_eq!(complete_end_tags("</a b=\">\" c='>'>x"), 16);
        assert_eq!(complete_end_tags("</div><img src=x onerror=alert(1)"), 6);
        assert_eq!(complete_end_tags("</div a=\"x>"), 0);
        assert_eq!(complete_end_tags("</div"), 0);
        assert_eq!(complete_end_tags("<!-- x"), 0);
        // `=` then spaces, then the quote still opens a value.
        assert_eq!(complete_end_tags("</a b= \">\">"), 11);
        // `=` and quotes in the tag name are part of the name; the value opened after the `/`
        // runs to the input's end (a fuzzer's find).
        assert_eq!(complete_end_tags("</x=\"a;/m d=\"//s.x>"), 0, "unfinished");
        assert_eq!(complete_end_tags("</x=\"a;/m d=\"//s\">"), 18);
        assert_eq!(complete_end_tags("</a b\"=\">\">"), 11);
        assert_eq!(complete_end_tags("</a/b/>"), 7);
        assert_eq!(complete_end_tags("</a b=c\"d>"), 10);
    }
}
