//! The test server's data: every table of the real server, in memory, and the JSON
//! views the server shows of its rows.

use std::collections::hash_map::RandomState;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use base64::Engine as _;
use polympics::{Credentials, EventType, Permissions};
use time::OffsetDateTime;

use crate::http::Reply;
use crate::json;

/// How long a session lasts on the real server.
pub(crate) const SESSION_AGE: Duration = Duration::from_secs(30 * 24 * 60 * 60);

#[derive(Clone)]
pub(crate) struct AccountRow {
    pub(crate) id: u64,
    pub(crate) name: String,
    pub(crate) discriminator: String,
    pub(crate) avatar_url: Option<String>,
    pub(crate) team: Option<u64>,
    pub(crate) permissions: Permissions,
    pub(crate) created_at: OffsetDateTime,
}

pub(crate) struct TeamRow {
    pub(crate) name: String,
    pub(crate) created_at: OffsetDateTime,
}

pub(crate) struct AwardRow {
    pub(crate) title: String,
    pub(crate) image_url: String,
    pub(crate) team: u64,
}

pub(crate) struct AppRow {
    pub(crate) name: String,
    pub(crate) token: String,
    pub(crate) permissions: Permissions,
}

impl AppRow {
    /// The app as `/auth/reset_token` shows it: with its token.
    fn with_token(&self, id: u64) -> json::AppWithToken {
        json::AppWithToken {
            name: self.name.clone(),
            permissions: self.permissions.bits(),
            username: format!("A{id}"),
            password: self.token.clone(),
        }
    }
}

pub(crate) struct SessionRow {
    pub(crate) account: u64,
    pub(crate) token: String,
    pub(crate) expires_at: OffsetDateTime,
}

pub(crate) struct CallbackRow {
    pub(crate) app: u64,
    pub(crate) event: EventType,
    pub(crate) url: String,
    pub(crate) secret: String,
}

/// A user of the fake Discord API behind `/auth/discord` and `discord_token`.
#[derive(Clone)]
pub(crate) struct DiscordUser {
    pub(crate) id: u64,
    pub(crate) name: String,
    pub(crate) discriminator: String,
    pub(crate) avatar: Option<String>,
}

impl DiscordUser {
    /// The avatar URL the real server builds from Discord's data.
    pub(crate) fn avatar_url(&self) -> String {
        match &self.avatar {
            Some(hash) => format!("https://cdn.discordapp.com/avatars/{}/{hash}.png", self.id),
            None => {
                let index = self.discriminator.parse::<u64>().unwrap_or(0) % 5;
                format!("https://cdn.discordapp.com/embed/avatars/{index}.png")
            }
        }
    }
}

/// Who holds which award, as (account, award) pairs in the order they were given (the
/// order the real server lists awardees in).
#[derive(Default)]
pub(crate) struct Holdings(Vec<(u64, u64)>);

impl Holdings {
    /// Adds a holding; `false` if it was already there.
    pub(crate) fn insert(&mut self, holding: (u64, u64)) -> bool {
        if self.0.contains(&holding) {
            return false;
        }
        self.0.push(holding);
        true
    }

    /// Removes a holding; `false` if there was none.
    pub(crate) fn remove(&mut self, holding: &(u64, u64)) -> bool {
        let before = self.0.len();
        self.0.retain(|h| h != holding);
        self.0.len() < before
    }

    pub(crate) fn retain(&mut self, keep: impl FnMut(&(u64, u64)) -> bool) {
        self.0.retain(keep);
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.0.iter().copied()
    }
}

/// Sequences for the tables with serial IDs, starting at 1 like a fresh database.
#[derive(Default)]
pub(crate) struct Sequences {
    team: u64,
    award: u64,
    app: u64,
    session: u64,
    callback: u64,
}

macro_rules! next_id {
    ($($name:ident),*) => {
        impl Sequences {
            $(pub(crate) fn $name(&mut self) -> u64 {
                self.$name += 1;
                self.$name
            })*
        }
    };
}
next_id!(team, award, app, session, callback);

/// Everything the server knows.
pub(crate) struct Database {
    pub(crate) accounts: BTreeMap<u64, AccountRow>,
    pub(crate) teams: BTreeMap<u64, TeamRow>,
    pub(crate) awards: BTreeMap<u64, AwardRow>,
    pub(crate) holdings: Holdings,
    pub(crate) apps: BTreeMap<u64, AppRow>,
    pub(crate) sessions: BTreeMap<u64, SessionRow>,
    pub(crate) callbacks: BTreeMap<u64, CallbackRow>,
    pub(crate) discord: HashMap<String, DiscordUser>,
    /// Tokens that the fake Discord answers with an HTML page instead of JSON.
    pub(crate) discord_html: HashSet<String>,
    pub(crate) signups_open: bool,
    pub(crate) ids: Sequences,
    pub(crate) clock_offset: Duration,
    random: RandomState,
    random_counter: u64,
}

impl Database {
    pub(crate) fn new() -> Self {
        Database {
            accounts: BTreeMap::new(),
            teams: BTreeMap::new(),
            awards: BTreeMap::new(),
            holdings: Holdings::default(),
            apps: BTreeMap::new(),
            sessions: BTreeMap::new(),
            callbacks: BTreeMap::new(),
            discord: HashMap::new(),
            discord_html: HashSet::new(),
            signups_open: true,
            ids: Sequences::default(),
            clock_offset: Duration::ZERO,
            random: RandomState::new(),
            random_counter: 0,
        }
    }

