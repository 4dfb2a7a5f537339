//! Failures a test can make the server produce, to test its own handling of them.

use std::time::Duration;

use super::gate::Gate;
use super::http::{Reply, Request};
use super::wire::Action;

/// A failure the [`TestServer`](super::TestServer) answers with instead of its normal
/// answer, for the next request (or the next [`times`](Self::times) requests) that match
/// [`on_path`](Self::on_path) and [`on_method`](Self::on_method).
///
/// ```
/// use std::time::Duration;
/// use polympics_test_server::{Fault, TestServer};
///
/// let server = TestServer::start();
/// // The next two reads of team 1 get a 503 asking to wait 1 s; the client retries.
/// server.inject(Fault::status(503).retry_after(Duration::from_secs(1)).times(2).on_path("/team/1"));
/// server.inject(Fault::drop_connection().on_method("POST"));
/// # server.clear_faults();
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "pass it to TestServer::inject"]
pub struct Fault {
    kind: Kind,
    times: usize,
    path: Option<String>,
    method: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Status {
        status: u16,
        retry_after: Option<String>,
    },
    Redirect {
        status: u16,
        location: String,
    },
    Answer {
        status: u16,
        content_type: Option<String>,
        body: Vec<u8>,
    },
    Restatus(u16),
    StallBody,
    DropConnection,
    LoseAnswer,
    Hold(Gate),
}

impl Fault {
    /// Answers with this status (429, 500, 502, 503, 504...) and `{"detail": "..."}`, without
    /// processing the request. A 500 also closes the connection, as the real server does.
    pub fn status(status: u16) -> Fault {
        Fault::new(Kind::Status {
            status,
            retry_after: None,
        })
    }

    /// Adds a `Retry-After` header in whole seconds (to a [`status`](Self::status) fault).
    pub fn retry_after(self, wait: Duration) -> Fault {
        self.retry_after_header(wait.as_secs().to_string())
    }

    /// Adds a `Retry-After` header with this exact value, such as an HTTP date.
    pub fn retry_after_header(mut self, value: impl Into<String>) -> Fault {
        if let Kind::Status { retry_after, .. } = &mut self.kind {
            *retry_after = Some(value.into());
        }
        self
    }

    /// Answers with a redirect (301, 302, 303, 307, 308) to `location`, without processing
    /// the request: a proxy in front of the server, or a wrong base URL.
    pub fn redirect(status: u16, location: impl Into<String>) -> Fault {
        Fault::new(Kind::Redirect {
            status,
            location: location.into(),
        })
    }

    /// Answers with exactly this status, content type and body, without processing the
    /// request: what a captive portal, a proxy's login page or another web site at the base
    /// URL sends.
    ///
    /// ```
    /// use polympics_test_server::{Fault, TestServer};
    ///
    /// let server = TestServer::start();
    /// let app = server.app_client(server.seed_demo_league().app);
    /// server.inject(Fault::answer(200, Some("text/html"), "<html>Sign in to the Wi-Fi</html>"));
    /// let err = app.delete_team(5).unwrap_err(); // not reported done: nothing was
    /// assert_eq!(err.code(), Some(200));
    /// assert!(app.get_team(5).is_ok());
    /// ```
    pub fn answer(status: u16, content_type: Option<&str>, body: impl Into<Vec<u8>>) -> Fault {
        Fault::new(Kind::Answer {
            status,
            content_type: content_type.map(str::to_owned),
            body: body.into(),
        })
    }

    /// Processes the request as usual, then answers with this status instead of its own (a
    /// middlebox that rewrites statuses), with the usual body.
    pub fn restatus(status: u16) -> Fault {
        Fault::new(Kind::Restatus(status))
    }

    /// Processes the request, sends the head of the answer and half its body, then nothing
    /// more until the client gives up (its timeout) or the server stops.
    pub fn stall_body() -> Fault {
        Fault::new(Kind::StallBody)
    }

    /// Closes the connection without answering and without processing the request.
    pub fn drop_connection() -> Fault {
        Fault::new(Kind::DropConnection)
    }

