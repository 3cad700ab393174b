//! Pass 1's lol_html wiring: every element, end tag, text chunk, comment and doctype goes to the
//! [`Analyzer`] as the stream passes; nothing is written.

use super::Analyzer;
use crate::html::every_element;
use crate::html::sink::Sink;
use lol_html::html_content::{Comment, EndTag, TextChunk};
use lol_html::{ElementContentHandlers, HtmlRewriter, Settings};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Pass 1's rewriter, which also notes in `token_end` where the last token it saw (start tag, end tag of an
/// element, text, comment, doctype) ends: whatever follows is end tags that close nothing, then
/// possibly a tag the input's end left unfinished.
pub(crate) fn rewriter<'c>(
    state: &Rc<RefCell<Analyzer>>,
    token_end: &Rc<Cell<usize>>,
    doctype: &Rc<Cell<std::ops::Range<usize>>>,
) -> HtmlRewriter<'c, Sink<'static>> {
    let all = every_element();
    let st = state.clone();
    let (te_el, te_text) = (token_end.clone(), token_end.clone());
    let mut settings = Settings::new()
        .with_strict(true)
        .append_element_content_handler((
            Cow::Owned(all),
            ElementContentHandlers::default().element(
                move |el: &mut lol_html::html_content::Element<'_, '_>| {
                    te_el.set(te_el.get().max(el.source_location().bytes().end));
                    let tag_name_end = {
                        let mut a = st.borrow_mut();
                        a.on_element(el)
                    };
                    if let Some((ord, tag)) = tag_name_end {
                        if let Some(handlers) = el.end_tag_handlers() {
                            let st2 = st.clone();
                            let te_end = te_el.clone();
                            handlers.push(Box::new(move |end: &mut EndTag<'_>| {
                                te_end.set(te_end.get().max(end.source_location().bytes().end));
                                st2.borrow_mut().on_end_tag(ord, tag, end);
                                Ok(())
                            }));
                        }
                    }
                    Ok(())
                },
            ),
        ));
    let st = state.clone();
    let te_comment = token_end.clone();
    let te_doctype = doctype.clone();
    settings = settings.append_document_content_handler(
        lol_html::DocumentContentHandlers::default()
            .text(move |t: &mut TextChunk<'_>| {
                te_text.set(te_text.get().max(t.source_location().bytes().end));
                st.borrow_mut()
                    .on_text(t.as_str(), t.text_type(), t.last_in_text_node());
                Ok(())
            })
            .comments(move |c: &mut Comment<'_>| {
                te_comment.set(te_comment.get().max(c.source_location().bytes().end));
                Ok(())
            })
            .doctype(move |d: &mut lol_html::html_content::Doctype<'_>| {
                // Noted apart: one the input's end left unfinished (`<!doctype html`) is cut.
                te_doctype.set(d.source_location().bytes());
                Ok(())
            }),
    );
    HtmlRewriter::new(settings, Sink(None))
}
