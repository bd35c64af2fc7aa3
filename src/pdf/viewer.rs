//! How the file opens: bookmarks panel shown (`/PageMode /UseOutlines`).
//!
//! krilla 0.8 writes `/ViewerPreferences << /DisplayDocTitle true >>` itself whenever the
//! PDF/UA-1 validator is on (so the window shows the guide's title, not its file name) but has
//! no setting for the page mode. krilla writes the catalog as the last object, uncompressed,
//! right before the cross-reference table; so the entry is inserted into the catalog's
//! dictionary and the `startxref` offset moved by its length: the only offset that follows
//! the catalog. Any other shape of file is left as it is (the tests would see the missing
//! entry).

/// The entry inserted into the catalog.
const PAGE_MODE: &[u8] = b"/PageMode/UseOutlines";

/// The PDF with its catalog asking viewers to open the bookmarks panel; unchanged when the
/// file is not laid out as krilla writes it.
pub(crate) fn open_with_bookmarks(pdf: Vec<u8>) -> Vec<u8> {
    insert_page_mode(&pdf).unwrap_or(pdf)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn insert_page_mode(pdf: &[u8]) -> Option<Vec<u8>> {
    const STARTXREF: &[u8] = b"startxref\n";
    let sx = rfind(pdf, STARTXREF)?;
    let digits_at = sx + STARTXREF.len();
    let digits_len = pdf[digits_at..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let xref: usize = std::str::from_utf8(&pdf[digits_at..digits_at + digits_len])
        .ok()?
        .parse()
        .ok()?;
    if !pdf.get(xref..)?.starts_with(b"xref") {
        return None;
    }
    // The catalog: the last object before the cross-reference table.
    let catalog = rfind(&pdf[..xref], b"/Type/Catalog")?;
    let end = catalog + find(&pdf[catalog..xref], b"endobj")? + b"endobj".len();
    let between_ok = pdf[end..xref].iter().all(u8::is_ascii_whitespace);
    if !between_ok || find(&pdf[catalog..end], b"/PageMode").is_some() {
        return None;
    }
    let at = catalog + b"/Type/Catalog".len();
    let mut out = Vec::with_capacity(pdf.len() + PAGE_MODE.len() + 2);
    out.extend_from_slice(&pdf[..at]);
    out.extend_from_slice(PAGE_MODE);
    out.extend_from_slice(&pdf[at..digits_at]);
    out.extend_from_slice((xref + PAGE_MODE.len()).to_string().as_bytes());
    out.extend_from_slice(&pdf[digits_at + digits_len..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_mode_goes_into_the_catalog_and_startxref_follows() {
        let head = b"%PDF-1.7\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n".to_vec();
        let xref = head.len();
        let mut pdf = head;
        pdf.extend_from_slice(
            format!("xref\n0 1\ntrailer\n<<>>\nstartxref\n{xref}\n%%EOF").as_bytes(),
        );
        let out = open_with_bookmarks(pdf);
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(text.contains("<</Type/Catalog/PageMode/UseOutlines/Pages 2 0 R>>"));
        let new_xref = xref + PAGE_MODE.len();
        assert!(text.ends_with(&format!("startxref\n{new_xref}\n%%EOF")));
        assert!(out[new_xref..].starts_with(b"xref"));
        // Twice is once.
        assert_eq!(open_with_bookmarks(out.clone()), out);
    }
}
