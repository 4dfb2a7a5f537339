//! Pages and saved snapshots read into the [`Builder`]: each team and account handed to it
//! as it is decoded, so that no page of owned models is ever made.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::progress::Listed;
use super::rows::Builder;
use super::wire::{WireAccount, WireTeam};
use polympics::PageCounts;

/// Decodes one page of `listing` from `body` into `builder`, and says what the page says of
/// itself.
pub(super) fn read_page(
    body: &[u8],
    listing: Listed,
    builder: &mut Builder,
) -> serde_json::Result<(PageCounts, ())> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let counts = PageSeed { listing, builder }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok((counts, ()))
}

/// The fields of a page.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Field {
    Page,
    PerPage,
    Pages,
    Results,
    Data,
    #[serde(other)]
    Other,
}

/// A page: its counts, and its rows into the builder.
struct PageSeed<'b> {
    listing: Listed,
    builder: &'b mut Builder,
}

impl<'de> DeserializeSeed<'de> for PageSeed<'_> {
    type Value = PageCounts;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<PageCounts, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PageSeed<'_> {
    type Value = PageCounts;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a page of a listing")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<PageCounts, M::Error> {
        let mut counts = PageCounts::default();
        let (mut page, mut per_page, mut pages, mut results, mut data) =
            (false, false, false, false, false);
        while let Some(key) = map.next_key::<Field>()? {
            match key {
                Field::Page => (counts.page, page) = (map.next_value()?, true),
                Field::PerPage => (counts.per_page, per_page) = (map.next_value()?, true),
                Field::Pages => (counts.pages, pages) = (map.next_value()?, true),
                Field::Results => (counts.results, results) = (map.next_value()?, true),
                Field::Data => {
                    let rows = RowsSeed {
                        listing: self.listing,
                        builder: &mut *self.builder,
                    };
                    counts.rows = map.next_value_seed(rows)?;
                    data = true;
                }
                Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        for (present, field) in [
            (page, "page"),
            (per_page, "per_page"),
            (pages, "pages"),
            (results, "results"),
            (data, "data"),
        ] {
            if !present {
                return Err(de::Error::missing_field(field));
            }
        }
        Ok(counts)
    }
}

/// A sequence of teams or accounts, each handed to the builder as it is decoded; the value
/// is how many there were. Also what reads the `teams` and `accounts` of a saved snapshot.
pub(super) struct RowsSeed<'b> {
    pub(super) listing: Listed,
    pub(super) builder: &'b mut Builder,
}

impl<'de> DeserializeSeed<'de> for RowsSeed<'_> {
    type Value = usize;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RowsSeed<'_> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of teams or accounts")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<usize, S::Error> {
        let mut rows = 0;
        match self.listing {
            Listed::Teams => {
                while let Some(team) = seq.next_element::<WireTeam<'de>>()? {
                    self.builder.add_team(team);
                    rows += 1;
                }
            }
            Listed::Accounts => {
                while let Some(account) = seq.next_element::<WireAccount<'de>>()? {
                    self.builder.add_account(account);
                    rows += 1;
                }
            }
        }
        Ok(rows)
    }
}
