//! A roster with one account as an event reports it: what a watch applies between reads.

use super::Roster;
use crate::{Account, AccountTeamUpdateEvent, Team};

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
        let mut account: Account = event.account.clone();
        account.team.clone_from(&event.team);
        let mut teams: Vec<Team> = self.teams().map(|team| team.to_team()).collect();
        if let Some(team) = &event.team {
            match teams.binary_search_by_key(&team.id, |t| t.id) {
                Ok(at) => teams[at].name.clone_from(&team.name),
                Err(at) => teams.insert(at, team.clone()),
            }
        }
        let mut accounts: Vec<Account> = self.accounts().map(|a| a.to_account()).collect();
        match accounts.binary_search_by_key(&account.id, |a| a.id) {
            Ok(at) => accounts[at] = account,
            Err(at) => accounts.insert(at, account),
        }
        for team in &mut teams {
            team.member_count = 0;
        }
        for team_id in accounts
            .iter()
            .filter_map(|a| a.team.as_ref().map(|t| t.id))
        {
            if let Ok(at) = teams.binary_search_by_key(&team_id, |t| t.id) {
                teams[at].member_count += 1;
            }
        }
        let mut roster = Roster::from_parts(teams, accounts, super::now_to_the_microsecond());
        roster.source.clone_from(&self.source);
        roster
    }
}
