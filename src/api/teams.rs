//! Teams: `/teams/*` and `/team/{id}`.

use crate::client::Client;

use crate::auth::{AuthKind, Authenticated};
use crate::error::{Error, Result};
use crate::ids::TeamId;
use crate::models::Team;
use crate::pagination::TeamQuery;
use crate::requests::forms::TeamName;
use crate::transport::{Method, Path};

impl<A: AuthKind> Client<A> {
    /// Gets a team by its ID.
    ///
    /// ```no_run
    /// let client = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
    /// let team = client.get_team(31)?;
    /// println!("{}: {} members", team.name, team.member_count);
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn get_team(&self, team: impl Into<TeamId>) -> Result<Team> {
        self.transport.get(Path::new("/team").id(team.into()))
    }

    /// Lists teams, lazily, a page at a time; narrow it with
    /// [`search`](TeamQuery::search).
    ///
    /// ```no_run
    /// # let client = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
    /// let page = client.list_teams().search("foo").get_page(0)?;
    /// let names: Vec<&str> = page.data.iter().map(|team| team.name.as_str()).collect();
    /// println!("{names:?} ({} in all)", page.results);
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn list_teams(&self) -> TeamQuery {
        TeamQuery::teams(self.transport.clone())
    }

    /// The teams whose name is exactly `name` (letter case and spaces included), by ID.
    /// Names are not unique on the server: this can be several teams, or none. One
    /// [literal search](TeamQuery::search_literal), filtered to the exact name.
    ///
    /// ```no_run
    /// # let client = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
    /// match client.teams_named("Sparta Shields")?.as_slice() {
    ///     [] => println!("no such team"),
    ///     [team] => println!("team {}", team.id),
    ///     twins => println!("{} teams have that name", twins.len()),
    /// }
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn teams_named(&self, name: &str) -> Result<Vec<Team>> {
        let mut teams = Vec::new();
        for team in self.list_teams().search_literal(name).per_page(100) {
            let team = team?;
            if team.name == name {
                teams.push(team);
            }
        }
        teams.sort_by_key(|team| team.id);
        Ok(teams)
    }
}

impl<A: Authenticated> Client<A> {
    /// Creates a team (needs `MANAGE_TEAMS`; the name has at most 255 characters).
    ///
    /// ```no_run
    /// # let app = polympics::AppClient::new("https://api.polytopia.fun", polympics::Credentials::new("A3", "TOKEN"))?;
    /// let team = app.create_team("Gods of Olympus")?;
    /// assert_eq!(team.name, "Gods of Olympus");
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn create_team(&self, name: impl AsRef<str>) -> Result<Team> {
        self.transport.send(
            Method::POST,
            Path::new("/teams/new"),
            &TeamName {
                name: name.as_ref(),
            },
            201,
        )
    }

    /// Renames a team. Needs `MANAGE_TEAMS`, or `MANAGE_OWN_TEAM` as one of its members.
    ///
    /// ```no_run
    /// # let app = polympics::AppClient::new("https://api.polytopia.fun", polympics::Credentials::new("A3", "TOKEN"))?;
    /// let team = app.get_team(13)?;
    /// let team = app.update_team(&team, "Cool Kidz")?;
    /// assert_eq!(team.name, "Cool Kidz");
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn update_team(&self, team: impl Into<TeamId>, name: impl AsRef<str>) -> Result<Team> {
        let body = TeamName {
            name: name.as_ref(),
        };
        self.transport.send(
            Method::PATCH,
            Path::new("/team").id(team.into()),
            &body,
            200,
        )
    }

    /// Deletes a team; its members are left in no team. Needs the same permission as
    /// [`update_team`](Self::update_team).
    ///
    /// The server cannot delete a team that an award still belongs to: it answers with a
    /// 500 ([`Error::Server`](crate::Error::Server)) and keeps the team. Delete or move its
    /// awards first. After such a 500 the client looks the team up once, and when it
    /// still has awards the error says so and names them.
    ///
    /// ```no_run
    /// # let app = polympics::AppClient::new("https://api.polytopia.fun", polympics::Credentials::new("A3", "TOKEN"))?;
    /// app.delete_team(polympics::TeamId(28))?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn delete_team(&self, team: impl Into<TeamId>) -> Result<()> {
        let team = team.into();
        match self
            .transport
            .call(Method::DELETE, Path::new("/team").id(team), None)
        {
            Ok(response) => response.empty(&[204]).map(drop),
            Err(err @ Error::Server { status: 500, .. }) => Err(match self.get_team(team) {
                Ok(found) if !found.awards.is_empty() => err.with_hint(awards_hint(&found)),
                _ => err,
            }),
            Err(err) => Err(err),
        }
    }
}

/// Why a team with awards cannot be deleted, naming the awards.
fn awards_hint(team: &Team) -> String {
    let titles: Vec<String> = team
        .awards
        .iter()
        .take(5)
        .map(|award| format!("{:?}", award.title))
        .collect();
    let more = if team.awards.len() > titles.len() {
        ", ..."
    } else {
        ""
    };
    format!(
        "team {} still has {} award{} ({}{more}), and the server cannot delete a team that an \
         award belongs to: delete the awards or move them to another team first",
        team.id,
        team.awards.len(),
        if team.awards.len() == 1 { "" } else { "s" },
        titles.join(", ")
    )
}
