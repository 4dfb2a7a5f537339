//! A roster as JSON, in the shape it has always been saved in (the API's own models: every
//! account with its team and awards), written straight from the rows and read straight
//! into them, with no model of the whole league made on the way.

use std::fmt::{self, Write as _};
use std::io;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;

use super::avatar::{Avatar, Url};
use super::progress::Listed;
use super::read::RowsSeed;
use super::rows::Builder;
use super::views::{RosterAccount, RosterAward, RosterTeam};
use super::Roster;
use polympics::formats::timestamp;

impl Serialize for Roster {
    /// `{"taken_at", "source" (when known), "teams": [Team], "accounts": [Account]}`, teams
    /// and accounts by ID, as the API's models serialize.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = if self.source.is_some() { 4 } else { 3 };
        let mut map = serializer.serialize_struct("Roster", fields)?;
        map.serialize_field("taken_at", &timestamp::to_seconds(self.taken_at))?;
        if let Some(source) = &self.source {
            map.serialize_field("source", source)?;
        }
        map.serialize_field("teams", &Each(|| self.teams()))?;
        map.serialize_field("accounts", &Each(|| self.accounts()))?;
        map.end()
    }
}

impl Roster {
    /// Writes the roster as compact JSON: the same bytes as
    /// `serde_json::to_writer(writer, &roster)`, about twice as fast (each team and award
    /// is made into JSON once, however many accounts carry it, and the field names are
    /// written as they are). For a file or a pipe, wrap the writer in a `BufWriter`.
    ///
    /// ```
    /// use polympics_roster::Roster;
    ///
    /// let roster = Roster::from_parts(Vec::new(), Vec::new(), time::OffsetDateTime::UNIX_EPOCH);
    /// let mut json = Vec::new();
    /// roster.write_json(&mut json)?;
    /// assert_eq!(json, serde_json::to_vec(&roster)?);
    /// assert_eq!(json, br#"{"taken_at":0.0,"teams":[],"accounts":[]}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_json<W: io::Write>(&self, mut writer: W) -> io::Result<()> {
        let store = &self.store;
        // Each team and award once, in the store's order (by ID).
        let teams: Vec<Vec<u8>> = self.teams().map(to_json).collect::<io::Result<_>>()?;
        let awards: Vec<Vec<u8>> = store
            .awards
            .iter()
            .map(|row| to_json(RosterAward { row }))
            .collect::<io::Result<_>>()?;
        let w = &mut writer;
        w.write_all(b"{\"taken_at\":")?;
        value(w, &timestamp::to_seconds(self.taken_at))?;
        if let Some(source) = &self.source {
            w.write_all(b",\"source\":")?;
            value(w, source)?;
        }
        w.write_all(b",\"teams\":[")?;
        w.write_all(&teams.join(&b","[..]))?;
        w.write_all(b"],\"accounts\":[")?;
        let mut id = String::with_capacity(20);
        for (at, row) in store.accounts.iter().enumerate() {
            if at > 0 {
                w.write_all(b",")?;
            }
            id.clear();
            let _ = write!(id, "{}", row.id);
            w.write_all(b"{\"id\":\"")?;
            w.write_all(id.as_bytes())?;
            w.write_all(b"\",\"name\":")?;
            value(w, store.text(row.name))?;
            w.write_all(b",\"discriminator\":")?;
            value(w, store.text(row.discriminator))?;
            w.write_all(b",\"avatar_url\":")?;
            match row.avatar {
                Avatar::None => w.write_all(b"null")?,
                Avatar::Text(span) => value(w, store.text(span))?,
                // Discord's URLs, which need no escapes.
                avatar => write!(
                    w,
                    "\"{}\"",
                    Url {
                        avatar,
                        account: row.id
                    }
                )?,
            }
            w.write_all(b",\"team\":")?;
            let team = store
                .teams
                .binary_search_by_key(&row.team, |team| team.id.0);
            match team.ok().filter(|_| row.team != 0) {
                Some(at) => w.write_all(&teams[at])?,
                None => w.write_all(b"null")?,
            }
            w.write_all(b",\"permissions\":")?;
            value(w, &row.permissions)?;
            w.write_all(b",\"created_at\":")?;
            value(w, &(row.created_at as f64 / 1e6))?;
            w.write_all(b",\"awards\":[")?;
            let mut first = true;
            for &award in store.award_ids(row.awards) {
                if let Ok(at) = store.awards.binary_search_by_key(&award, |a| a.id) {
                    if !first {
                        w.write_all(b",")?;
                    }
                    w.write_all(&awards[at])?;
                    first = false;
                }
            }
            w.write_all(b"]}")?;
        }
        w.write_all(b"]}")?;
        writer.flush()
    }
}

