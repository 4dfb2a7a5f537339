//! The validation issues of a 422 answer.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::text;

/// One entry of a 422 answer's `detail` list: where the problem is, and what it is.
///
/// ```
/// use polympics::{LocSegment, ValidationIssue};
///
/// let issue: ValidationIssue = serde_json::from_str(
///     r#"{"loc":["body","accounts",1],"msg":"Account not found.","type":"value_error"}"#,
/// ).unwrap();
/// assert_eq!(issue.loc[2], LocSegment::Index(1));
/// assert_eq!(issue.to_string(), "body.accounts[1]: Account not found.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ValidationIssue {
    /// Where: `["path", "account"]`, `["body", "accounts", 1]`, `["query", "per_page"]`.
    #[serde(default)]
    pub loc: Vec<LocSegment>,
    /// The message, such as `Account not found.` or `field required`.
    #[serde(default)]
    pub msg: String,
    /// The machine-readable kind, such as `value_error` or `type_error.integer`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// Extra context some issues carry, such as the allowed values of an enumeration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ctx: Option<serde_json::Value>,
}

impl ValidationIssue {
    /// An issue at `loc` with a message and a kind, as a server reports it.
    pub fn new(loc: Vec<LocSegment>, msg: impl Into<String>, kind: impl Into<String>) -> Self {
        ValidationIssue {
            loc,
            msg: msg.into(),
            kind: kind.into(),
            ctx: None,
        }
    }

    /// The same issue with extra context.
    pub fn with_ctx(mut self, ctx: serde_json::Value) -> Self {
        self.ctx = Some(ctx);
        self
    }
}

impl fmt::Display for ValidationIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.loc.iter().enumerate() {
            match segment {
                LocSegment::Index(index) => write!(f, "[{index}]")?,
                LocSegment::Name(name) if i == 0 => write!(f, "{}", text::Escaped(name))?,
                LocSegment::Name(name) => write!(f, ".{}", text::Escaped(name))?,
            }
        }
        if !self.loc.is_empty() {
            f.write_str(": ")?;
        }
        write!(f, "{}", text::Escaped(&self.msg))
    }
}

/// One step of a [`ValidationIssue::loc`]: a field name or a list index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LocSegment {
    /// A position in a list, or in the raw body for a JSON decode error.
    Index(u64),
    /// A field name, or where the field was (`path`, `query`, `body`).
    Name(String),
}
