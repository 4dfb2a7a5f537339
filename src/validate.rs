//! Local checks for input the server cannot handle: it answers these with a 500 (or
//! silently ignores them), so they are refused before anything is sent.

use crate::error::{Error, Result};

/// Names of accounts and teams: `varchar(255)`.
pub(crate) const MAX_NAME: usize = 255;
/// Award titles: `varchar(32)`.
pub(crate) const MAX_TITLE: usize = 32;
/// Avatar and image URLs: `varchar(512)`.
pub(crate) const MAX_URL: usize = 512;
/// Callback URLs and secrets: `varchar(2047)`.
pub(crate) const MAX_CALLBACK_TEXT: usize = 2047;
/// IDs, pages and page sizes are PostgreSQL `bigint`s.
pub(crate) const MAX_BIGINT: u64 = i64::MAX as u64;

/// No NUL character: PostgreSQL cannot store one in text, and the server answers 500.
pub(crate) fn no_nul(field: &'static str, value: &str) -> Result<()> {
    if value.contains('\0') {
        Err(Error::invalid_input(
            field,
            "it contains a NUL character, which the server cannot store",
        ))
    } else {
        Ok(())
    }
}

/// Text the server stores: no NUL, at most `max` characters.
pub(crate) fn text(field: &'static str, value: &str, max: usize) -> Result<()> {
    no_nul(field, value)?;
    max_chars(field, value, max)
}

/// At most `max` characters (PostgreSQL counts characters, not bytes).
fn max_chars(field: &'static str, value: &str, max: usize) -> Result<()> {
    // Cheap exit: a string of at most `max` bytes has at most `max` characters.
    if value.len() <= max || value.chars().count() <= max {
        Ok(())
    } else {
        Err(Error::invalid_input(
            field,
            format!(
                "it has {} characters; the server accepts at most {max}",
                value.chars().count()
            ),
        ))
    }
}

/// The server treats an empty optional field as "not given", so an empty value would be
/// silently ignored.
pub(crate) fn not_empty(field: &'static str, value: &str) -> Result<()> {
    if value.is_empty() {
        Err(Error::invalid_input(
            field,
            "it is empty; the server ignores empty values instead of storing them",
        ))
    } else {
        Ok(())
    }
}

/// An optional field of an update: when given, not empty, no NUL and at most `max`
/// characters.
pub(crate) fn update_field(field: &'static str, value: Option<&str>, max: usize) -> Result<()> {
    match value {
        Some(value) => {
            not_empty(field, value)?;
            text(field, value, max)
        }
        None => Ok(()),
    }
}

/// At most 2^63 - 1, the largest PostgreSQL `bigint`.
pub(crate) fn bigint(field: &'static str, value: u64) -> Result<()> {
    if value > MAX_BIGINT {
        Err(Error::invalid_input(
            field,
            format!("{value} is above {MAX_BIGINT}, the largest value the server can store"),
        ))
    } else {
        Ok(())
    }
}

/// A page size: from 1 to 2^63 - 1.
pub(crate) fn per_page(value: u64) -> Result<()> {
    if value == 0 {
        return Err(Error::invalid_input("per_page", "it must be at least 1"));
    }
    bigint("per_page", value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits() {
        assert!(max_chars("name", &"x".repeat(255), MAX_NAME).is_ok());
        assert!(max_chars("name", &"é".repeat(255), MAX_NAME).is_ok());
        let err = max_chars("name", &"x".repeat(256), MAX_NAME).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid name: it has 256 characters; the server accepts at most 255 (not sent)"
        );
        assert!(max_chars("title", &"t".repeat(33), MAX_TITLE).is_err());
        assert!(bigint("id", MAX_BIGINT).is_ok());
        assert!(bigint("id", MAX_BIGINT + 1).is_err());
        assert!(per_page(0).is_err());
        assert!(per_page(1).is_ok());
        assert!(per_page(1 << 63).is_err());
        assert!(not_empty("name", "").is_err());
        assert!(text("name", "a\0b", MAX_NAME).is_err());
        assert!(text("name", "ab", MAX_NAME).is_ok());
    }
}
