//! A roster with one account as an event reports it: what a watch applies between reads.

use std::borrow::Cow;
use std::collections::HashMap;

use super::rows::Builder;
use super::views::{RosterAccount, RosterAward, RosterTeam};
use super::wire::{Text, WireAccount, WireAward, WireTeam, WireTeamRef};
use super::{now_to_the_microsecond, Roster};
use crate::{AccountTeamUpdateEvent, TeamId};

impl Roster {
    /// This roster with the account and team of an `account_team_update` event: the
    /// account in its new team (or none), with the name, awards and permissions the event
    /// carries, and the team added or renamed as the event shows it. Everything else is
    /// kept; it is taken now, from the same source.
    ///
    /// The event's `member_count` is stale (the server counts before it saves), so the
    /// teams' counts are recounted from the accounts.
    ///
    /// ```
    /// use polympics::roster::{Change, Roster};
    /// use polympics::{AccountUpdate, TeamId};
    /// use polympics_test_server::TestServer;
    ///
    /// let server = TestServer::start();
    /// let app = server.app_client(server.seed_demo_league().app);
    /// let before = Roster::fetch(&app)?;
    /// let moved = app.update_account(800000000000000000, AccountUpdate::new().team(TeamId(5)))?;
    /// let event = polympics::webhooks::account_team_update(
    ///     serde_json::to_vec(&serde_json::json!({"account": &moved, "team": &moved.team}))?,
    /// )?;
    ///
    /// let after = before.with_event(&event);
    /// assert_eq!(after.account(moved.id).unwrap().team_id(), Some(TeamId(5)));
    /// assert!(matches!(before.diff(&after).changes[..], [Change::AccountMoved { .. }]));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_event(&self, event: &AccountTeamUpdateEvent) -> Roster {
        let moved = &event.account;
        let new_team = event.team.as_ref();
        // The event's counts are stale (the server counts before it saves): recounted.
        let mut counts: HashMap<TeamId, u64> = HashMap::new();
        let others = || self.accounts().filter(|account| account.id() != moved.id);
        for team in others().filter_map(RosterAccount::team_id) {
            *counts.entry(team).or_default() += 1;
        }
        if let Some(team) = new_team {
            *counts.entry(team.id).or_default() += 1;
        }
        let count = |team: TeamId| counts.get(&team).copied().unwrap_or(0);

        // Rows are copied from this roster's own text, without making the API's models.
        let mut builder = Builder::default();
        for team in self.teams() {
            let mut row = wire_team(team);
            if let Some(renamed) = new_team.filter(|new| new.id == team.id()) {
                row.name = Text(Cow::Borrowed(&renamed.name));
            }
            row.member_count = count(team.id());
            builder.add_team(row);
        }
        if let Some(team) = new_team.filter(|new| self.team(new.id).is_none()) {
            let mut row = WireTeam::from(team);
            row.member_count = count(team.id);
            builder.add_team(row);
        }
        builder.teams_done();
        for account in others() {
            builder.add_account(wire_account(account));
        }
        let mut row = WireAccount::from(moved);
        row.team = new_team.map(|team| WireTeamRef {
            id: team.id,
            name: Text(Cow::Borrowed(&team.name)),
            created_at: team.created_at,
            member_count: count(team.id),
        });
        builder.add_account(row);
        Roster {
            taken_at: now_to_the_microsecond(),
            source: self.source.clone(),
            store: builder.finish().0,
        }
    }
}

fn wire_award(award: RosterAward<'_>) -> WireAward<'_> {
    WireAward {
        id: award.id(),
        title: Text(Cow::Borrowed(award.title())),
        image_url: Text(Cow::Borrowed(award.image_url())),
    }
}

fn wire_team(team: RosterTeam<'_>) -> WireTeam<'_> {
    WireTeam {
        id: team.id(),
        name: Text(Cow::Borrowed(team.name())),
        created_at: team.created_at(),
        member_count: team.member_count(),
        awards: team.awards().map(wire_award).collect(),
    }
}

fn wire_account(account: RosterAccount<'_>) -> WireAccount<'_> {
    WireAccount {
        id: account.id(),
        name: Text(Cow::Borrowed(account.name())),
        discriminator: Text(Cow::Borrowed(account.discriminator())),
        avatar_url: account.avatar_url().map(|url| Text(Cow::Borrowed(url))),
        team: account.team().map(|team| WireTeamRef {
            id: team.id(),
            name: Text(Cow::Borrowed(team.name())),
            created_at: team.created_at(),
            member_count: team.member_count(),
        }),
        permissions: account.permissions(),
        created_at: account.created_at(),
        awards: account.awards().map(wire_award).collect(),
    }
}
