//! Who a [`Client`](crate::Client) is authenticated as: the kinds its type is generic over,
//! which decide at compile time what it can do.
//!
//! Most programs name a client by its alias ([`AppClient`](crate::AppClient),
//! [`UserClient`](crate::UserClient), [`UnauthenticatedClient`](crate::UnauthenticatedClient),
//! [`AnyClient`](crate::AnyClient)) and never these; a function generic over clients
//! takes `Client<A>` with `A: AuthKind` (every client) or `A: Authenticated` (those that
//! write).
//!
//! ```
//! use polympics::auth::AuthKind;
//! use polympics::Client;
//!
//! fn signups_open<A: AuthKind>(client: &Client<A>) -> polympics::Result<bool> {
//!     client.check_signups()
//! }
//! ```

mod sealed {
    pub trait Sealed {}
}

/// Who a [`Client`](crate::Client) is authenticated as: [`Anonymous`], [`AppAuth`],
/// [`UserAuth`], or for a kind decided at run time [`AnyAuth`] (which only reads) and
/// [`WriterAuth`] (an app or a user session).
///
/// The kind decides, at compile time, which operations a client has: no operation checks
/// a client's kind when it is called.
pub trait AuthKind: sealed::Sealed + 'static {}

/// An [`AuthKind`] with credentials: apps and user sessions may write.
pub trait Authenticated: AuthKind {}

/// No credentials: read-only operations.
#[derive(Debug, Clone, Copy)]
pub enum Anonymous {}

/// App credentials (`A<n>`): every operation, including callbacks and sessions.
#[derive(Debug, Clone, Copy)]
pub enum AppAuth {}

/// User-session credentials (`S<n>`): reads and writes on behalf of one account.
#[derive(Debug, Clone, Copy)]
pub enum UserAuth {}

/// The kind of an [`AnyClient`](crate::AnyClient): decided at run time by its credentials
/// (`A<n>` an app, `S<n>` a user session, none anonymous). It only reads: for anything
/// else, ask the client for the kind the operation needs.
#[derive(Debug, Clone, Copy)]
pub enum AnyAuth {}

/// The kind of a [`WriterClient`](crate::WriterClient): an app or a user session, decided
/// at run time. It has the operations both have: reads and writes, not the app-only or
/// user-only ones.
#[derive(Debug, Clone, Copy)]
pub enum WriterAuth {}

impl sealed::Sealed for Anonymous {}
impl sealed::Sealed for AppAuth {}
impl sealed::Sealed for UserAuth {}
impl sealed::Sealed for AnyAuth {}
impl sealed::Sealed for WriterAuth {}
impl AuthKind for Anonymous {}
impl AuthKind for AppAuth {}
impl AuthKind for UserAuth {}
impl AuthKind for AnyAuth {}
impl AuthKind for WriterAuth {}
impl Authenticated for AppAuth {}
impl Authenticated for UserAuth {}
impl Authenticated for WriterAuth {}
