//! Text from the server made safe for a terminal.

use std::borrow::Cow;
use std::fmt::Write;

/// `text` with control characters (line breaks, escape sequences) shown escaped, so that a
/// name on the server cannot break a table or send commands to the terminal.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut cleaned = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            let _ = write!(cleaned, "{}", c.escape_default());
        } else {
            cleaned.push(c);
        }
    }
    Cow::Owned(cleaned)
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn escapes_control_characters_only() {
        assert_eq!(clean("Athens Owls"), "Athens Owls");
        assert_eq!(clean("Zoë 🦉"), "Zoë 🦉");
        assert_eq!(clean("a\nb\u{1b}[31m"), "a\\nb\\u{1b}[31m");
    }
}
