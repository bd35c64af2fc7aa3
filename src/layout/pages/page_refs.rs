//! What a chapter's internal references look up in the print profile: the folios known from
//! the previous pass of [`super::fixpoint::converge`], each lookup recorded, so that a chapter
//! is set again only when a folio it printed has moved.

use std::cell::RefCell;
use std::collections::BTreeMap;

/// The folios a chapter's references can print, recording which ones it looked up.
pub struct PageRefs<'a> {
    pub(super) folios: &'a BTreeMap<String, String>,
    pub(super) used: RefCell<BTreeMap<String, Option<String>>>,
}

impl PageRefs<'_> {
    /// The folio of `anchor`, if known.
    pub fn folio(&self, anchor: &str) -> Option<String> {
        let folio = self.folios.get(anchor).cloned();
        self.used
            .borrow_mut()
            .insert(anchor.to_string(), folio.clone());
        folio
    }
}
