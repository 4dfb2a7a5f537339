//! The EXAMPLES of the help pages, as gh and cargo show them: every command that changes
//! something, every roster subcommand, and the root. One table, attached to the parsed
//! definition by [`attach`], so that `--help`, the manual and the help-walk test read the
//! same text.

/// The heading the examples go under, in the help and in the manual.
pub const HEADING: &str = "Examples:";

/// Each command (its path under `polympics`) and its examples: a comment line saying what
/// one does, then the command line.
const EXAMPLES: &[(&[&str], &str)] = &[
    (
        &[],
        "# Try any command on an embedded demo league, with no server
polympics --demo teams list

# Export the league to a spreadsheet, with the settings in the environment
POLYMPICS_URL=https://api.polytopia.fun polympics roster export > roster.csv

# Make the league match a roster file every night (cron), with a profile's server
polympics --profile league roster apply roster.csv --yes --quiet",
    ),
    (
        &["roster", "export"],
        "# One CSV row per account with its team
polympics roster export > roster.csv

# A snapshot for `roster diff`
polympics roster export --format json > monday.json

# A spreadsheet
polympics roster export --format xlsx > roster.xlsx",
    ),
    (
        &["roster", "diff"],
        "# What changed since a snapshot (exit 3 if anything did)
polympics roster diff monday.json

# Between two snapshots, as JSON
polympics roster diff monday.json friday.json --json",
    ),
    (
        &["roster", "watch"],
        "# Print each change as it happens, reading the league every 10 minutes
polympics roster watch --snapshot league.json

# Also receive the server's events at once, registered at start and removed at the end
polympics roster watch --listen 0.0.0.0:8012 --public-url https://sync.example.org/polympics",
    ),
    (
        &["roster", "plan"],
        "# What `roster apply` would do (exit 3 if anything)
polympics roster plan roster.csv

# A spreadsheet whose columns have other names, with a new team meant
polympics roster plan teams.xlsx --column account_id=\"Discord ID\" --new-team \"Sparta Shields\"

# Save the plan, to apply exactly these actions after a review
polympics roster plan roster.csv --prune --out plan.json",
    ),
    (
        &["roster", "apply"],
        "# Make the league match roster.csv, asking first
polympics roster apply roster.csv

# From cron: no question, no output when all is well, a log of each action
polympics roster apply roster.csv --yes --quiet --log /var/log/polympics-sync.jsonl

# Also empty what roster.csv does not list, allowing up to 40 removals
polympics roster apply roster.csv --prune --max-removals 40 --yes

# Exactly the actions of a reviewed plan
polympics roster apply plan.json --yes",
    ),
    (
        &["accounts", "create"],
        "# Register an account in a team
polympics accounts create --id 800000000000000000 --name achilles --discriminator 0 --team \"Sparta Shields\"",
    ),
    (
        &["accounts", "update"],
        "# Move an account into another team
polympics accounts update 800000000000000000 --team \"Athens Owls\"

# Grant a permission and take another away
polympics accounts update 800000000000000000 --grant manage_awards --revoke manage_teams",
    ),
    (
        &["accounts", "delete"],
        "# Delete an account
polympics accounts delete 800000000000000000",
    ),
    (
        &["teams", "create"],
        "# Create a team, and print its ID for a script
polympics teams create \"Sparta Shields\" --json",
    ),
    (
        &["teams", "rename"],
        "# Rename a team, by its name or its ID
polympics teams rename \"Sparta Shields\" \"Spartan Shields\"
polympics teams rename 12 \"Spartan Shields\"",
    ),
    (
        &["teams", "delete"],
        "# Delete a team (its members are left in no team)
polympics teams delete \"Sparta Shields\"",
    ),
    (
        &["teams", "merge"],
        "# Two teams of one name: move 14's members and awards into 12, then delete 14
polympics teams merge 14 12",
    ),
    (
        &["awards", "create"],
        "# An award of a team, held by one account from the start
polympics awards create --title \"First Blood\" --image-url https://example.org/first.png --team \"Sparta Shields\" --account 800000000000000000",
    ),
    (
        &["awards", "update"],
        "# Retitle an award
polympics awards update 3 --title \"Second Blood\"",
    ),
    (
        &["awards", "delete"],
        "# Delete an award
polympics awards delete 3",
    ),
    (
        &["awards", "give"],
        "# Give award 3 to an account
polympics awards give 3 800000000000000000",
    ),
    (
        &["awards", "take"],
        "# Take award 3 from an account
polympics awards take 3 800000000000000000",
    ),
    (
        &["callbacks", "create"],
        "# Register a receiver of team changes, with the secret in a file
polympics callbacks create account_team_update https://sync.example.org/polympics --secret-file secret.txt",
    ),
    (
        &["callbacks", "delete"],
        "# Stop the server sending team changes
polympics callbacks delete account_team_update",
    ),
    (
        &["callbacks", "listen"],
        "# Print each event as a JSON line, registered at start and removed at the end
polympics callbacks listen --public-url https://sync.example.org/polympics

# On a port of your choice, with a secret registered elsewhere
POLYMPICS_CALLBACK_SECRET=... polympics callbacks listen --listen 127.0.0.1:9000",
    ),
    (
        &["sessions", "create"],
        "# A session for an account (an app with AUTHENTICATE_USERS), as JSON
polympics sessions create 800000000000000000 --json",
    ),
];

/// The examples of the command at `path` (under `polympics`), if it has any.
pub fn of(path: &[&str]) -> Option<&'static str> {
    EXAMPLES
        .iter()
        .find(|(at, _)| *at == path)
        .map(|(_, text)| *text)
}

/// Every command with examples, as its path (for the help-walk test).
#[cfg(test)]
pub fn paths() -> impl Iterator<Item = &'static [&'static str]> {
    EXAMPLES.iter().map(|(path, _)| *path)
}

/// The command with the examples of it and of its subcommands after their help, indented as
/// clap indents the rest.
pub fn attach(command: clap::Command) -> clap::Command {
    attach_at(command, &mut Vec::new())
}

fn attach_at(mut command: clap::Command, path: &mut Vec<String>) -> clap::Command {
    let names: Vec<&str> = path.iter().map(String::as_str).collect();
    if let Some(text) = of(&names) {
        command = command.after_help(section(text));
    }
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    for name in subcommands {
        path.push(name.clone());
        command = command.mut_subcommand(name, |sub| attach_at(sub, path));
        path.pop();
    }
    command
}

/// The examples under their heading, each line indented.
fn section(text: &str) -> String {
    let mut section = String::from(HEADING);
    for line in text.lines() {
        section.push('\n');
        if !line.is_empty() {
            section.push_str("  ");
            section.push_str(line);
        }
    }
    section
}
