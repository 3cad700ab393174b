//! The end tags a browser implies: `<p>one<p>two` is two paragraphs, `<li>a<li>b` two items.
//!
//! lol_html keeps a stack without these rules (its `<p>` stays open until an end tag pops it), so
//! both passes keep their own stack of open elements by the rules below, a subset of the HTML
//! tree builder's: a `p` is closed by the start of a block, `li` by `li`, `dt`/`dd` by either,
//! `option` by `option`/`optgroup`, table cells and rows by the next cell, row or section. Scopes
//! are respected (a `p` inside a table cell is not closed by a `div` outside it), and the search
//! looks at most [`MAX_SCOPE_DEPTH`] elements deep, as browsers cap their tree depth.

/// Known tag ids (the analysis interns these first, in this order, so the ids are fixed).
pub(crate) static KNOWN: [&str; 30] = [
    "p", "li", "dt", "dd", "option", "optgroup", "td", "th", "tr", "thead", "tbody", "tfoot",
    "table", "ul", "ol", "dl", "button", "html", "caption", "marquee", "object", "template",
    "applet", "select", "h1", "h2", "h3", "h4", "h5", "h6",
];

const P: u16 = 1;
const LI: u16 = 2;
const DT: u16 = 3;
const DD: u16 = 4;
const OPTION: u16 = 5;
const OPTGROUP: u16 = 6;
const TD: u16 = 7;
const TH: u16 = 8;
const TR: u16 = 9;
const THEAD: u16 = 10;
const TBODY: u16 = 11;
const TFOOT: u16 = 12;
const TABLE: u16 = 13;
const BUTTON: u16 = 17;
const HTML: u16 = 18;
const CAPTION: u16 = 19;
const MARQUEE: u16 = 20;
const OBJECT: u16 = 21;
const TEMPLATE: u16 = 22;
const APPLET: u16 = 23;
const SELECT: u16 = 24;
const H1: u16 = 25;
const H6: u16 = 30;

/// The stack id of an element without a fixed id that is in HTML's "special" category
/// (`article`, `section`, `blockquote`, ...): a list item or definition does not close items
/// beyond it.
pub(crate) const SPECIAL: u16 = KNOWN.len() as u16 + 1;
/// Slots in the per-id count of open elements (`closes`): no id, the known ids, `SPECIAL`.
pub(crate) const SLOTS: usize = KNOWN.len() + 2;

/// The id an element has on the stack of open elements: its fixed id, else [`SPECIAL`] or 0.
pub(crate) fn stack_id(known: u16, tag: &str) -> u16 {
    if known != 0 {
        return known;
    }
    let special = matches!(
        tag,
        "article"
            | "aside"
            | "blockquote"
            | "body"
            | "center"
            | "colgroup"
            | "details"
            | "dir"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "frameset"
            | "head"
            | "header"
            | "hgroup"
            | "iframe"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "noembed"
            | "noframes"
            | "noscript"
            | "pre"
            | "search"
            | "section"
            | "summary"
            | "textarea"
            | "xmp"
    );
    if special {
        SPECIAL
    } else {
        0
    }
}

/// Whether a list item or definition start tag stops looking for one to close at `id`: any
/// special element but `address`, `div` and `p` (which have no such id or are `P`).
fn stops_item_search(id: u16) -> bool {
    id != 0 && !matches!(id, P | OPTION | OPTGROUP)
}

/// How deep below the current element the search for an element to close goes.
pub(crate) const MAX_SCOPE_DEPTH: usize = 512;

/// The fixed id of a known tag (0 for any other). `select`, renamed before parsing
/// (`html/neutralize.rs`), keeps its id.
pub(crate) fn known_id(tag: &str) -> u16 {
    if tag == "unclutter-select" {
        return SELECT;
    }
    KNOWN
        .iter()
        .position(|k| *k == tag)
        .map_or(0, |i| i as u16 + 1)
}

/// Start tags that close an open `p` (HTML's "close a p element" list).
fn closes_p(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "li"
            | "dd"
            | "dt"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "listing"
            | "plaintext"
            | "search"
            | "section"
            | "summary"
            | "table"
            | "ul"
            | "xmp"
    )
}

