//! Permission bit flags, on the `bitflags` crate.

use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

bitflags::bitflags! {
    /// A set of the seven Polympics permissions, as the API's integer bit flags (a
    /// [`bitflags`](https://docs.rs/bitflags) type: every method of its `Flags` is here).
    ///
    /// Combine flags with `|`, intersect with `&`, remove with `-`, complement with `!`
    /// (within the seven bits); [`iter_names`](Self::iter_names) gives each flag with its
    /// name. As JSON it is the API's integer; as text ([`Display`](std::fmt::Display),
    /// [`FromStr`](std::str::FromStr)) its names.
    ///
    /// ```
    /// use polympics::Permissions;
    ///
    /// let perms = Permissions::MANAGE_TEAMS | Permissions::MANAGE_ACCOUNT_DETAILS;
    /// assert_eq!(perms.bits(), 12);
    /// assert!(perms.contains(Permissions::MANAGE_TEAMS));
    /// assert!(!(perms - Permissions::MANAGE_TEAMS).contains(Permissions::MANAGE_TEAMS));
    /// assert_eq!((!perms).bits(), 127 - 12);
    /// assert_eq!(format!("{perms:?}"), "Permissions(MANAGE_ACCOUNT_DETAILS | MANAGE_TEAMS)");
    /// assert_eq!(Permissions::from_bits(128), None);
    /// ```
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
    pub struct Permissions: u8 {
        /// Bit 0: grant and revoke permissions (apps and users).
        const MANAGE_PERMISSIONS = 1 << 0;
        /// Bit 1: move any account between teams (apps and users).
        const MANAGE_ACCOUNT_TEAMS = 1 << 1;
        /// Bit 2: create, edit and delete accounts (apps and users).
        const MANAGE_ACCOUNT_DETAILS = 1 << 2;
        /// Bit 3: create, rename and delete any team (apps and users).
        const MANAGE_TEAMS = 1 << 3;
        /// Bit 4: create user sessions (apps only; it cannot be granted).
        const AUTHENTICATE_USERS = 1 << 4;
        /// Bit 5: rename one's own team and remove its members (users only).
        const MANAGE_OWN_TEAM = 1 << 5;
        /// Bit 6: create, edit, give and take awards (apps and users).
        const MANAGE_AWARDS = 1 << 6;
    }
}

impl fmt::Debug for Permissions {
    /// `Permissions(MANAGE_TEAMS | MANAGE_AWARDS)`, `Permissions(empty)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Permissions(")?;
        if self.is_empty() {
            f.write_str("empty")?;
        }
        for (i, (name, _)) in self.iter_names().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            f.write_str(name)?;
        }
        f.write_str(")")
    }
}

impl Serialize for Permissions {
    /// The API's integer.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(self.bits())
    }
}

impl<'de> Deserialize<'de> for Permissions {
    /// The API's integer, 0 to 127.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bits = u64::deserialize(deserializer)?;
        u8::try_from(bits)
            .ok()
            .and_then(Permissions::from_bits)
            .ok_or_else(|| {
                de::Error::invalid_value(
                    de::Unexpected::Unsigned(bits),
                    &"permission bits between 0 and 127",
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_round_trips() {
        for bits in 0..=127u8 {
            let perms = Permissions::from_bits(bits).unwrap();
            assert_eq!(perms.bits(), bits);
            let json = serde_json::to_string(&perms).unwrap();
            assert_eq!(json, bits.to_string());
            assert_eq!(serde_json::from_str::<Permissions>(&json).unwrap(), perms);
            let rebuilt: Permissions = perms.iter().collect();
            assert_eq!(rebuilt, perms);
            assert_eq!(!!perms, perms);
            assert_eq!(perms | !perms, Permissions::all());
            assert!((perms & !perms).is_empty());
        }
        for bits in 128..=255u8 {
            assert_eq!(Permissions::from_bits(bits), None);
            assert!(serde_json::from_str::<Permissions>(&bits.to_string()).is_err());
        }
    }

    #[test]
    fn flags_are_the_documented_bits() {
        let bits: Vec<u8> = Permissions::all().iter().map(|f| f.bits()).collect();
        assert_eq!(bits, [1, 2, 4, 8, 16, 32, 64]);
        // The all-permissions app of the transcript: every app permission, not bit 5.
        assert_eq!(
            (Permissions::all() - Permissions::MANAGE_OWN_TEAM).bits(),
            95
        );
    }

    #[test]
    fn debug_lists_names() {
        assert_eq!(format!("{:?}", Permissions::empty()), "Permissions(empty)");
        assert_eq!(
            format!("{:?}", Permissions::from_bits(72).unwrap()),
            "Permissions(MANAGE_TEAMS | MANAGE_AWARDS)"
        );
    }

    #[test]
    fn rejects_negative_and_non_integers() {
        for text in ["-1", "1.5", "\"4\"", "null"] {
            assert!(serde_json::from_str::<Permissions>(text).is_err(), "{text}");
        }
    }
}