    /// Processes the request, then closes the connection without answering: the write
    /// happened, but the client cannot know.
    pub fn lose_answer() -> Fault {
        Fault::new(Kind::LoseAnswer)
    }

    /// Holds the request until `gate` opens (or the server stops), then processes it as
    /// usual: a slow request, whose slowness the test decides without measuring time.
    pub fn hold(gate: &Gate) -> Fault {
        Fault::new(Kind::Hold(gate.clone()))
    }

    /// How many matching requests get the fault (default 1).
    pub fn times(mut self, times: usize) -> Fault {
        self.times = times;
        self
    }

    /// Only requests whose path starts with `prefix` (`/team/`, `/accounts/search`).
    pub fn on_path(mut self, prefix: impl Into<String>) -> Fault {
        self.path = Some(prefix.into());
        self
    }

    /// Only requests with this method (`GET`, `POST`...).
    pub fn on_method(mut self, method: impl Into<String>) -> Fault {
        self.method = Some(method.into().to_ascii_uppercase());
        self
    }

    fn new(kind: Kind) -> Fault {
        Fault {
            kind,
            times: 1,
            path: None,
            method: None,
        }
    }

    fn matches(&self, request: &Request) -> bool {
        self.times > 0
            && self
                .path
                .as_deref()
                .is_none_or(|prefix| request.path.starts_with(prefix))
            && self
                .method
                .as_deref()
                .is_none_or(|method| request.method == method)
    }
}

/// What a fault does to one request.
pub(crate) enum Effect {
    /// Answer this instead of processing the request.
    Instead(Action),
    /// Process the request, then answer it with this status.
    Restatus(u16),
    /// Process the request, then stall its answer.
    StallAnswer,
    /// Process the request, then drop the connection.
    LoseAnswer,
    /// Wait at the gate, then process the request.
    Hold(Gate),
}

/// The faults waiting for their requests, in the order they were injected, and every gate
/// a fault held requests at.
#[derive(Default)]
pub(crate) struct Faults(Vec<Fault>, Vec<Gate>);

impl Faults {
    pub(crate) fn push(&mut self, fault: Fault) {
        if let Kind::Hold(gate) = &fault.kind {
            self.1.push(gate.clone());
        }
        if fault.times > 0 {
            self.0.push(fault);
        }
    }

    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }

    /// Opens every gate, so that no request stays held (when the server stops).
    pub(crate) fn open_gates(&self) {
        for gate in &self.1 {
            gate.open();
        }
    }

    /// The effect of the first fault matching `request`, used up by one.
    pub(crate) fn take(&mut self, request: &Request) -> Option<Effect> {
        let index = self.0.iter().position(|fault| fault.matches(request))?;
        let fault = &mut self.0[index];
        fault.times -= 1;
        let effect = match &fault.kind {
            Kind::Status {
                status,
                retry_after,
            } => {
                let reply = if *status == 500 {
                    Reply::internal_error()
                } else {
                    Reply::detail(*status, "Injected fault.")
                };
                let reply = match retry_after {
                    Some(value) => reply.with_header("retry-after", value.clone()),
                    None => reply,
                };
                Effect::Instead(Action::Reply(reply))
            }
            Kind::Redirect { status, location } => Effect::Instead(Action::Reply(
                Reply::empty(*status).with_header("location", location.clone()),
            )),
            Kind::Answer {
                status,
                content_type,
                body,
            } => Effect::Instead(Action::Reply(Reply {
                status: *status,
                content_type: content_type.clone().map(Into::into),
                headers: Vec::new(),
                body: body.clone(),
            })),
            Kind::Restatus(status) => Effect::Restatus(*status),
            Kind::StallBody => Effect::StallAnswer,
            Kind::DropConnection => Effect::Instead(Action::Drop),
            Kind::LoseAnswer => Effect::LoseAnswer,
            Kind::Hold(gate) => Effect::Hold(gate.clone()),
        };
        if fault.times == 0 {
            let _ = self.0.remove(index);
        }
        Some(effect)
    }
}
