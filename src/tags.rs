//! What the passes need to know about HTML element names.

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

/// Elements that start a semantic article region.
pub(crate) fn is_article_region(tag: &str) -> bool {
    matches!(tag, "article" | "main")
}
