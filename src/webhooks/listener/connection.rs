//! One connection, served on a thread of its own: requests read one at a time (a
//! pipelined one waits in a bounded buffer until the answer before it is written), each
//! checked for the secret before its body is read, refused ones answered and closed.

use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::answer;
use super::handoff::Handoff;
use super::limits::Limits;
use super::request::{read_body, read_head, Expect, Failure, Length};
use super::slots::{Phase, Slots};
use super::wire::{write_by, Reader};
use crate::cancel::CancelToken;
use crate::secret::Secret;
use crate::webhooks::check::account_team_update;
use crate::webhooks::event::Event;

/// What the accept loop and every connection share.
pub(super) struct Shared {
    pub(super) secret: Secret,
    pub(super) limits: Limits,
    pub(super) slots: Slots,
    pub(super) handoff: Handoff,
    pub(super) stop: CancelToken,
    pub(super) log: Quiet,
}

/// Serves the connection `id` until it closes, fails, runs out of time or the listener
/// stops.
pub(super) fn serve(
    shared: &Shared,
    id: u64,
    stream: &TcpStream,
    peer: SocketAddr,
    accepted: Instant,
) {
    let limits = &shared.limits;
    let mut reader = Reader::new(stream);
    let mut served = 0;
    loop {
        // A new connection's first request must be whole by the request timeout after the
        // accept; a kept-alive one waits idle for the first byte of the next.
        let deadline = if served == 0 {
            accepted + limits.request_timeout
        } else {
            if reader.unread().is_empty()
                && reader
                    .fill(Instant::now() + limits.idle_timeout, limits.max_head)
                    .is_err()
            {
                return;
            }
            Instant::now() + limits.request_timeout
        };
        if !shared.slots.enter(id, Phase::Head) {
            return;
        }
        let head = match read_head(
            &mut reader,
            deadline,
            limits.max_head,
            shared.secret.expose(),
        ) {
            Ok(head) => head,
            Err(failure) => return refuse(shared, stream, peer, failure),
        };
        if !head.authorized {
            return refuse(
                shared,
                stream,
                peer,
                Failure::Refuse(401, "a wrong or missing secret"),
            );
        }
        if !shared.slots.enter(id, Phase::Verified) {
            return;
        }
        let refusal = match (&head.length, &head.expect) {
            _ if !head.is_post => Some(Failure::Refuse(405, "not a POST")),
            (_, Expect::Other) => Some(Failure::Refuse(
                417,
                "an expectation other than 100-continue",
            )),
            (Length::Fixed(n), _) if *n > limits.max_body as u64 => {
                Some(Failure::Refuse(413, "a body over the limit"))
            }
            _ => None,
        };
        if let Some(refusal) = refusal {
            return refuse(shared, stream, peer, refusal);
        }
        if head.expect == Expect::Continue
            && write_by(
                stream,
                &answer::head(100, false),
                Instant::now() + limits.write_timeout,
            )
            .is_err()
        {
            return;
        }
        let body = match read_body(
            &mut reader,
            &head.length,
            limits.max_body,
            limits.max_head,
            deadline,
        ) {
            Ok(body) => body,
            Err(failure) => return refuse(shared, stream, peer, failure),
        };
        let event = match account_team_update(&body) {
            Ok(event) => Event::AccountTeamUpdate(event),
            Err(err) => {
                shared.log.refused(peer, &err.to_string());
                return answer_and_close(stream, 400, limits.write_timeout);
            }
        };
        served += 1;
        let keep_alive = head.keep_alive && served < limits.max_requests_per_connection;
        // Answered only once the caller has the event (or never, if the listener stops
        // first: the server must not count it delivered).
        let Some(taken) = shared.handoff.offer(event) else {
            return;
        };
        if taken.recv().is_err() {
            return;
        }
        let written = write_by(
            stream,
            &answer::head(204, !keep_alive),
            Instant::now() + limits.write_timeout,
        );
        if let Err(err) = written {
            log::debug!(target: "polympics::webhooks", "the answer to {peer} was not delivered: {err}");
            return;
        }
        if !keep_alive {
            let _ = stream.shutdown(Shutdown::Write);
            return;
        }
        if !shared.slots.enter(id, Phase::Idle) {
            return;
        }
    }
}

/// Answers a refused request (if it is still there to hear it), logs why, and closes:
/// nothing more of it is read.
fn refuse(shared: &Shared, stream: &TcpStream, peer: SocketAddr, failure: Failure) {
    if let Failure::Refuse(status, why) = failure {
        shared.log.refused(peer, why);
        answer_and_close(stream, status, shared.limits.write_timeout);
    }
}

fn answer_and_close(stream: &TcpStream, status: u16, timeout: Duration) {
    let _ = write_by(
        stream,
        &answer::head(status, true),
        Instant::now() + timeout,
    );
    let _ = stream.shutdown(Shutdown::Write);
}

/// Warnings that a flood of refused requests cannot turn into a flood of log lines: at
/// most [`Quiet::PER_SECOND`] a second, then one line that says how many were not shown.
#[derive(Default)]
pub(super) struct Quiet {
    window: Mutex<(Option<Instant>, u32)>,
    unshown: AtomicU64,
}

impl Quiet {
    const PER_SECOND: u32 = 10;

    pub(super) fn refused(&self, peer: SocketAddr, why: &str) {
        if self.may_log() {
            let unshown = self.unshown.swap(0, Ordering::Relaxed);
            if unshown > 0 {
                log::warn!(target: "polympics::webhooks", "refused {unshown} more callback requests (not shown)");
            }
            log::warn!(target: "polympics::webhooks", "refused a callback request from {peer}: {why}");
        } else {
            self.unshown.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Warns about something other than a request (an accept that failed), as rarely.
    pub(super) fn warn(&self, what: &str) {
        if self.may_log() {
            log::warn!(target: "polympics::webhooks", "{what}");
        }
    }

    fn may_log(&self) -> bool {
        let mut window = self
            .window
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        match window.0 {
            Some(start) if now.duration_since(start) < Duration::from_secs(1) => {
                window.1 += 1;
                window.1 <= Self::PER_SECOND
            }
            _ => {
                *window = (Some(now), 1);
                true
            }
        }
    }
}
