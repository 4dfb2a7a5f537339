//! [`Span`]: where a piece of a roster's text, or of its award lists, is.

/// A piece of the roster's text, or of its award lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub(super) start: u32,
    pub(super) len: u32,
}

/// A span, saturating at what a `u32` holds: a league with 4 GiB of names is out of reach.
pub(super) fn span(start: usize, len: usize) -> Span {
    Span {
        start: u32::try_from(start).unwrap_or(u32::MAX),
        len: u32::try_from(len).unwrap_or(0),
    }
}
