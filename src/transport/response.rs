//! A successful answer, and the checks that it is the one the API sends for the operation:
//! its exact status, and JSON or no body at all. Anything else is
//! [`Error::InvalidResponse`]: never reported as done.

use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::state::{mask_of, Auth};
use crate::error::text::excerpt;
use crate::error::{Error, RequestInfo, Result};

/// What an attempt read of a success: the status, the `Content-Type` and the whole body.
pub(super) struct Answer {
    pub(super) status: u16,
    /// Kept as the header's value (a reference count): text only for an error.
    pub(super) content_type: Option<ureq::http::HeaderValue>,
    pub(super) body: Vec<u8>,
}

/// A successful response: its status and whole body, the request it answers, and the
/// credentials that request carried (to keep them out of an error's excerpt).
pub(crate) struct Response {
    request: Box<RequestInfo>,
    auth: Option<Arc<Auth>>,
    answer: Answer,
}

impl Response {
    pub(super) fn new(request: Box<RequestInfo>, auth: Option<Arc<Auth>>, answer: Answer) -> Self {
        Response {
            request,
            auth,
            answer,
        }
    }

    /// The body decoded straight into the typed model, when the status is `status`, the one
    /// the server answers the operation with.
    pub(crate) fn json<T: DeserializeOwned>(&self, status: u16) -> Result<T> {
        self.read(status, serde_json::from_slice)
    }

    /// The body, read by `decode` (which may borrow from it), when the status is `status`.
    pub(crate) fn read<'b, R>(
        &'b self,
        status: u16,
        decode: impl FnOnce(&'b [u8]) -> serde_json::Result<R>,
    ) -> Result<R> {
        self.expect(&[status])?;
        decode(&self.answer.body)
            .map_err(|err| self.invalid(format!("the body is not the API's JSON for it ({err})")))
    }

    /// The status, when it is one of `statuses` (those the server answers the operation
    /// with) and the body is empty, as the server sends it.
    pub(crate) fn empty(&self, statuses: &[u16]) -> Result<u16> {
        self.expect(statuses)?;
        if self.answer.body.is_empty() {
            Ok(self.answer.status)
        } else {
            Err(self.invalid(format!(
                "the API answers {} with no body, and this one has {} bytes",
                self.request(),
                self.answer.body.len()
            )))
        }
    }

    fn expect(&self, statuses: &[u16]) -> Result<()> {
        if statuses.contains(&self.answer.status) {
            return Ok(());
        }
        let expected: Vec<String> = statuses.iter().map(u16::to_string).collect();
        Err(self.invalid(format!(
            "the API answers {} with HTTP {}, not {}",
            self.request(),
            expected.join(" or "),
            self.answer.status
        )))
    }

    /// An answer the API does not send: a wrong status or body.
    pub(crate) fn invalid(&self, reason: impl Into<String>) -> Error {
        Error::InvalidResponse {
            request: self.request(),
            status: self.answer.status,
            content_type: self
                .answer
                .content_type
                .as_ref()
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned()),
            reason: reason.into(),
            excerpt: excerpt(&self.answer.body, mask_of(&self.auth)),
        }
    }

    /// The request this answers, for an error about it.
    pub(crate) fn request(&self) -> Box<RequestInfo> {
        self.request.clone()
    }
}