fn is_scope_marker(id: u16) -> bool {
    matches!(
        id,
        APPLET | CAPTION | HTML | TABLE | TD | TH | MARQUEE | OBJECT | TEMPLATE
    )
}

/// Index (from the bottom of `open`) of the innermost element with an id in `targets`, searching
/// down from the top and giving up at an element for which `stop` holds.
fn find(open: &[u16], targets: &[u16], stop: impl Fn(u16) -> bool) -> Option<usize> {
    for (depth, (i, &id)) in open.iter().enumerate().rev().enumerate() {
        if depth >= MAX_SCOPE_DEPTH {
            return None;
        }
        if targets.contains(&id) {
            return Some(i);
        }
        if stop(id) {
            return None;
        }
    }
    None
}

/// How many of the open elements (tag ids, outermost first; 0 for tags without a fixed id) a
/// browser closes before the start tag `tag`. `counts[id]` is how many elements with each known
/// id are open, so the common case (none open) costs nothing.
pub(crate) fn closes(open: &[u16], counts: &[u32; SLOTS], tag: &str, foreign: bool) -> usize {
    if foreign || open.is_empty() {
        return 0;
    }
    let open_any = |ids: &[u16]| ids.iter().any(|&i| counts[i as usize] > 0);
    if open_any(&[SELECT]) && !matches!(tag, "option" | "optgroup") {
        // Inside a select a browser ignores other start tags: they close nothing.
        return 0;
    }
    let mut outermost: Option<usize> = None;
    let mut consider = |found: Option<usize>| {
        if let Some(i) = found {
            outermost = Some(outermost.map_or(i, |o| o.min(i)));
        }
    };
    match tag {
        "li" if open_any(&[LI]) => consider(find(open, &[LI], stops_item_search)),
        "dt" | "dd" if open_any(&[DT, DD]) => consider(find(open, &[DT, DD], stops_item_search)),
        "option" | "optgroup" => {
            if open.last() == Some(&OPTION) {
                consider(Some(open.len() - 1));
            }
            if tag == "optgroup" && open_any(&[OPTGROUP]) {
                consider(find(open, &[OPTGROUP], |id| {
                    id == SELECT || is_scope_marker(id)
                }));
            }
        }
        // Outside a table a browser ignores table parts (`<th><video><th>` opens only the
        // video), so a cell, row or section closes one only when a table is open: each search
        // stops at a table, so a part it finds is inside the innermost one.
        "td" | "th" if open_any(&[TD, TH]) && open_any(&[TABLE]) => {
            consider(find(open, &[TD, TH], |id| id == TR || id == TABLE))
        }
        "tr" if open_any(&[TR, TD, TH]) && open_any(&[TABLE]) => {
            consider(find(open, &[TR], |id| {
                matches!(id, TABLE | THEAD | TBODY | TFOOT)
            }))
        }
        "thead" | "tbody" | "tfoot" if open_any(&[THEAD, TBODY, TFOOT]) && open_any(&[TABLE]) => {
            consider(find(open, &[THEAD, TBODY, TFOOT], |id| id == TABLE))
        }
        _ => {}
    }
    let mut below_p = open.len();
    if closes_p(tag) && open_any(&[P]) {
        let p = find(open, &[P], |id| is_scope_marker(id) || id == BUTTON);
        below_p = p.unwrap_or(below_p);
        consider(p);
    }
    // A heading right inside a heading closes it (after any `p` is closed).
    if matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
        && below_p > 0
        && (H1..=H6).contains(&open[below_p - 1])
    {
        consider(Some(below_p - 1));
    }
    outermost.map_or(0, |i| open.len() - i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(tags: &[&str]) -> Vec<usize> {
        let mut open: Vec<u16> = Vec::new();
        let mut counts = [0u32; SLOTS];
        let mut out = Vec::new();
        for t in tags {
            if let Some(end) = t.strip_prefix('/') {
                let id = known_id(end);
                if let Some(pos) = open.iter().rposition(|&o| o == id) {
                    for o in open.drain(pos..) {
                        counts[o as usize] -= 1;
                    }
                }
                continue;
            }
            let n = closes(&open, &counts, t, false);
            out.push(n);
            for o in open.drain(open.len() - n..) {
                counts[o as usize] -= 1;
            }
            let id = stack_id(known_id(t), t);
            counts[id as usize] += 1;
            open.push(id);
        }
        out
    }

    #[test]
    fn paragraphs_close_at_blocks_not_at_inline_elements() {
        assert_eq!(run(&["body", "p", "b", "p"]), [0, 0, 0, 2]);
        assert_eq!(run(&["body", "p", "span", "a"]), [0, 0, 0, 0]);
        assert_eq!(run(&["body", "p", "div"]), [0, 0, 1]);
    }

    #[test]
    fn list_items_cells_and_options_close_their_kind() {
        assert_eq!(run(&["ul", "li", "li", "p", "li"]), [0, 0, 1, 0, 2]);
        assert_eq!(run(&["ul", "li", "ul", "li"]), [0, 0, 0, 0]);
        assert_eq!(run(&["table", "tr", "td", "td", "tr"]), [0, 0, 0, 1, 2]);
        assert_eq!(
            run(&["select", "option", "option", "optgroup"]),
            [0, 0, 1, 1]
        );
        assert_eq!(run(&["dl", "dt", "dd", "dt"]), [0, 0, 1, 1]);
    }

    #[test]
    fn table_parts_outside_a_table_close_nothing() {
        // A browser ignores these start tags outside a table: the video stays open (fuzzer find
        // tests/data/fuzz-finds/plaintext-cell-outside-table.bin).
        assert_eq!(run(&["body", "th", "video", "th"]), [0, 0, 0, 0]);
        assert_eq!(run(&["body", "tr", "b", "tr"]), [0, 0, 0, 0]);
        assert_eq!(run(&["body", "tbody", "i", "tfoot"]), [0, 0, 0, 0]);
        assert_eq!(run(&["table", "tr", "th", "video", "th"]), [0, 0, 0, 0, 2]);
    }

    #[test]
    fn an_item_does_not_close_an_item_beyond_a_special_element() {
        // `<li><article><li>`: the second item is inside the article, the first stays open.
        assert_eq!(run(&["ul", "li", "article", "li"]), [0, 0, 0, 0]);
        assert_eq!(run(&["ul", "li", "div", "li"]), [0, 0, 0, 2]);
        assert_eq!(run(&["dl", "dt", "section", "dd"]), [0, 0, 0, 0]);
    }

    #[test]
    fn scopes_stop_the_search() {
        // A table closes a paragraph (in standards mode); a p outside a cell or an object is
        // not closed by a div inside it.
        assert_eq!(run(&["p", "table", "tr", "td", "div"]), [0, 1, 0, 0, 0]);
        assert_eq!(run(&["p", "object", "div"]), [0, 0, 0]);
        assert_eq!(run(&["p", "button", "div"]), [0, 0, 0]);
    }

    #[test]
    fn a_heading_closes_the_heading_it_is_in() {
        assert_eq!(run(&["body", "h2", "h3"]), [0, 0, 1]);
        assert_eq!(run(&["body", "h2", "p", "h3"]), [0, 0, 0, 2]);
        assert_eq!(run(&["body", "h2", "span", "h3"]), [0, 0, 0, 0]);
    }

    #[test]
    fn nothing_closes_from_inside_a_select() {
        // `<p><select><div>`: the div is ignored by a browser, the p stays open.
        assert_eq!(run(&["p", "unclutter-select", "div", "form"]), [0, 0, 0, 0]);
        assert_eq!(run(&["unclutter-select", "option", "option"]), [0, 0, 1]);
    }

    #[test]
    fn deep_nesting_search_is_bounded() {
        let mut tags = vec!["p"];
        tags.extend(std::iter::repeat_n("span", MAX_SCOPE_DEPTH + 10));
        tags.push("div");
        assert_eq!(*run(&tags).last().unwrap(), 0);
    }
}
