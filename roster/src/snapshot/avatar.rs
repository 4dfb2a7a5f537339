//! Avatars as a roster keeps them: Discord's own URLs, which most accounts have, as the 16
//! bytes of their hash or the digit of a default avatar (a fifth of the URL's length, in
//! the row), any other URL as text. Only URLs that are written back exactly as they came
//! are kept short.

use std::fmt;

use super::span::Span;
use polympics::AccountId;

/// Where Discord serves an account's own avatar: `{AVATARS}{account ID}/{hash}.png`.
const AVATARS: &str = "https://cdn.discordapp.com/avatars/";
/// Where Discord serves its default avatars: `{DEFAULTS}{digit}.png`.
const DEFAULTS: &str = "https://cdn.discordapp.com/embed/avatars/";

/// An account's avatar, as its row keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Avatar {
    /// No avatar.
    None,
    /// A URL of another shape, in the store's text.
    Text(Span),
    /// `{AVATARS}{the account's ID}/{a_ if animated}{hash: 32 lowercase hex digits}.{png or
    /// gif}`.
    Discord {
        hash: [u8; 16],
        animated: bool,
        gif: bool,
    },
    /// `{DEFAULTS}{digit}.png`.
    Default(u8),
}

impl Avatar {
    /// The short form of `url` for `account`, if it has one.
    pub(super) fn short(url: &str, account: AccountId) -> Option<Avatar> {
        if let Some(digit) = url
            .strip_prefix(DEFAULTS)
            .and_then(|rest| rest.strip_suffix(".png"))
        {
            return match digit.as_bytes() {
                &[d @ b'0'..=b'9'] => Some(Avatar::Default(d - b'0')),
                _ => None,
            };
        }
        let (id, file) = url.strip_prefix(AVATARS)?.split_once('/')?;
        // The account's own ID, written as a number is (no sign, no leading zero).
        let canonical = !id.is_empty()
            && id.bytes().all(|b| b.is_ascii_digit())
            && (id == "0" || !id.starts_with('0'));
        if !canonical || id.parse::<u64>().ok()? != account.0 {
            return None;
        }
        let (file, gif) = match (file.strip_suffix(".png"), file.strip_suffix(".gif")) {
            (Some(file), _) => (file, false),
            (_, Some(file)) => (file, true),
            _ => return None,
        };
        let (hex, animated) = match file.strip_prefix("a_") {
            Some(hex) => (hex, true),
            None => (file, false),
        };
        let hex = hex.as_bytes();
        if hex.len() != 32 {
            return None;
        }
        // Without a branch a digit: hashes are random, and so would the branches be.
        let (mut hash, mut invalid) = ([0u8; 16], 0);
        for (byte, pair) in hash.iter_mut().zip(hex.chunks_exact(2)) {
            let (high, low) = (NIBBLES[usize::from(pair[0])], NIBBLES[usize::from(pair[1])]);
            invalid |= high | low;
            *byte = high << 4 | low;
        }
        if invalid > 15 {
            return None;
        }
        Some(Avatar::Discord {
            hash,
            animated,
            gif,
        })
    }
}

/// Each byte's value as a lowercase hex digit, 255 for bytes that are not one.
static NIBBLES: [u8; 256] = {
    let mut nibbles = [255u8; 256];
    let mut digit = 0;
    while digit < 16 {
        nibbles[b"0123456789abcdef"[digit] as usize] = digit as u8;
        digit += 1;
    }
    nibbles
};

/// A short avatar's URL, written out.
pub(super) struct Url {
    pub(super) avatar: Avatar,
    pub(super) account: AccountId,
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.avatar {
            Avatar::None | Avatar::Text(_) => Ok(()),
            Avatar::Default(digit) => write!(f, "{DEFAULTS}{digit}.png"),
            Avatar::Discord {
                hash,
                animated,
                gif,
            } => {
                write!(f, "{AVATARS}{}/", self.account)?;
                if animated {
                    f.write_str("a_")?;
                }
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let mut hex = [0u8; 32];
                for (pair, byte) in hex.chunks_exact_mut(2).zip(hash) {
                    pair[0] = HEX[usize::from(byte >> 4)];
                    pair[1] = HEX[usize::from(byte & 15)];
                }
                f.write_str(std::str::from_utf8(&hex).map_err(|_| fmt::Error)?)?;
                f.write_str(if gif { ".gif" } else { ".png" })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(url: &str, account: u64) -> Option<Avatar> {
        let short = Avatar::short(url, AccountId(account))?;
        let written = Url {
            avatar: short,
            account: AccountId(account),
        }
        .to_string();
        assert_eq!(written, url, "a short avatar writes back as it came");
        Some(short)
    }

    #[test]
    fn discords_own_urls_are_kept_short_and_written_back_exactly() {
        let hash = "0123456789abcdef0123456789abcdef";
        for url in [
            format!("{AVATARS}42/{hash}.png"),
            format!("{AVATARS}42/a_{hash}.gif"),
            format!("{AVATARS}42/a_{hash}.png"),
            format!("{AVATARS}42/{hash}.gif"),
            format!("{DEFAULTS}0.png"),
            format!("{DEFAULTS}9.png"),
        ] {
            assert!(round_trip(&url, 42).is_some(), "{url}");
        }
    }

    #[test]
    fn any_other_url_stays_text() {
        let hash = "0123456789abcdef0123456789abcdef";
        for url in [
            format!("{AVATARS}43/{hash}.png"),  // another account's
            format!("{AVATARS}042/{hash}.png"), // not as a number is written
            format!("{AVATARS}+42/{hash}.png"),
            format!("{AVATARS}42/{}.png", hash.to_uppercase()), // upper case
            format!("{AVATARS}42/{hash}0.png"),                 // 33 digits
            format!("{AVATARS}42/{hash}.webp"),
            format!("{AVATARS}42/{hash}.png?size=64"),
            format!("{AVATARS}42/b_{hash}.png"),
            format!("{DEFAULTS}10.png"),
            format!("{DEFAULTS}.png"),
            format!("http://cdn.discordapp.com/avatars/42/{hash}.png"),
            "https://example.com/a.png".to_owned(),
            String::new(),
        ] {
            assert_eq!(Avatar::short(&url, AccountId(42)), None, "{url}");
        }
    }
}
