//! What kind of transport failure an error of ureq is ([`TransportErrorKind`]): `kind_of`.

use crate::error::TransportErrorKind;

/// What kind of transport failure a ureq error is.
pub(crate) fn kind_of(err: &ureq::Error) -> TransportErrorKind {
    use std::io::ErrorKind as Io;
    match err {
        ureq::Error::Timeout(ureq::Timeout::Resolve) | ureq::Error::HostNotFound => {
            TransportErrorKind::Dns
        }
        ureq::Error::Timeout(ureq::Timeout::Connect)
        | ureq::Error::ConnectionFailed
        | ureq::Error::ConnectProxyFailed(_) => TransportErrorKind::Connect,
        ureq::Error::Timeout(_) => TransportErrorKind::Timeout,
        // The server answered the TLS handshake with something that is not TLS (plain HTTP).
        ureq::Error::Io(io)
            if io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
                .is_some_and(|err| matches!(err, rustls::Error::InvalidMessage(_))) =>
        {
            TransportErrorKind::Protocol
        }
        // The answer is not HTTP: a TLS port answering a plain request, or not HTTP at all.
        ureq::Error::Protocol(_) => TransportErrorKind::Protocol,
        ureq::Error::Tls(_)
        | ureq::Error::Pem(_)
        | ureq::Error::Rustls(_)
        | ureq::Error::TlsRequired => TransportErrorKind::Tls,
        // A TLS failure during the handshake (a certificate refused) arrives as I/O.
        ureq::Error::Io(io)
            if io
                .get_ref()
                .is_some_and(|inner| inner.is::<rustls::Error>()) =>
        {
            TransportErrorKind::Tls
        }
        ureq::Error::Io(io) => match io.kind() {
            Io::ConnectionRefused
            | Io::HostUnreachable
            | Io::NetworkUnreachable
            | Io::NetworkDown
            | Io::AddrNotAvailable => TransportErrorKind::Connect,
            Io::TimedOut | Io::WouldBlock => TransportErrorKind::Timeout,
            // The standard library's resolver reports a failed lookup as an uncategorized
            // I/O error with this message.
            _ if io.to_string().contains("failed to lookup address") => TransportErrorKind::Dns,
            Io::NotConnected => TransportErrorKind::Other,
            _ => TransportErrorKind::Io,
        },
        ureq::Error::BodyStalled => TransportErrorKind::Io,
        _ => TransportErrorKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_failures_are_dns() {
        let io = std::io::Error::other(
            "failed to lookup address information: Name or service not known",
        );
        assert_eq!(kind_of(&ureq::Error::Io(io)), TransportErrorKind::Dns);
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(
            kind_of(&ureq::Error::Io(refused)),
            TransportErrorKind::Connect
        );
        let certificate = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer),
        );
        assert_eq!(
            kind_of(&ureq::Error::Io(certificate)),
            TransportErrorKind::Tls
        );
        let reset = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
        assert_eq!(kind_of(&ureq::Error::Io(reset)), TransportErrorKind::Io);
        assert_eq!(
            kind_of(&ureq::Error::Timeout(ureq::Timeout::Connect)),
            TransportErrorKind::Connect
        );
        assert_eq!(
            kind_of(&ureq::Error::Timeout(ureq::Timeout::RecvResponse)),
            TransportErrorKind::Timeout
        );
    }
}
