//! Permission bit flags.

use std::fmt;
use std::ops::{
    BitAnd, BitAndAssign, BitOr, BitOrAssign, BitXor, BitXorAssign, Not, Sub, SubAssign,
};

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// A set of the seven Polympics permissions, as the API's integer bit flags.
///
/// Combine flags with `|`, intersect with `&`, remove with `-`, complement with `!`
/// (within the seven bits).
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
pub struct Permissions(u8);

impl Permissions {
    /// Bit 0: grant and revoke permissions (apps and users).
    pub const MANAGE_PERMISSIONS: Permissions = Permissions(1 << 0);
    /// Bit 1: move any account between teams (apps and users).
    pub const MANAGE_ACCOUNT_TEAMS: Permissions = Permissions(1 << 1);
    /// Bit 2: create, edit and delete accounts (apps and users).
    pub const MANAGE_ACCOUNT_DETAILS: Permissions = Permissions(1 << 2);
    /// Bit 3: create, rename and delete any team (apps and users).
    pub const MANAGE_TEAMS: Permissions = Permissions(1 << 3);
    /// Bit 4: create user sessions (apps only; it cannot be granted).
    pub const AUTHENTICATE_USERS: Permissions = Permissions(1 << 4);
    /// Bit 5: rename one's own team and remove its members (users only).
    pub const MANAGE_OWN_TEAM: Permissions = Permissions(1 << 5);
    /// Bit 6: create, edit, give and take awards (apps and users).
    pub const MANAGE_AWARDS: Permissions = Permissions(1 << 6);

    const ALL_BITS: u8 = 0x7f;

    /// Every named flag with its name, least significant first.
    pub const FLAGS: [(&'static str, Permissions); 7] = [
        ("MANAGE_PERMISSIONS", Self::MANAGE_PERMISSIONS),
        ("MANAGE_ACCOUNT_TEAMS", Self::MANAGE_ACCOUNT_TEAMS),
        ("MANAGE_ACCOUNT_DETAILS", Self::MANAGE_ACCOUNT_DETAILS),
        ("MANAGE_TEAMS", Self::MANAGE_TEAMS),
        ("AUTHENTICATE_USERS", Self::AUTHENTICATE_USERS),
        ("MANAGE_OWN_TEAM", Self::MANAGE_OWN_TEAM),
        ("MANAGE_AWARDS", Self::MANAGE_AWARDS),
    ];

    /// No permissions.
    pub const fn empty() -> Self {
        Permissions(0)
    }

    /// All seven permissions.
    pub const fn all() -> Self {
        Permissions(Self::ALL_BITS)
    }

    /// The integer the API uses.
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// The set for an integer, or `None` if it has a bit above the seven known ones.
    pub const fn from_bits(bits: u8) -> Option<Self> {
        if bits & !Self::ALL_BITS == 0 {
            Some(Permissions(bits))
        } else {
            None
        }
    }

    /// The set for an integer, dropping unknown bits.
    pub const fn from_bits_truncate(bits: u8) -> Self {
        Permissions(bits & Self::ALL_BITS)
    }

    /// Whether no permission is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether all seven permissions are set.
    pub const fn is_all(self) -> bool {
        self.0 == Self::ALL_BITS
    }

    /// Whether every permission in `other` is also in `self`.
    pub const fn contains(self, other: Permissions) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether `self` and `other` share any permission.
    pub const fn intersects(self, other: Permissions) -> bool {
        self.0 & other.0 != 0
    }

    /// Adds the permissions in `other`.
    pub fn insert(&mut self, other: Permissions) {
        self.0 |= other.0;
    }

    /// Removes the permissions in `other`.
    pub fn remove(&mut self, other: Permissions) {
        self.0 &= !other.0;
    }

    /// The named flags set in `self`, least significant first.
    pub fn iter(self) -> impl Iterator<Item = (&'static str, Permissions)> {
        Self::FLAGS
            .into_iter()
            .filter(move |(_, flag)| self.contains(*flag))
    }
}

impl fmt::Debug for Permissions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Permissions(")?;
        if self.is_empty() {
            f.write_str("empty")?;
        }
        for (i, (name, _)) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            f.write_str(name)?;
        }
        f.write_str(")")
    }
}

macro_rules! binary_op {
    ($trait:ident, $method:ident, $assign:ident, $assign_method:ident, |$a:ident, $b:ident| $body:expr) => {
        impl $trait for Permissions {
            type Output = Permissions;
            fn $method(self, rhs: Permissions) -> Permissions {
                let ($a, $b) = (self.0, rhs.0);
                Permissions($body)
            }
        }

        impl $assign for Permissions {
            fn $assign_method(&mut self, rhs: Permissions) {
                *self = $trait::$method(*self, rhs);
            }
        }
    };
}

binary_op!(BitOr, bitor, BitOrAssign, bitor_assign, |a, b| a | b);
binary_op!(BitAnd, bitand, BitAndAssign, bitand_assign, |a, b| a & b);
binary_op!(BitXor, bitxor, BitXorAssign, bitxor_assign, |a, b| a ^ b);
binary_op!(Sub, sub, SubAssign, sub_assign, |a, b| a & !b);

impl Not for Permissions {
    type Output = Permissions;
    fn not(self) -> Permissions {
        Permissions(!self.0 & Self::ALL_BITS)
    }
}

impl FromIterator<Permissions> for Permissions {
    fn from_iter<I: IntoIterator<Item = Permissions>>(iter: I) -> Self {
        iter.into_iter().fold(Permissions::empty(), |a, b| a | b)
    }
}

impl Serialize for Permissions {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(self.0)
    }
}

impl<'de> Deserialize<'de> for Permissions {
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
            let rebuilt: Permissions = perms.iter().map(|(_, flag)| flag).collect();
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
        let bits: Vec<u8> = Permissions::FLAGS.iter().map(|(_, f)| f.bits()).collect();
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
