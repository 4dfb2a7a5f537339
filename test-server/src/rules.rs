//! The real server's rules, on their own: who may do what, how permissions are granted,
//! how search patterns match, and how pages are counted.

use polympics::Permissions;

/// Who a request is authenticated as, once its credentials were checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// No valid credentials (a wrong password lands here too, as on the real server).
    Anonymous,
    /// An app, with its permissions.
    App { id: u64, permissions: Permissions },
    /// A user session, with its account's ID, permissions and team.
    User {
        session: u64,
        account: u64,
        permissions: Permissions,
        team: Option<u64>,
    },
}

impl Scope {
    /// The permissions in effect. Apps never have `MANAGE_OWN_TEAM` and users never have
    /// `AUTHENTICATE_USERS`, whatever their stored bits say.
    pub(crate) fn permissions(self) -> Permissions {
        match self {
            Scope::Anonymous => Permissions::empty(),
            Scope::App { permissions, .. } => permissions - Permissions::MANAGE_OWN_TEAM,
            Scope::User { permissions, .. } => permissions - Permissions::AUTHENTICATE_USERS,
        }
    }

    pub(crate) fn has(self, permission: Permissions) -> bool {
        self.permissions().contains(permission)
    }

    /// Whether this is a session of that account.
    pub(crate) fn owns_account(self, id: u64) -> bool {
        matches!(self, Scope::User { account, .. } if account == id)
    }

    /// Whether this is a session of a member of `team` who holds `MANAGE_OWN_TEAM`.
    pub(crate) fn owns_team(self, team: u64) -> bool {
        matches!(self, Scope::User { team: Some(own), .. } if own == team)
            && self.has(Permissions::MANAGE_OWN_TEAM)
    }

    /// Whether this scope may grant or revoke `bits` on an account in `target_team`.
    ///
    /// Nobody may set bit 4 (apps only) or a bit above the seven; nobody may grant a bit
    /// they do not hold, except `MANAGE_OWN_TEAM`; without `MANAGE_PERMISSIONS` the only
    /// grant is `MANAGE_OWN_TEAM`, to a member of one's own team, by one who holds it.
    pub(crate) fn can_alter_permissions(self, target_team: Option<u64>, bits: i64) -> bool {
        if !(0..128).contains(&bits) {
            return false;
        }
        let Some(requested) = Permissions::from_bits(bits as u8) else {
            return false;
        };
        if requested.contains(Permissions::AUTHENTICATE_USERS) {
            return false;
        }
        let held = self.permissions() | Permissions::MANAGE_OWN_TEAM;
        if !held.contains(requested) {
            return false;
        }
        if self.has(Permissions::MANAGE_PERMISSIONS) {
            return true;
        }
        requested == Permissions::MANAGE_OWN_TEAM
            && target_team.is_some_and(|team| self.owns_team(team))
    }
}

/// How many pages `results` rows make at `per_page` a page.
pub(crate) fn page_count(results: u64, per_page: u64) -> u64 {
    results.div_ceil(per_page)
}

/// The rows of page `page` (from 0) at `per_page` a page: the range of indices to show.
pub(crate) fn page_range(results: u64, page: u64, per_page: u64) -> std::ops::Range<usize> {
    let start = page.saturating_mul(per_page).min(results);
    let end = start.saturating_add(per_page).min(results);
    start as usize..end as usize
}

/// PostgreSQL's `name ILIKE '%<q>%'`, as the real server builds it: the pattern is `q`
/// between two `%`, in which `%` and `_` are wildcards, `\` makes the next character
/// literal (so a `q` ending in `\` escapes the closing `%`), and case is ignored.
pub(crate) fn ilike_contains(name: &str, q: &str) -> bool {
    let source = format!("%{q}%");
    let mut pattern = Vec::with_capacity(source.len());
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        pattern.push(match c {
            '%' => Token::Any,
            '_' => Token::One,
            // The pattern ends with `%`, so an escape is always followed by something.
            '\\' => Token::Char(fold(chars.next().unwrap_or('%'))),
            c => Token::Char(fold(c)),
        });
    }
    let text: Vec<char> = name.chars().map(fold).collect();
    like(&text, &pattern)
}

#[derive(Clone, Copy)]
enum Token {
    Any,
    One,
    Char(char),
}

fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Wildcard matching without recursion: the classic two-pointer algorithm with
/// backtracking to the last `%`.
fn like(text: &[char], pattern: &[Token]) -> bool {
    let (mut t, mut p) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(Token::Any) => {
                star = Some((p, t));
                p += 1;
            }
            Some(Token::One) => {
                t += 1;
                p += 1;
            }
            Some(Token::Char(c)) if *c == text[t] => {
                t += 1;
                p += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|token| matches!(token, Token::Any))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_APP: Permissions = Permissions::from_bits_truncate(95);

    fn app(bits: u8) -> Scope {
        Scope::App {
            id: 1,
            permissions: Permissions::from_bits_truncate(bits),
        }
    }

    fn user(bits: u8, team: Option<u64>) -> Scope {
        Scope::User {
            session: 1,
            account: 7,
            permissions: Permissions::from_bits_truncate(bits),
            team,
        }
    }

    #[test]
    fn effective_permissions() {
        assert_eq!(app(127).permissions(), ALL_APP);
        assert!(!user(127, None).has(Permissions::AUTHENTICATE_USERS));
        assert!(user(127, None).has(Permissions::MANAGE_OWN_TEAM));
        assert!(Scope::Anonymous.permissions().is_empty());
    }

    #[test]
    fn granting_rules_of_the_transcript() {
        let all = app(95);
        assert!(all.can_alter_permissions(None, 64));
        assert!(
            all.can_alter_permissions(None, 32),
            "bit 5 may be granted unheld"
        );
        assert!(!all.can_alter_permissions(None, 16), "bit 4 is app-only");
        assert!(!all.can_alter_permissions(None, 128));
        assert!(!all.can_alter_permissions(None, -1));
        assert!(!app(0).can_alter_permissions(None, 1));
        // Carol: manage_own_team in team 1, no manage_permissions.
        let carol = user(32, Some(1));
        assert!(carol.can_alter_permissions(Some(1), 32));
        assert!(
            !carol.can_alter_permissions(None, 32),
            "not a member of her team"
        );
        assert!(!carol.can_alter_permissions(Some(2), 32));
        assert!(!carol.can_alter_permissions(Some(1), 64));
        assert!(!user(0, Some(1)).can_alter_permissions(Some(1), 32));
        // A user with manage_permissions may grant what they hold.
        assert!(user(1 | 4, None).can_alter_permissions(None, 4));
        assert!(!user(1 | 4, None).can_alter_permissions(None, 8));
    }

    #[test]
    fn team_ownership() {
        assert!(user(32, Some(3)).owns_team(3));
        assert!(!user(32, Some(3)).owns_team(4));
        assert!(!user(0, Some(3)).owns_team(3));
        assert!(!app(127).owns_team(3));
        assert!(user(0, None).owns_account(7));
        assert!(!app(127).owns_account(7));
    }

    #[test]
    fn pagination_arithmetic() {
        assert_eq!(page_count(0, 20), 0);
        assert_eq!(page_count(1, 20), 1);
        assert_eq!(page_count(20, 20), 1);
        assert_eq!(page_count(47, 20), 3);
        assert_eq!(page_range(47, 2, 20), 40..47);
        assert_eq!(page_range(4, 5, 2), 4..4);
        assert_eq!(page_range(4, 1, 2), 2..4);
        assert_eq!(page_range(10, u64::MAX, u64::MAX), 10..10);
    }

    #[test]
    fn search_patterns() {
        assert!(ilike_contains("Red Team", "red"));
        assert!(ilike_contains("Red Team", ""));
        assert!(ilike_contains("green_team", "%"));
        assert!(ilike_contains("5", "_"));
        assert!(!ilike_contains("", "_"));
        assert!(ilike_contains("Blue 100% & more", "100%"));
        assert!(ilike_contains("Blue 100% & more", "&"));
        assert!(ilike_contains("abcXdef", "c_d"));
        assert!(!ilike_contains("abcdef", "c_d"));
        assert!(ilike_contains("a%b", "a\\%b"));
        assert!(!ilike_contains("axb", "a\\%b"));
        // As the real server answered: a lone `\` escapes the closing `%`, so it matches
        // only names ending in `%`; an escaped `\\` is a literal backslash.
        assert!(!ilike_contains("back\\slash", "\\"));
        assert!(!ilike_contains("100% sure", "\\"));
        assert!(ilike_contains("ends with 100%", "\\"));
        assert!(!ilike_contains("100% sure", "sure\\"));
        assert!(ilike_contains("back\\slash", "\\\\"));
        assert!(ilike_contains("back\\slash", "back\\\\slash"));
        assert!(!ilike_contains("back\\slash", "back\\slash"));
        assert!(ilike_contains("under_score", "under\\_"));
        assert!(ilike_contains("Ünïcode", "üNÏ"));
        assert!(ilike_contains("aaaaaaaaab", "a%a%a%b"));
    }
}
