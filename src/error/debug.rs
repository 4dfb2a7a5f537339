//! `Debug` of [`Error`]: its message on one line, which is what a `main` that returns an
//! error prints (`Error: GET /team/1: ...`), and with `{:#?}` the variant and what it
//! holds, field by field.

use std::fmt;

use super::Error;

impl fmt::Debug for Error {
    /// ```
    /// let err = polympics::Error::invalid_input("team", "it is blank");
    /// assert_eq!(format!("{err:?}"), "invalid team: it is blank (not sent)");
    /// let pretty = format!("{err:#?}");
    /// assert!(pretty.starts_with("InvalidInput {\n    message: \"invalid team: it is blank (not sent)\","));
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !f.alternate() {
            return fmt::Display::fmt(self, f);
        }
        let mut fields = f.debug_struct(self.variant());
        fields.field("message", &self.to_string());
        if let Some(status) = self.code() {
            fields.field("status", &status);
        }
        if let Some(detail) = self.detail() {
            fields.field("detail", &detail);
        }
        if !self.issues().is_empty() {
            fields.field("issues", &self.issues());
        }
        if let Some(request) = self.request() {
            fields.field("request", request);
        }
        fields.finish()
    }
}

impl Error {
    /// The variant's name.
    fn variant(&self) -> &'static str {
        match self {
            Error::Server { .. } => "Server",
            Error::Data { .. } => "Data",
            Error::Client { .. } => "Client",
            Error::UnknownEndpoint { .. } => "UnknownEndpoint",
            Error::Redirect { .. } => "Redirect",
            Error::Transport { .. } => "Transport",
            Error::InvalidResponse { .. } => "InvalidResponse",
            Error::ResponseTooLarge { .. } => "ResponseTooLarge",
            Error::InvalidInput { .. } => "InvalidInput",
            Error::Config(_) => "Config",
            Error::SessionReset { .. } => "SessionReset",
            Error::WrongKind { .. } => "WrongKind",
        }
    }
}
