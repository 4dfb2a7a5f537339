//! Text that came from a server, made safe to keep and to show: cut short, with echoed
//! credentials masked, and with control characters escaped when displayed.

use std::fmt;

/// How much of a body an error keeps.
const EXCERPT_CHARS: usize = 200;

/// What replaces a credential.
pub(crate) const REDACTED: &str = "[REDACTED]";

/// The start of a body as trimmed, lossy UTF-8, at most 200 characters, with credentials
/// masked.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let head = &body[..body.len().min(EXCERPT_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim();
    let text = match text.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    };
    mask_credentials(&text)
}

/// Replaces the credentials of `Basic <base64 of user:password>` and `Bearer <token>`
/// values (an `Authorization` header a server echoes back) with `[REDACTED]`.
pub(crate) fn mask_credentials(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut from = 0;
    while let Some((start, scheme)) = find_scheme(&lower[from..]) {
        let after = from + start + scheme.len();
        let token_len = text[after..]
            .find(|c: char| !is_token_char(c))
            .unwrap_or(text.len() - after);
        let token = &text[after..after + token_len];
        if token_len > 0 && (scheme == "bearer " || is_basic_credential(token)) {
            out.push_str(&text[copied..after]);
            out.push_str(REDACTED);
            copied = after + token_len;
        }
        from = after + token_len;
    }
    out.push_str(&text[copied..]);
    out
}

/// The next `basic ` or `bearer ` in lower-cased text, as its offset and the scheme.
fn find_scheme(lower: &str) -> Option<(usize, &'static str)> {
    ["basic ", "bearer "]
        .into_iter()
        .filter_map(|scheme| lower.find(scheme).map(|at| (at, scheme)))
        .min()
}

/// Whether `token` is base64 of `user:password`, as in a Basic `Authorization` header.
fn is_basic_credential(token: &str) -> bool {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(token)
        .is_ok_and(|raw| raw.contains(&b':'))
}

/// Characters of a base64 or bearer token (RFC 6750's b64token).
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '.' | '_' | '~')
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
    fn credentials_are_masked() {
        assert_eq!(
            mask_credentials("echo: Authorization: Basic QTE6c2VrcmV0 and more"),
            "echo: Authorization: Basic [REDACTED] and more"
        );
        assert_eq!(
            mask_credentials("authorization: basic QTE6cHc="),
            "authorization: basic [REDACTED]"
        );
        assert_eq!(mask_credentials("Bearer abc.def"), "Bearer [REDACTED]");
        assert_eq!(mask_credentials("a basic question"), "a basic question");
        assert_eq!(mask_credentials("nothing here"), "nothing here");
        assert_eq!(mask_credentials("Basic "), "Basic ");
        assert_eq!(
            mask_credentials("ünïcode Basic QTE6cHc="),
            "ünïcode Basic [REDACTED]"
        );
    }

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
        let cut = excerpt(long.as_bytes());
        assert_eq!(cut.chars().count(), 201);
        assert!(cut.ends_with('…'));
        assert_eq!(excerpt(b"  Basic QTE6cHc=  "), "Basic [REDACTED]");
        assert_eq!(excerpt(b"\xff\xfe ok"), "\u{fffd}\u{fffd} ok");
    }
}