    /// The server's clock: the system time plus what tests advanced it by, to the
    /// microsecond (the precision the real server stores).
    pub(crate) fn now(&self) -> OffsetDateTime {
        let now = OffsetDateTime::now_utc() + self.clock_offset;
        let micros = now.nanosecond() / 1000;
        now.replace_nanosecond(micros * 1000).unwrap_or(now)
    }

    /// A fresh token like the real server's: 32 unpredictable bytes in base64 (44 characters).
    /// Good enough for a test server; not a cryptographic generator.
    pub(crate) fn token(&mut self) -> String {
        let mut bytes = [0u8; 32];
        for chunk in bytes.chunks_mut(8) {
            self.random_counter += 1;
            let mut hasher = self.random.build_hasher();
            hasher.write_u64(self.random_counter);
            hasher.write_u128(OffsetDateTime::now_utc().unix_timestamp_nanos() as u128);
            chunk.copy_from_slice(&hasher.finish().to_le_bytes());
        }
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    pub(crate) fn member_count(&self, team: u64) -> u64 {
        self.accounts
            .values()
            .filter(|a| a.team == Some(team))
            .count() as u64
    }

    pub(crate) fn award(&self, id: u64) -> Option<json::Award> {
        self.awards.get(&id).map(|row| json::Award {
            id,
            title: row.title.clone(),
            image_url: row.image_url.clone(),
        })
    }

    pub(crate) fn team(&self, id: u64) -> Option<json::Team> {
        self.team_with_count(id, self.member_count(id))
    }

    /// A team as the API shows it, with a given member count (callbacks show a stale one).
    pub(crate) fn team_with_count(&self, id: u64, member_count: u64) -> Option<json::Team> {
        let row = self.teams.get(&id)?;
        let awards = self
            .awards
            .iter()
            .filter(|(_, award)| award.team == id)
            .filter_map(|(award, _)| self.award(*award))
            .collect();
        Some(json::Team {
            id,
            name: row.name.clone(),
            created_at: row.created_at,
            member_count,
            awards,
        })
    }

    pub(crate) fn account(&self, id: u64) -> Option<json::Account> {
        let row = self.accounts.get(&id)?;
        let awards = self
            .holdings
            .iter()
            .filter(|(account, _)| *account == id)
            .filter_map(|(_, award)| self.award(award))
            .collect();
        Some(json::Account {
            id,
            name: row.name.clone(),
            discriminator: row.discriminator.clone(),
            avatar_url: row.avatar_url.clone(),
            team: row.team.and_then(|team| self.team(team)),
            permissions: row.permissions.bits(),
            created_at: row.created_at,
            awards,
        })
    }

    pub(crate) fn award_details(&self, id: u64) -> Option<json::AwardDetails> {
        let row = self.awards.get(&id)?;
        let awardees = self
            .holdings
            .iter()
            .filter(|(_, award)| *award == id)
            .filter_map(|(account, _)| self.account(account))
            .collect();
        Some(json::AwardDetails {
            award: self.award(id)?,
            awardees,
            team: self.team(row.team),
        })
    }

    pub(crate) fn app(&self, id: u64) -> Option<json::App> {
        self.apps.get(&id).map(|row| json::App {
            name: row.name.clone(),
            permissions: row.permissions.bits(),
            username: format!("A{id}"),
        })
    }

    pub(crate) fn app_with_token(&self, id: u64) -> Option<json::AppWithToken> {
        self.apps.get(&id).map(|row| row.with_token(id))
    }

    pub(crate) fn create_app(&mut self, name: &str, permissions: Permissions) -> Credentials {
        let id = self.ids.app();
        let row = AppRow {
            name: name.to_owned(),
            token: self.token(),
            permissions,
        };
        let credentials = Credentials::new(format!("A{id}"), row.token.as_str());
        self.apps.insert(id, row);
        credentials
    }

    pub(crate) fn create_session(&mut self, account: u64) -> json::Session {
        let id = self.ids.session();
        let token = self.token();
        let expires_at = self.now() + SESSION_AGE;
        self.sessions.insert(
            id,
            SessionRow {
                account,
                token: token.clone(),
                expires_at,
            },
        );
        json::Session {
            username: format!("S{id}"),
            password: token,
            expires_at,
        }
    }

    /// Deletes an account with what hangs off it: its sessions and its awards.
    pub(crate) fn delete_account(&mut self, id: u64) {
        self.accounts.remove(&id);
        self.sessions.retain(|_, session| session.account != id);
        self.holdings.retain(|(account, _)| *account != id);
    }

    /// The Discord user a token belongs to: `Ok(None)` for a token Discord refuses (with
    /// JSON), and the real server's 500 for one Discord answers with HTML (the server's
    /// JSON decoding of it fails, uncaught).
    pub(crate) fn discord_user(&self, token: &str) -> Result<Option<DiscordUser>, Reply> {
        if self.discord_html.contains(token) {
            return Err(Reply::internal_error());
        }
        Ok(self.discord.get(token).cloned())
    }

    /// Creates an account from a Discord user, as `/auth/discord` does for a new user.
    pub(crate) fn create_account_from_discord(&mut self, user: &DiscordUser) {
        let created_at = self.now();
        self.accounts.insert(
            user.id,
            AccountRow {
                id: user.id,
                name: user.name.clone(),
                discriminator: user.discriminator.clone(),
                avatar_url: Some(user.avatar_url()),
                team: None,
                permissions: Permissions::empty(),
                created_at,
            },
        );
    }
}
