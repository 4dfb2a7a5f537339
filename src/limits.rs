//! The real server's limits: what it can store, and what it fails on (with a 500) or
//! silently ignores.
//!
//! The client checks its input against these before sending anything, in one place: every
//! request body is checked by the transport before it is sent, and every listing query
//! before its first page is fetched. A value over a limit is
//! [`Error::InvalidInput`], with nothing sent.
//!
//! ```
//! use polympics::limits;
//!
//! assert!(limits::fits("Gods of Olympus", limits::MAX_NAME_CHARS));
//! assert!(!limits::fits("nul\0", limits::MAX_NAME_CHARS));
//! assert!(!limits::fits(&"t".repeat(33), limits::MAX_TITLE_CHARS));
//! ```

use crate::error::{Error, Result};

/// Account names and discriminators, and team names: `varchar(255)`.
pub const MAX_NAME_CHARS: usize = 255;
/// Award titles: `varchar(32)`.
pub const MAX_TITLE_CHARS: usize = 32;
/// Avatar and award image URLs: `varchar(512)`.
pub const MAX_URL_CHARS: usize = 512;
/// Callback URLs and secrets: `varchar(2047)`.
pub const MAX_CALLBACK_CHARS: usize = 2047;
/// IDs in bodies, page numbers and page sizes are PostgreSQL `bigint`s: at most 2^63 - 1.
pub const MAX_BIGINT: u64 = i64::MAX as u64;

/// Whether the server can store `text` in a column of `max` characters: no NUL (PostgreSQL
/// text cannot hold one) and at most `max` characters (it counts characters, not bytes).
pub fn fits(text: &str, max: usize) -> bool {
    !text.contains('\0') && (text.len() <= max || text.chars().count() <= max)
}

/// A request body, checked against the limits before it is sent.
pub(crate) trait Checked {
    /// `Err(InvalidInput)` for the first field the server would fail on or ignore.
    fn check(&self) -> Result<()>;
}

/// [`fits`] as the crate checks each request body: `Ok` when the server can store `value`
/// in a column of `max` characters, else [`Error::InvalidInput`] naming `field` and saying
/// why (for forms and files checked in the same words before anything is sent).
///
/// ```
/// use polympics::limits;
///
/// assert!(limits::check_text("name", "Gods of Olympus", limits::MAX_NAME_CHARS).is_ok());
/// let err = limits::check_text("title", &"t".repeat(33), limits::MAX_TITLE_CHARS).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid title: it has 33 characters; the server accepts at most 32 (not sent)"
/// );
/// ```
///
/// # Errors
///
/// [`Error::InvalidInput`] when `value` holds a NUL or more than `max` characters.
pub fn check_text(field: &'static str, value: &str, max: usize) -> Result<()> {
    if value.contains('\0') {
        return Err(Error::invalid_input(
            field,
            "it contains a NUL character, which the server cannot store",
        ));
    }
    if fits(value, max) {
        return Ok(());
    }
    Err(Error::invalid_input(
        field,
        format!(
            "it has {} characters; the server accepts at most {max}",
            value.chars().count()
        ),
    ))
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
            check_text(field, value, max)
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
        assert!(check_text("name", &"x".repeat(255), MAX_NAME_CHARS).is_ok());
        assert!(check_text("name", &"é".repeat(255), MAX_NAME_CHARS).is_ok());
        let err = check_text("name", &"x".repeat(256), MAX_NAME_CHARS).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid name: it has 256 characters; the server accepts at most 255 (not sent)"
        );
        assert!(check_text("title", &"t".repeat(33), MAX_TITLE_CHARS).is_err());
        assert!(bigint("id", MAX_BIGINT).is_ok());
        assert!(bigint("id", MAX_BIGINT + 1).is_err());
        assert!(per_page(0).is_err());
        assert!(per_page(1).is_ok());
        assert!(per_page(1 << 63).is_err());
        assert!(not_empty("name", "").is_err());
        assert!(check_text("name", "a\0b", MAX_NAME_CHARS).is_err());
        assert!(fits("", 0));
        assert!(!fits("é", 0));
    }
}
