//! [`Permissions`] as text: names for people and command lines, parsed back with `FromStr`.

use std::fmt;
use std::str::FromStr;

use super::permissions::Permissions;

impl fmt::Display for Permissions {
    /// The names of the flags set, joined by `|` (`MANAGE_TEAMS|MANAGE_AWARDS`), or `none`.
    ///
    /// ```
    /// use polympics::Permissions;
    ///
    /// let perms = Permissions::MANAGE_TEAMS | Permissions::MANAGE_AWARDS;
    /// assert_eq!(perms.to_string(), "MANAGE_TEAMS|MANAGE_AWARDS");
    /// assert_eq!(perms.to_string().parse::<Permissions>(), Ok(perms));
    /// assert_eq!(Permissions::empty().to_string(), "none");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("none");
        }
        for (i, (name, _)) in self.iter_names().enumerate() {
            if i > 0 {
                f.write_str("|")?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

impl FromStr for Permissions {
    type Err = ParsePermissionsError;

    /// Flag names in any case, separated by `|`, `,`, `+` or spaces
    /// (`manage_teams,manage_awards`), the API's integer (`72`), or `none`.
    ///
    /// ```
    /// use polympics::Permissions;
    ///
    /// let both = Permissions::MANAGE_TEAMS | Permissions::MANAGE_AWARDS;
    /// assert_eq!("manage_teams, manage_awards".parse(), Ok(both));
    /// assert_eq!("MANAGE_TEAMS|MANAGE_AWARDS".parse(), Ok(both));
    /// assert_eq!("72".parse(), Ok(both));
    /// assert_eq!("none".parse(), Ok(Permissions::empty()));
    /// assert!("manage_everything".parse::<Permissions>().is_err());
    /// assert!("128".parse::<Permissions>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        if text.eq_ignore_ascii_case("none") {
            return Ok(Permissions::empty());
        }
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            return text
                .parse::<u8>()
                .ok()
                .and_then(Permissions::from_bits)
                .ok_or_else(|| ParsePermissionsError(s.to_owned()));
        }
        let mut permissions = Permissions::empty();
        let mut named = false;
        for name in text
            .split(['|', ',', '+', ' ', '\t'])
            .filter(|name| !name.is_empty())
        {
            let flag = Permissions::from_name(&name.to_ascii_uppercase())
                .ok_or_else(|| ParsePermissionsError(s.to_owned()))?;
            permissions |= flag;
            named = true;
        }
        if named {
            Ok(permissions)
        } else {
            Err(ParsePermissionsError(s.to_owned()))
        }
    }
}

/// Text that is not a set of [`Permissions`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a set of permissions: give names separated by commas (manage_teams,manage_awards), \
     an integer from 0 to 127, or none"
)]
pub struct ParsePermissionsError(String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_reads_back_from_its_text_and_its_bits() {
        for bits in 0..=127u8 {
            let perms = Permissions::from_bits(bits).unwrap();
            assert_eq!(perms.to_string().parse(), Ok(perms));
            assert_eq!(bits.to_string().parse(), Ok(perms));
            assert_eq!(perms.to_string().to_lowercase().parse(), Ok(perms));
        }
    }

    #[test]
    fn refuses_unknown_names_and_bits_and_empty_text() {
        for text in [
            "",
            " ",
            ",",
            "manage",
            "MANAGE_TEAMS|x",
            "128",
            "-1",
            "1.5",
            "0x7f",
        ] {
            let err = text.parse::<Permissions>().unwrap_err();
            assert!(
                err.to_string().contains("not a set of permissions"),
                "{text}"
            );
        }
    }
}
