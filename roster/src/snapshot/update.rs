//! A roster changed by an event, in place: what a watch applies between reads, at a cost
//! that does not grow with the league (the rows are changed in `edit`).

use super::diff::{account_diff, RosterDiff};
use super::edit::TeamEdit;
use super::rows::AccountRow;
use super::views::{RosterAccount, RosterTeam};
use super::{now_to_the_microsecond, Roster};
use crate::change::Change;
use crate::named::Named;
use polympics::{AccountTeamUpdateEvent, AwardId, TeamId};

impl Roster {
    /// Applies an `account_team_update` event: the account in its new team (or none), with
    /// the name, awards and permissions the event carries, and the team added or renamed
    /// as the event shows it. Everything else is kept. Returns what changed, as
    /// [`diff`](Self::diff) would say it.
    ///
    /// It costs the same in a league of a thousand accounts as in one of a hundred
    /// thousand: the account's row is found and replaced, and the two teams' member counts
    /// are moved by one (the event's own `member_count` is stale: the server counts before
    /// it saves). The roster is then taken now.
    ///
    /// ```
    /// use polympics_roster::{Change, Roster};
    /// use polympics::{AccountUpdate, TeamId};
    /// use polympics_test_server::TestServer;
    ///
    /// let server = TestServer::start();
    /// let app = server.app_client(server.seed_demo_league().app);
    /// let mut roster = Roster::fetch(&app)?;
    /// let members = roster.team(5).unwrap().member_count();
    /// let moved = app.update_account(800000000000000000, AccountUpdate::new().team(TeamId(5)))?;
    /// let event = polympics::webhooks::account_team_update(
    ///     serde_json::to_vec(&serde_json::json!({"account": &moved, "team": &moved.team}))?,
    /// )?;
    ///
    /// let changes = roster.apply_event(&event);
    /// assert!(matches!(changes.changes[..], [Change::AccountMoved { .. }]));
    /// assert_eq!(roster.account(moved.id).unwrap().team_id(), Some(TeamId(5)));
    /// assert_eq!(roster.team(5).unwrap().member_count(), members + 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply_event(&mut self, event: &AccountTeamUpdateEvent) -> RosterDiff {
        let store = &mut self.store;
        // Before any old row is kept aside: compacting moves the text.
        store.compact_if_worth_it();
        let account = &event.account;
        let mut team_changes = Vec::new();
        if let Some(team) = &event.team {
            match store.put_team(team) {
                TeamEdit::Created => {
                    if let Some(row) = store.team(team.id) {
                        let team = Named::<TeamId>::from(RosterTeam { store, row });
                        team_changes.push(Change::TeamCreated { team });
                    }
                }
                TeamEdit::Renamed { from } => team_changes.push(Change::TeamRenamed {
                    team: team.id,
                    from,
                    to: team.name.clone(),
                }),
                TeamEdit::Unchanged => {}
            }
        }
        let row = AccountRow {
            team: event.team.as_ref().map_or(0, |team| team.id.0),
            ..store.row_of(account)
        };
        let old = store.put_account(row);
        if let Some(old) = &old {
            store.count_member(old.team, false);
        }
        store.count_member(row.team, true);
        let changes = {
            let store = &*store;
            account_diff(
                team_changes,
                old.as_ref().map(|row| RosterAccount { store, row }),
                RosterAccount { store, row: &row },
            )
        };
        // An award taken from the account that nobody holds any more leaves the roster.
        if let Some(old) = old {
            let taken: Vec<AwardId> = store
                .award_ids(old.awards)
                .iter()
                .filter(|id| !account.awards.iter().any(|award| award.id == **id))
                .copied()
                .collect();
            if !taken.is_empty() {
                store.drop_unheld_awards(&taken);
            }
        }
        self.taken_at = now_to_the_microsecond();
        changes
    }

    /// This roster with an event applied (a copy: [`apply_event`](Self::apply_event)
    /// changes a roster in place, at a cost that does not grow with the league).
    ///
    /// ```
    /// use polympics_roster::{Change, Roster};
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
        let mut roster = self.clone();
        roster.apply_event(event);
        roster
    }
}
