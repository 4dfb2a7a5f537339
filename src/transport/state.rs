//! What every request of a transport shares: the pooled agent, the settings, the current
//! credentials ([`State`]), and how a request is told of in an error ([`RequestInfo`]).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use ureq::http::{HeaderValue, Method};

use super::auth;
use crate::clock::Clock;
use crate::error::mask::Mask;
use crate::error::RequestInfo;
use crate::retry::RetryPolicy;
use crate::secret::Credentials;

/// The state of a transport, shared by its clones.
pub(super) struct State {
    pub(super) agent: ureq::Agent,
    pub(super) base_url: Arc<str>,
    /// Shared, so that a request takes it with a reference count, not a copy.
    pub(super) auth: RwLock<Option<Arc<Auth>>>,
    pub(super) max_response_bytes: u64,
    pub(super) retry: RetryPolicy,
    /// Where waits and the budget take their time from.
    pub(super) clock: Arc<dyn Clock>,
    /// The longest one attempt can take by its phase timeouts alone.
    pub(super) worst_attempt: Duration,
    /// The proxy requests go through, as it may be shown (no login).
    pub(super) proxy: Option<Arc<str>>,
    /// Whether the credentials are checked before the first request.
    pub(super) verify_credentials: bool,
}

/// The path that says whom the credentials belong to: the check of `verify_credentials`.
pub(super) const WHO_AM_I: &str = "/auth/me";

/// The credentials, the header built from them, and the mask that keeps them out of text
/// from the server.
pub(super) struct Auth {
    pub(super) header: HeaderValue,
    pub(super) credentials: Credentials,
    pub(super) mask: Mask,
    /// Whether the server answered `GET /auth/me` with them.
    known: AtomicBool,
}

impl Auth {
    pub(super) fn new(credentials: Credentials) -> Arc<Self> {
        Arc::new(Auth {
            header: auth::basic_header(&credentials),
            mask: Mask::of(&credentials),
            credentials,
            known: AtomicBool::new(false),
        })
    }

    /// Whether the server has said whom these credentials belong to.
    pub(super) fn is_known(&self) -> bool {
        self.known.load(Ordering::Relaxed)
    }

    /// Remembers that the server knows them.
    pub(super) fn set_known(&self) {
        self.known.store(true, Ordering::Relaxed);
    }
}

/// The mask of the credentials a request sent (one that masks nothing for none).
pub(super) fn mask_of(auth: &Option<Arc<Auth>>) -> &Mask {
    static NONE: std::sync::OnceLock<Mask> = std::sync::OnceLock::new();
    match auth {
        Some(auth) => &auth.mask,
        None => NONE.get_or_init(Mask::default),
    }
}

impl State {
    /// The current credentials, shared.
    pub(super) fn auth(&self) -> Option<Arc<Auth>> {
        self.auth
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The request, as an error or a response tells of it.
    pub(super) fn request_info(
        &self,
        method: &Method,
        path: String,
        attempts: u32,
        authenticated: bool,
    ) -> Box<RequestInfo> {
        Box::new(RequestInfo {
            // Every PUT of the API is idempotent (giving an award, registering a callback),
            // as HTTP defines it; POST and PATCH are not.
            idempotent: method.is_idempotent(),
            method: method.clone(),
            path,
            base_url: self.base_url.clone(),
            attempts,
            authenticated,
            proxy: self.proxy.clone(),
        })
    }
}
