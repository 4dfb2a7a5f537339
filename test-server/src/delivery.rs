//! Callback deliveries: after a team change the server POSTs the event to every registered
//! URL, on a thread of its own, and keeps a record of each attempt for tests to read.

use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use polympics::{AccountTeamUpdateEvent, Secret};

/// A delivery queued by a handler, sent once the reply is out.
pub(crate) struct Pending {
    pub(crate) url: String,
    pub(crate) secret: String,
    /// The JSON body, as the real server writes it.
    pub(crate) body: String,
}

/// One callback delivery the test server made, or would have made.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Delivery {
    /// The URL the app registered.
    pub registered_url: String,
    /// Where the event was sent: the registered URL, or the receiver set with
    /// [`TestServer::redirect_callbacks`](crate::TestServer::redirect_callbacks).
    pub url: String,
    /// The `Authorization` header sent: `Bearer <secret>`. Not shown by `Debug`.
    pub authorization: Secret,
    /// The JSON body sent, byte for byte.
    pub body: String,
    /// The event, as the client crate's [`webhooks`](polympics::webhooks) reads the body
    /// (with the real server's stale `member_count`).
    pub event: AccountTeamUpdateEvent,
    /// What came of it.
    pub outcome: DeliveryOutcome,
}

/// What came of a [`Delivery`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeliveryOutcome {
    /// The receiver answered with this status (any status: the real server ignores it).
    Delivered {
        /// The receiver's HTTP status.
        status: u16,
    },
    /// The POST failed (nothing listening, timeout); like the real server, nothing else
    /// notices.
    Failed {
        /// Why it failed.
        reason: String,
    },
    /// Not sent, because the URL is not on this machine: the test server never sends
    /// traffic beyond loopback. Redirect callbacks to a local receiver to get them.
    NotSent,
}

/// How long one delivery may take in all, as on the real server.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(15);

/// The record of deliveries, and where to send them.
#[derive(Default)]
pub(crate) struct Deliveries {
    log: Mutex<Vec<Delivery>>,
    changed: Condvar,
    redirect: Mutex<Option<String>>,
    /// The server is stopping: deliveries still queued are not sent.
    stopping: AtomicBool,
    /// The sending thread has finished.
    stopped: Mutex<bool>,
    stopped_changed: Condvar,
}

impl Deliveries {
    pub(crate) fn set_redirect(&self, url: Option<String>) {
        *self.redirect.lock().unwrap_or_else(PoisonError::into_inner) = url;
    }

    pub(crate) fn snapshot(&self) -> Vec<Delivery> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Waits until at least `count` deliveries were attempted, or `timeout` passed.
    pub(crate) fn wait_for(&self, count: usize, timeout: Duration) -> Vec<Delivery> {
        let deadline = Instant::now() + timeout;
        let mut log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        while log.len() < count {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            log = self
                .changed
                .wait_timeout(log, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        log.clone()
    }

    /// Sends queued deliveries until the queue is closed or the server stops.
    pub(crate) fn run(&self, queue: Receiver<Pending>) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .max_redirects(0)
            .timeout_connect(Some(Duration::from_secs(2)))
            .timeout_global(Some(DELIVERY_TIMEOUT))
            .build()
            .into();
        for pending in queue {
            if self.stopping.load(Ordering::SeqCst) {
                break;
            }
            let Some(delivery) = self.deliver(&agent, pending) else {
                continue;
            };
            self.log
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(delivery);
            self.changed.notify_all();
        }
        *self.stopped.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.stopped_changed.notify_all();
    }

    /// Asks the sending thread to stop after the delivery in progress.
    pub(crate) fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
    }

    /// Waits until the sending thread has finished, at most `timeout`; whether it has.
    pub(crate) fn wait_stopped(&self, timeout: Duration) -> bool {
        let stopped = self.stopped.lock().unwrap_or_else(PoisonError::into_inner);
        let (stopped, _) = self
            .stopped_changed
            .wait_timeout_while(stopped, timeout, |stopped| !*stopped)
            .unwrap_or_else(PoisonError::into_inner);
        *stopped
    }

    /// Sends one delivery, or `None` when its body is not an event the client can read
    /// (which would be a bug in the test server).
    fn deliver(&self, agent: &ureq::Agent, pending: Pending) -> Option<Delivery> {
        let event = polympics::webhooks::account_team_update(&pending.body).ok()?;
        let url = self
            .redirect
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .unwrap_or_else(|| pending.url.clone());
        let authorization = format!("Bearer {}", pending.secret);
        let outcome = if !is_loopback(&url) {
            DeliveryOutcome::NotSent
        } else {
            let sent = agent
                .post(&url)
                .header("Authorization", &authorization)
                .content_type("application/json")
                .send(pending.body.as_bytes());
            match sent {
                Ok(mut response) => {
                    let _ = response
                        .body_mut()
                        .with_config()
                        .limit(64 * 1024)
                        .read_to_vec();
                    DeliveryOutcome::Delivered {
                        status: response.status().as_u16(),
                    }
                }
                Err(err) => DeliveryOutcome::Failed {
                    reason: err.to_string(),
                },
            }
        };
        Some(Delivery {
            registered_url: pending.url,
            url,
            authorization: Secret::new(authorization),
            event,
            body: pending.body,
            outcome,
        })
    }
}

/// Whether a URL's host is this machine: `localhost`, 127.0.0.0/8 or `::1`.
pub(crate) fn is_loopback(url: &str) -> bool {
    let Ok(uri) = url.parse::<ureq::http::Uri>() else {
        return false;
    };
    let Some(host) = uri.host() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_is_reached() {
        assert!(is_loopback("http://127.0.0.1:8012/hook"));
        assert!(is_loopback("http://127.1.2.3/hook"));
        assert!(is_loopback("http://[::1]:8012/hook"));
        assert!(is_loopback("http://localhost/hook"));
        assert!(!is_loopback("https://example.com/hook"));
        assert!(!is_loopback("http://10.0.0.1/hook"));
        assert!(!is_loopback("http://192.168.1.1/hook"));
        assert!(!is_loopback("not a url"));
    }
}
