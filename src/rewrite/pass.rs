//! Pass 2's lol_html wiring, writing into the crate's one sink type.

use super::Rewrite;
use crate::html::every_element;
use crate::html::sink::Sink;
use lol_html::html_content::{Comment, ContentType, DocumentEnd, EndTag, TextChunk};
use lol_html::{ElementContentHandlers, HtmlRewriter, Settings};
use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

/// Pass 2's rewriter: elements, end tags and text go to the [`Rewrite`], which says what to
/// drop and what to write before an end tag; comments go; the document's end closes what the
/// output opened.
pub(crate) fn rewriter<'h, 'o>(
    state: &Rc<RefCell<Rewrite>>,
    sink: Sink<'o>,
) -> HtmlRewriter<'h, Sink<'o>> {
    let all = every_element();
    let st = state.clone();
    let st_text = state.clone();
    let st_end = state.clone();
    let settings = Settings::new()
        .with_strict(true)
        .append_element_content_handler((
            Cow::Owned(all),
            ElementContentHandlers::default().element(
                move |el: &mut lol_html::html_content::Element<'_, '_>| {
                    let ord = st.borrow_mut().on_element(el);
                    if let Some(ord) = ord {
                        if let Some(handlers) = el.end_tag_handlers() {
                            let st2 = st.clone();
                            handlers.push(Box::new(move |end: &mut EndTag<'_>| {
                                let at = end.source_location().bytes().start;
                                let before = st2.borrow_mut().on_end_tag(ord, &end.name(), at);
                                if !before.is_empty() {
                                    end.before(&before, ContentType::Html);
                                }
                                Ok(())
                            }));
                        }
                    }
                    Ok(())
                },
            ),
        ))
        .append_document_content_handler(
            lol_html::DocumentContentHandlers::default()
                .text(move |t: &mut TextChunk<'_>| {
                    st_text.borrow_mut().on_text(t);
                    Ok(())
                })
                .comments(|c: &mut Comment<'_>| {
                    c.remove();
                    Ok(())
                })
                .end(move |end: &mut DocumentEnd<'_>| {
                    // Every element the output opened is closed: text placed after the output
                    // cannot land inside one of them.
                    end.append(&st_end.borrow().closing_tags(), ContentType::Html);
                    Ok(())
                }),
        );
    HtmlRewriter::new(settings, sink)
}
