//! The listener's answers: a status line and a few headers, never a body.

use std::time::SystemTime;

/// An answer's head, written in one piece.
pub(super) fn head(status: u16, close: bool) -> Vec<u8> {
    let mut head = Vec::with_capacity(160);
    head.extend_from_slice(b"HTTP/1.1 ");
    head.extend_from_slice(status.to_string().as_bytes());
    head.push(b' ');
    head.extend_from_slice(reason(status).as_bytes());
    head.extend_from_slice(b"\r\nDate: ");
    head.extend_from_slice(httpdate::fmt_http_date(SystemTime::now()).as_bytes());
    head.extend_from_slice(b"\r\n");
    match status {
        100 => {}
        204 => {}
        401 => head.extend_from_slice(b"WWW-Authenticate: Bearer\r\nContent-Length: 0\r\n"),
        405 => head.extend_from_slice(b"Allow: POST\r\nContent-Length: 0\r\n"),
        _ => head.extend_from_slice(b"Content-Length: 0\r\n"),
    }
    if close && status != 100 {
        head.extend_from_slice(b"Connection: close\r\n");
    }
    head.extend_from_slice(b"\r\n");
    head
}

fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        417 => "Expectation Failed",
        431 => "Request Header Fields Too Large",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_say_what_a_client_needs() {
        let text = |status, close| String::from_utf8(head(status, close)).unwrap();
        let refused = text(401, true);
        assert!(refused.starts_with("HTTP/1.1 401 Unauthorized\r\nDate: "));
        assert!(refused.ends_with(
            "\r\nWWW-Authenticate: Bearer\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ));
        let taken = text(204, false);
        assert!(taken.starts_with("HTTP/1.1 204 No Content\r\n"));
        assert!(!taken.contains("Content-Length") && !taken.contains("Connection"));
        assert!(text(100, true).starts_with("HTTP/1.1 100 Continue\r\n"));
        assert!(!text(100, true).contains("Connection"));
    }
}
