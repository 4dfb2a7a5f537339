//! Text that came from a server, made safe to keep and to show: credentials masked (see
//! `mask`), then cut short, and with control characters escaped when displayed.

use std::fmt;

use super::mask::Mask;

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

/// Shows text with control characters escaped (`\n`, `\u{1b}`), so that a server cannot
/// break a log line or drive a terminal through an error message.
pub(crate) struct Escaped<'a>(pub(crate) &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(char::is_control) {
            f.write_str(&rest[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write!(f, "{}", c.escape_default())?;
            rest = &rest[at + c.len_utf8()..];
        }
        f.write_str(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            Escaped("a\nb\u{1b}[31mc\td\u{7f}é").to_string(),
            "a\\nb\\u{1b}[31mc\\td\\u{7f}é"
        );
        assert_eq!(Escaped("plain").to_string(), "plain");
    }

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
