//! [`Listener`]: the server's callback events, received on an address of the caller's and
//! yielded as a blocking iterator once verified (the `listener` feature).
//!
//! The HTTP server is the crate's own, made for a port that strangers reach: `accept`
//! admits connections to a bounded set of slots (`slots`), each served on its own thread
//! (`connection`) against deadlines (`wire`), its head parsed by `httparse` and checked
//! for the secret before its body is read (`request`), answered without a body
//! (`answer`); verified events reach the caller through `handoff`. `builder` makes a
//! listener within its `limits`, and `incoming` is the running listener and its iterator.

mod accept;
mod answer;
mod builder;
mod connection;
mod handoff;
mod incoming;
mod limits;
mod request;
mod slots;
mod wire;

pub use builder::ListenerBuilder;
pub use incoming::{Incoming, Listener};
pub use limits::{
    DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_BODY, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_HEAD,
    DEFAULT_REQUEST_TIMEOUT,
};
