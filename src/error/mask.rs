//! Credentials masked in text from a server or a proxy, before the text is kept: every form
//! the client's own credentials can take (the token, `user:token`, its base64 and its
//! percent-encoding), and any `Basic` or `Bearer` value. Masking comes before any cut, so
//! that no piece of a credential survives wherever an excerpt ends.

use base64::Engine as _;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

use crate::secret::Credentials;

/// What replaces a credential.
pub(crate) const REDACTED: &str = "[REDACTED]";

/// The shortest piece of a credential that masking guarantees never survives: shorter
/// pieces are too common in ordinary text to be told apart from it.
const MIN_PIECE: usize = 4;

/// The forms of a client's credentials to find in text, longest first.
#[derive(Clone, Default)]
pub(crate) struct Mask {
    forms: Vec<String>,
}

impl Mask {
    /// The forms of `credentials`: the token; `user:token`; the base64 of `user:token`
    /// (standard and URL-safe, with or without padding); the token percent-encoded (upper
    /// and lower case hex).
    pub(crate) fn of(credentials: &Credentials) -> Mask {
        let token = credentials.password();
        let pair = format!("{}:{token}", credentials.username());
        let engines = [
            base64::engine::general_purpose::STANDARD_NO_PAD,
            base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ];
        let encoded = utf8_percent_encode(token, NON_ALPHANUMERIC).to_string();
        let base64: Vec<String> = engines.iter().map(|engine| engine.encode(&pair)).collect();
        let mut forms: Vec<String> = base64
            .into_iter()
            .chain([lower_hex(&encoded), encoded, pair, token.to_owned()])
            .filter(|form| form.chars().count() >= MIN_PIECE)
            .collect();
        forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
        forms.dedup();
        Mask { forms }
    }

    /// `text` with every form of the credentials, every `Basic`/`Bearer` value, and a piece
    /// of a credential that ends the text (cut short by a read limit) replaced by
    /// `[REDACTED]`.
    pub(crate) fn apply(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for form in &self.forms {
            if text.contains(form.as_str()) {
                text = text.replace(form.as_str(), REDACTED);
            }
        }
        let mut text = mask_schemes(&text);
        if let Some(cut) = self.trailing_piece(&text) {
            text.truncate(cut);
            text.push_str(REDACTED);
        }
        text
    }

    /// Where a piece of a credential (at least [`MIN_PIECE`] characters, its start) that
    /// ends `text` begins.
    fn trailing_piece(&self, text: &str) -> Option<usize> {
        self.forms
            .iter()
            .filter_map(|form| {
                (MIN_PIECE..form.len())
                    .rev()
                    .filter(|&n| form.is_char_boundary(n))
                    .find(|&n| text.ends_with(&form[..n]))
                    .map(|n| text.len() - n)
            })
            .min()
    }
}

/// Percent-encoding with lower-case hex digits.
fn lower_hex(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut hex_left = 0;
    for c in encoded.chars() {
        if c == '%' {
            hex_left = 2;
            out.push(c);
        } else if hex_left > 0 {
            hex_left -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Replaces the values of `Basic <base64 of user:password>` and `Bearer <token>` (an
/// `Authorization` header a server echoes back), whoever's they are.
fn mask_schemes(text: &str) -> String {
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

/// Whether `token` is (the start of) base64 of `user:password`, as in a Basic
/// `Authorization` header: a cut token is masked too.
fn is_basic_credential(token: &str) -> bool {
    let whole = token.len() - token.len() % 4;
    token.len() >= MIN_PIECE
        && base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(token[..whole].trim_end_matches('='))
            .is_ok_and(|raw| raw.contains(&b':') || whole < token.len() || raw.len() < 3)
}

/// Characters of a base64 or bearer token (RFC 6750's b64token).
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '.' | '_' | '~')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask() -> Mask {
        Mask::of(&Credentials::new("A1", "S3cr3t/T0ken+x="))
    }

    #[test]
    fn every_form_of_the_credentials_is_masked() {
        let m = mask();
        for text in [
            "token S3cr3t/T0ken+x= echoed",
            "pair A1:S3cr3t/T0ken+x=",
            "url http://A1:S3cr3t%2FT0ken%2Bx%3D@proxy",
            "lower S3cr3t%2fT0ken%2bx%3d here",
            "authorization: Basic QTE6UzNjcjN0L1QwaGVuK3g9",
        ] {
            let masked = m.apply(text);
            assert!(masked.contains(REDACTED), "{text}: {masked}");
            assert!(!masked.contains("S3cr"), "{masked}");
            assert!(!masked.contains("QTE6UzNj"), "{masked}");
        }
        assert_eq!(m.apply("nothing here"), "nothing here");
    }

    #[test]
    fn a_credential_cut_at_the_end_is_masked() {
        let m = mask();
        assert_eq!(m.apply("ends with S3cr3t/T0"), "ends with [REDACTED]");
        assert_eq!(m.apply("ends with S3c"), "ends with S3c");
    }

    #[test]
    fn basic_and_bearer_values_of_anyone_are_masked() {
        let m = Mask::default();
        assert_eq!(
            m.apply("echo: Authorization: Basic QTE6c2VrcmV0 and more"),
            "echo: Authorization: Basic [REDACTED] and more"
        );
        assert_eq!(
            m.apply("authorization: basic QTE6cHc="),
            "authorization: basic [REDACTED]"
        );
        assert_eq!(m.apply("Bearer abc.def"), "Bearer [REDACTED]");
        assert_eq!(m.apply("a basic question"), "a basic question");
        assert_eq!(m.apply("Basic "), "Basic ");
        assert_eq!(
            m.apply("ünïcode Basic QTE6cHc="),
            "ünïcode Basic [REDACTED]"
        );
        // Cut short: the start of someone's credentials.
        assert_eq!(m.apply("Basic QTE6c2Vr"), "Basic [REDACTED]");
    }

    #[test]
    fn lower_hex_only_lowers_the_escapes() {
        assert_eq!(lower_hex("AB%2FCD%3D"), "AB%2fCD%3d");
    }
}
