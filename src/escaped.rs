//! Showing text that came from a server.

use std::fmt;

/// Shows text with its control characters escaped (`\n`, `\u{1b}`), so that a name or a
/// message from a server cannot break a log line or a table, or drive a terminal. Errors
/// show the server's text this way; use it wherever you print what the server holds.
///
/// ```
/// use polympics::Escaped;
///
/// let name = "Red\u{1b}[2J Team\n";
/// assert_eq!(Escaped(name).to_string(), "Red\\u{1b}[2J Team\\n");
/// assert_eq!(Escaped("Zoë 🦉").to_string(), "Zoë 🦉");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Escaped<'a>(pub &'a str);

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
}
