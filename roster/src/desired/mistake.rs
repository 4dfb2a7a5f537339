//! [`ReadError`]: a desired roster that could not be read, every mistake with its line.

use std::fmt;

/// How many mistakes of a file are kept before the rest are only counted.
pub(super) const MAX_LISTED_MISTAKES: usize = 20;

/// One mistake of a desired roster: what is wrong, and on which line of the file (when it
/// is about one line).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Mistake {
    /// The line of the file, counting from 1 (the header is line 1 of a CSV file, row 1 of
    /// a sheet).
    pub line: Option<u64>,
    /// What is wrong, and what to do about it.
    pub message: String,
}

impl Mistake {
    pub(super) fn at(line: u64, message: impl Into<String>) -> Self {
        Mistake {
            line: Some(line),
            message: message.into(),
        }
    }

    pub(super) fn whole(message: impl Into<String>) -> Self {
        Mistake {
            line: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Mistake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// A desired roster that could not be read: its mistakes, each with its line (the first
/// 20; [`unlisted`](Self::unlisted) counts the others). Nothing of a file with a mistake is
/// used: a plan is made from a whole file or not at all.
///
/// `Display` writes one mistake on one line, several one a line after a count.
///
/// ```
/// use polympics_roster::{DesiredRoster, ReadOptions};
///
/// let err = DesiredRoster::from_csv(b"account_id,team\nabc,Owls\n1,Owls\n", &ReadOptions::new())
///     .unwrap_err();
/// assert_eq!(err.mistakes()[0].line, Some(2));
/// assert_eq!(
///     err.to_string(),
///     "line 2: the account_id \"abc\" is not a Discord ID (a whole number)"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ReadError {
    mistakes: Vec<Mistake>,
    unlisted: usize,
}

impl ReadError {
    pub(super) fn new(mut mistakes: Vec<Mistake>) -> Self {
        let unlisted = mistakes.len().saturating_sub(MAX_LISTED_MISTAKES);
        mistakes.truncate(MAX_LISTED_MISTAKES);
        ReadError { mistakes, unlisted }
    }

    pub(super) fn one(mistake: Mistake) -> Self {
        ReadError::new(vec![mistake])
    }

    /// The mistakes, in the order of the file (at most 20).
    pub fn mistakes(&self) -> &[Mistake] {
        &self.mistakes
    }

    /// How many more mistakes there are than [`mistakes`](Self::mistakes) lists.
    pub fn unlisted(&self) -> usize {
        self.unlisted
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.mistakes.as_slice(), self.unlisted) {
            ([one], 0) => write!(f, "{one}"),
            (many, unlisted) => {
                write!(f, "{} mistakes:", many.len() + unlisted)?;
                for mistake in many {
                    write!(f, "\n  {mistake}")?;
                }
                if unlisted > 0 {
                    write!(f, "\n  and {unlisted} more")?;
                }
                Ok(())
            }
        }
    }
}
