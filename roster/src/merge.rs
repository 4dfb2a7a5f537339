//! [`merge_teams`]: one team's members and awards moved into another, and the emptied
//! team deleted; what mends twin teams that a race or a person left behind.

use crate::error::{Error, Result};
use crate::named::Named;
use polympics::auth::Authenticated;
use polympics::Client;
use polympics::Missing;
use polympics::{AccountId, TeamId};
use polympics::{AccountUpdate, AwardUpdate};

/// How many times a merge lists the team's members before giving up on a team that keeps
/// gaining them.
const MAX_ROUNDS: u32 = 3;

/// What [`merge_teams`] did.
///
/// ```
/// use polympics_roster::Merged;
///
/// fn report(merged: &Merged) -> String {
///     format!("{} accounts and {} awards moved", merged.accounts, merged.awards)
/// }
/// # let _ = report;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Merged {
    /// The team merged, now deleted.
    pub from: Named<TeamId>,
    /// The team that stays.
    pub into: Named<TeamId>,
    /// How many accounts were moved.
    pub accounts: usize,
    /// How many awards were moved.
    pub awards: usize,
}

/// Moves every member and every award of the team `from` into the team `into`, then
/// deletes `from`: what mends two teams of one name (a
/// [`Conflict::AmbiguousTeam`](crate::Conflict::AmbiguousTeam)). The
/// `polympics teams merge FROM INTO` command runs it.
///
/// Members are listed again after they are moved, so that one added meanwhile is moved
/// too; a team that is still gaining members after three rounds is not deleted
/// ([`Error::KeptChanging`]). An account deleted meanwhile is passed over. A merge that
/// fails halfway is finished by running it again: what was moved stays moved.
///
/// ```
/// use polympics_roster::merge_teams;
/// use polympics::{NewAccount, NewAward};
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let (keep, twin) = (app.create_team("Twins")?, app.create_team("Twins")?);
/// app.create_account(NewAccount::new(1234567, "Artemis", "8472").team(&twin))?;
/// app.create_award(NewAward::new("Gold", "https://example.com/gold.png", &twin))?;
///
/// let merged = merge_teams(&app, &twin, &keep)?;
/// assert_eq!((merged.accounts, merged.awards), (1, 1));
/// assert_eq!(app.get_team(&keep)?.member_count, 1);
/// assert!(app.get_team(&twin).unwrap_err().is_not_found());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn merge_teams<A: Authenticated>(
    client: &Client<A>,
    from: impl Into<TeamId>,
    into: impl Into<TeamId>,
) -> Result<Merged> {
    let (from, into) = (from.into(), into.into());
    if from == into {
        return Err(polympics::Error::invalid_input(
            "team",
            format!("team {from} cannot be merged into itself"),
        )
        .into());
    }
    let target = client.get_team(into)?;
    let mut merged = Merged {
        from: Named::<TeamId>::from(&client.get_team(from)?),
        into: Named::<TeamId>::from(&target),
        accounts: 0,
        awards: 0,
    };
    for round in 0..=MAX_ROUNDS {
        let team = client.get_team(from)?;
        if team.member_count == 0 && team.awards.is_empty() {
            delete(client, from)?;
            return Ok(merged);
        }
        if round == MAX_ROUNDS {
            break;
        }
        // Listed first, moved after: moving changes the listing's pages.
        let members: Vec<AccountId> = client
            .list_accounts()
            .team(from)
            .per_page(1000)
            .into_iter()
            .map(|account| account.map(|a| a.id))
            .collect::<polympics::Result<_>>()?;
        for account in members {
            match client.update_account(account, AccountUpdate::new().team(into)) {
                Ok(_) => merged.accounts += 1,
                Err(err) if err.missing() == Some(Missing::Account) => {}
                Err(err) => return Err(err.into()),
            }
        }
        for award in &team.awards {
            client.update_award(award, AwardUpdate::new().team(into))?;
            merged.awards += 1;
        }
    }
    Err(Error::KeptChanging {
        what: format!("team {from}"),
        attempts: MAX_ROUNDS,
        reason: "it gained members or awards while they were moved".to_owned(),
    })
}

/// Deletes the emptied team; one already gone is fine.
fn delete<A: Authenticated>(client: &Client<A>, team: TeamId) -> Result<()> {
    match client.delete_team(team) {
        Err(err) if err.missing() == Some(Missing::Team) => Ok(()),
        other => Ok(other?),
    }
}
