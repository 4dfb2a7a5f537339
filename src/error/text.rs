//! Text that came from a server, made safe to keep and to show: credentials masked (see
//! `mask`), then cut short; shown with control characters escaped by [`Escaped`].

use super::mask::Mask;
pub(crate) use crate::escaped::Escaped;

/// How much of a body an error keeps.
const EXCERPT_CHARS: usize = 200;

/// How much of a body is masked before the excerpt is cut from it: the excerpt's bytes and
/// room for a credential that starts within it.
const MASKED_BYTES: usize = EXCERPT_CHARS * 4 + 4096;

/// The start of a body as trimmed, lossy UTF-8, at most 200 characters, with credentials
/// masked by `mask` before it is cut.
pub(crate) fn excerpt(body: &[u8], mask: &Mask) -> String {
    let head = &body[..body.len().min(MASKED_BYTES)];
    let text = mask.apply(&String::from_utf8_lossy(head));
    let text = text.trim();
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_cut_and_masked() {
        let long = "x".repeat(500);
        let none = Mask::default();
        let cut = excerpt(long.as_bytes(), &none);
        assert_eq!(cut.chars().count(), 201);
        assert!(cut.ends_with('…'));
        assert_eq!(excerpt(b"  Basic QTE6cHc=  ", &none), "Basic [REDACTED]");
        assert_eq!(excerpt(b"\xff\xfe ok", &none), "\u{fffd}\u{fffd} ok");
    }
}
