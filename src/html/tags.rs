//! What the passes need to know about HTML element names.

/// HTML elements without content: they never end.
pub(crate) fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "img"
            | "image"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// The start tags that end SVG or MathML content in a browser: every open foreign element is
/// closed and the tag is an HTML element (the HTML standard's rules for foreign content; `font`
/// only with a `color`, `face` or `size` attribute, checked by the caller). lol_html's simulation
/// closes one level of foreign content only, so inside nested `svg` or `math` the two part ways.
pub(crate) fn ends_foreign_content(tag: &str) -> bool {
    matches!(
        tag,
        "b" | "big"
            | "blockquote"
            | "body"
            | "br"
            | "center"
            | "code"
            | "dd"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "embed"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "hr"
            | "i"
            | "img"
            | "li"
            | "listing"
            | "menu"
            | "meta"
            | "nobr"
            | "ol"
            | "p"
            | "pre"
            | "ruby"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "strike"
            | "sub"
            | "sup"
            | "table"
            | "tt"
            | "u"
            | "ul"
            | "var"
    )
}

/// Block-level elements: text inside them is a separate block (line) and they can be prose.
pub(crate) fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "unclutter-noscript"
            | "section"
            | "article"
            | "main"
            | "aside"
            | "header"
            | "footer"
            | "nav"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "td"
            | "th"
            | "tr"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "caption"
            | "blockquote"
            | "pre"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "figure"
            | "figcaption"
            | "form"
            | "fieldset"
            | "legend"
            | "address"
            | "details"
            | "summary"
            | "body"
            | "html"
            | "center"
            | "hr"
            | "dialog"
            | "hgroup"
            | "menu"
            | "noscript"
            | "option"
            | "listing"
            | "xmp"
            | "search"
            | "br"
    )
}

/// Headings never count as prose.
pub(crate) fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Elements whose text a reader never sees as page text.
pub(crate) fn hides_text(tag: &str) -> bool {
    matches!(
        tag,
        "head"
            | "title"
            | "script"
            | "style"
            | "template"
            | "noscript"
            | "iframe"
            | "noembed"
            | "noframes"
            | "textarea"
            | "select"
            | "option"
            | "datalist"
            | "object"
            | "svg"
            | "canvas"
            | "audio"
            | "video"
            | "xmp"
            | "plaintext"
            | "unclutter-select"
    )
}

/// HTML elements whose content a browser's tokenizer reads as text (RCDATA, RAWTEXT, script
/// data, PLAINTEXT; `noscript` as a browser running scripts reads it).
pub(crate) fn has_text_content(tag: &str) -> bool {
    matches!(
        tag,
        "title"
            | "textarea"
            | "style"
            | "script"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
            | "plaintext"
    )
}

/// Elements that start a semantic article region.
pub(crate) fn is_article_region(tag: &str) -> bool {
    matches!(tag, "article" | "main")
}