/// One value as compact JSON.
fn to_json(value: impl Serialize) -> io::Result<Vec<u8>> {
    Ok(serde_json::to_vec(&value)?)
}

/// One value written as compact JSON.
fn value<W: io::Write>(writer: &mut W, value: &(impl Serialize + ?Sized)) -> io::Result<()> {
    Ok(serde_json::to_writer(writer, value)?)
}

/// A sequence written from an iterator, made anew for each serialization.
struct Each<F>(F);

impl<F, I, T> Serialize for Each<F>
where
    F: Fn() -> I,
    I: ExactSizeIterator<Item = T>,
    T: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let items = (self.0)();
        let mut seq = serializer.serialize_seq(Some(items.len()))?;
        for item in items {
            seq.serialize_element(&item)?;
        }
        seq.end()
    }
}

/// The awards of a team or an account, as a list.
struct Awards<F>(F);

impl<'r, F, I> Serialize for Awards<F>
where
    F: Fn() -> I,
    I: Iterator<Item = RosterAward<'r>>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

impl Serialize for RosterTeam<'_> {
    /// As [`Team`](polympics::Team) serializes.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut team = serializer.serialize_struct("Team", 5)?;
        team.serialize_field("id", &self.id())?;
        team.serialize_field("name", self.name())?;
        team.serialize_field("created_at", &timestamp::to_seconds(self.created_at()))?;
        team.serialize_field("member_count", &self.member_count())?;
        team.serialize_field("awards", &Awards(|| self.awards()))?;
        team.end()
    }
}

impl Serialize for RosterAccount<'_> {
    /// As [`Account`](polympics::Account) serializes: the ID as a string, the team whole.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut account = serializer.serialize_struct("Account", 8)?;
        account.serialize_field("id", &Display(self.id()))?;
        account.serialize_field("name", self.name())?;
        account.serialize_field("discriminator", self.discriminator())?;
        account.serialize_field("avatar_url", &self.avatar_url())?;
        account.serialize_field("team", &self.team())?;
        account.serialize_field("permissions", &self.permissions())?;
        account.serialize_field("created_at", &timestamp::to_seconds(self.created_at()))?;
        account.serialize_field("awards", &Awards(|| self.awards()))?;
        account.end()
    }
}

impl Serialize for RosterAward<'_> {
    /// As [`Award`](polympics::Award) serializes.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut award = serializer.serialize_struct("Award", 3)?;
        award.serialize_field("id", &self.id())?;
        award.serialize_field("title", self.title())?;
        award.serialize_field("image_url", self.image_url())?;
        award.end()
    }
}

/// A value written as a string, without allocating one.
struct Display<T>(T);

impl<T: fmt::Display> Serialize for Display<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Roster {
    /// Reads a saved roster, each account into the rows as it is read. A row read twice
    /// keeps its last copy; nothing else is checked.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RosterVisitor)
    }
}

struct RosterVisitor;

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Field {
    TakenAt,
    Source,
    Teams,
    Accounts,
    #[serde(other)]
    Other,
}

/// The `taken_at` field, as the API's timestamps read.
struct TakenAt(OffsetDateTime);

impl<'de> Deserialize<'de> for TakenAt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        timestamp::deserialize(deserializer).map(TakenAt)
    }
}

impl<'de> Visitor<'de> for RosterVisitor {
    type Value = Roster;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a roster snapshot")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Roster, M::Error> {
        let mut builder = Builder::default();
        let (mut taken_at, mut source) = (None, None);
        let (mut teams, mut accounts) = (false, false);
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::TakenAt => taken_at = Some(map.next_value::<TakenAt>()?.0),
                Field::Source => source = map.next_value::<Option<String>>()?,
                Field::Teams => {
                    let seed = RowsSeed {
                        listing: Listed::Teams,
                        builder: &mut builder,
                    };
                    map.next_value_seed(seed)?;
                    builder.teams_done();
                    teams = true;
                }
                Field::Accounts => {
                    let seed = RowsSeed {
                        listing: Listed::Accounts,
                        builder: &mut builder,
                    };
                    map.next_value_seed(seed)?;
                    accounts = true;
                }
                Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let taken_at = taken_at.ok_or_else(|| de::Error::missing_field("taken_at"))?;
        if !teams {
            return Err(de::Error::missing_field("teams"));
        }
        if !accounts {
            return Err(de::Error::missing_field("accounts"));
        }
        let (store, _) = builder.finish();
        Ok(Roster {
            taken_at,
            source,
            store,
            changed: Vec::new(),
        })
    }
}
