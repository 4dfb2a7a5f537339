//! A small demo league, for examples and tests that want data to look at.

use polympics::{AccountId, AwardId, Credentials, Permissions, TeamId};

use crate::database::{AccountRow, AwardRow, Database, TeamRow};

const TEAMS: [&str; 5] = [
    "Athens Owls",
    "Corinth Columns",
    "Delphi Oracles",
    "Olympia Flames",
    "Sparta Shields",
];

const NAMES: [&str; 36] = [
    "Achilles",
    "Agamemnon",
    "Ajax",
    "Andromache",
    "Antigone",
    "Ariadne",
    "Atalanta",
    "Calypso",
    "Cassandra",
    "Circe",
    "Daedalus",
    "Electra",
    "Eurydice",
    "Hector",
    "Helen",
    "Heracles",
    "Icarus",
    "Iphigenia",
    "Jason",
    "Leonidas",
    "Medea",
    "Menelaus",
    "Narcissus",
    "Nestor",
    "Odysseus",
    "Orpheus",
    "Pandora",
    "Patroclus",
    "Penelope",
    "Perseus",
    "Phaedra",
    "Priam",
    "Psyche",
    "Telemachus",
    "Theseus",
    "Xanthippe",
];

/// What [`TestServer::seed_demo_league`](crate::TestServer::seed_demo_league) created.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DemoLeague {
    /// An app with every app permission, to manage the league.
    pub app: Credentials,
    /// The teams' IDs.
    pub teams: Vec<TeamId>,
    /// The accounts' IDs (Discord-style snowflakes above 2^53).
    pub accounts: Vec<AccountId>,
    /// The awards' IDs.
    pub awards: Vec<AwardId>,
}

/// Fills `state` with the demo league: five teams, 36 accounts (all but three in a team,
/// one captain per team with `MANAGE_OWN_TEAM`), and a few awards given out, managed by
/// the app `app`.
pub(crate) fn seed(state: &mut Database, app: Credentials) -> DemoLeague {
    {
        let teams: Vec<u64> = TEAMS
            .iter()
            .map(|name| {
                let id = state.ids.team();
                let created_at = state.now();
                state.teams.insert(
                    id,
                    TeamRow {
                        name: (*name).to_owned(),
                        created_at,
                    },
                );
                id
            })
            .collect();
        let accounts: Vec<u64> = NAMES
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let id = 800_000_000_000_000_000 + (i as u64) * 7_919_000_000_001;
                let team = (i < 33).then(|| teams[i % teams.len()]);
                let captain = i < teams.len();
                let created_at = state.now();
                state.accounts.insert(
                    id,
                    AccountRow {
                        id,
                        name: (*name).to_owned(),
                        discriminator: format!("{:04}", (i * 397 + 1) % 10_000),
                        avatar_url: None,
                        team,
                        permissions: if captain {
                            Permissions::MANAGE_OWN_TEAM
                        } else {
                            Permissions::empty()
                        },
                        created_at,
                    },
                );
                id
            })
            .collect();
        let medals = [("Gold", 0), ("Silver", 1), ("Bronze", 2), ("Fair Play", 3)];
        let awards: Vec<u64> = medals
            .iter()
            .map(|(title, team)| {
                let id = state.ids.award();
                state.awards.insert(
                    id,
                    AwardRow {
                        title: (*title).to_owned(),
                        image_url: format!("https://example.com/{}.png", title.to_lowercase()),
                        team: teams[*team],
                    },
                );
                for account in accounts.iter().skip(*team).step_by(teams.len()).take(4) {
                    state.holdings.insert((*account, id));
                }
                id
            })
            .collect();
        DemoLeague {
            app,
            teams: teams.into_iter().map(TeamId).collect(),
            accounts: accounts.into_iter().map(AccountId).collect(),
            awards: awards.into_iter().map(AwardId).collect(),
        }
    }
}
