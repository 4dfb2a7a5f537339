//! The manual as one page, self-contained: clap_mangen's title, name, synopsis,
//! description and options of the command, then every subcommand's help, the examples,
//! and the sections clap does not know of (EXIT STATUS, ENVIRONMENT, FILES).

use std::io::{self, Write};

use roff::{bold, roman, Roff};

use crate::args::examples;

/// Where every subcommand's help is wrapped in the page (a terminal's 80 columns, less the
/// manual's margin).
const WIDTH: usize = 76;

/// The whole page of `command` (as `args::command()` makes it) into `out`.
pub fn write(command: clap::Command, out: &mut dyn Write) -> io::Result<()> {
    let mut command = command;
    command.build();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;

    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    roff.text([roman(
        "Each command's help, as `polympics COMMAND --help` prints it, without the global \
         options (see OPTIONS above), which every command takes.",
    )]);
    for sub in command.get_subcommands() {
        commands(&mut roff, sub, &mut vec![command.get_name().to_owned()]);
    }
    if let Some(text) = examples::of(&[]) {
        roff.control("SH", ["EXAMPLES"]);
        preformatted(&mut roff, text);
    }
    definitions(&mut roff, "EXIT STATUS", EXIT_STATUS);
    definitions(&mut roff, "ENVIRONMENT", ENVIRONMENT);
    definitions(&mut roff, "FILES", FILES);
    roff.control("SH", ["VERSION"]);
    roff.text([roman(format!("polympics {}", env!("CARGO_PKG_VERSION")))]);
    roff.to_writer(out)
}

/// `command`'s help under its full name, then its subcommands' (clap's `help` left out).
fn commands(roff: &mut Roff, command: &clap::Command, path: &mut Vec<String>) {
    if command.get_name() == "help" {
        return;
    }
    path.push(command.get_name().to_owned());
    roff.control("SS", [path.join(" ").as_str()]);
    let help = command
        .clone()
        .term_width(WIDTH)
        .mut_args(|arg| {
            if arg.get_help_heading() == Some(crate::args::GLOBAL) {
                arg.hide(true)
            } else {
                arg
            }
        })
        .render_long_help()
        .to_string();
    preformatted(roff, help.trim_end());
    for sub in command.get_subcommands() {
        commands(roff, sub, path);
    }
    path.pop();
}

/// Text shown as it is, line by line.
fn preformatted(roff: &mut Roff, text: &str) {
    roff.control("nf", []);
    for line in text.lines() {
        roff.text([roman(line)]);
    }
    roff.control("fi", []);
}

/// A section of terms, each with its meaning.
fn definitions(roff: &mut Roff, heading: &str, terms: &[(&str, &str)]) {
    roff.control("SH", [heading]);
    for (term, meaning) in terms {
        roff.control("TP", []);
        roff.text([bold(*term)]);
        roff.text([roman(*meaning)]);
    }
}

const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "Success; for roster diff, roster plan and roster apply --dry-run, no changes.",
    ),
    (
        "1",
        "Failure: of the server, the network or a file, or credentials the server does not \
         know. Nothing is reported done that was not.",
    ),
    (
        "2",
        "A usage or configuration error (a flag that cannot hold, two that contradict each \
         other, a malformed desired roster or settings file), or a sync refused by its guard \
         rails or because the league changed since its saved plan was made.",
    ),
    (
        "3",
        "Changes found: roster diff, roster plan, roster apply --dry-run.",
    ),
    (
        "4",
        "Another roster apply against the same server still ran after --wait (or another \
         roster watch of the same snapshot).",
    ),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    ("POLYMPICS_URL", "The API's base URL (--url wins over it)."),
    (
        "POLYMPICS_USER",
        "The username: A<n> for an app, S<n> for a user session; unset for anonymous \
         (--user wins over it).",
    ),
    (
        "POLYMPICS_PASSWORD_FILE",
        "A file whose first line is the token (--password-file wins over it).",
    ),
    (
        "POLYMPICS_PASSWORD",
        "The token itself, instead of a file. The token is never taken on the command line.",
    ),
    (
        "POLYMPICS_PROFILE",
        "The profile of the settings file to use (--profile wins over it); without one, the \
         file's default profile if it names one.",
    ),
    (
        "POLYMPICS_CONFIG",
        "The settings file, instead of the one under XDG_CONFIG_HOME.",
    ),
    (
        "POLYMPICS_CALLBACK_SECRET",
        "The secret of callbacks listen and roster watch --listen, without --secret-file.",
    ),
    (
        "XDG_CONFIG_HOME",
        "Where the settings file is looked for (default ~/.config).",
    ),
    (
        "XDG_RUNTIME_DIR",
        "Where roster apply keeps its lock files (default the temporary directory).",
    ),
    (
        "HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY",
        "The proxy to go through, and the hosts reached directly.",
    ),
    ("RUST_LOG", "What -v logs, in env_logger's syntax."),
];

const FILES: &[(&str, &str)] = &[
    (
        "$XDG_CONFIG_HOME/polympics/config.toml",
        "The settings file (~/.config/polympics/config.toml without XDG_CONFIG_HOME; \
         ~/Library/Application Support/polympics/config.toml on macOS; \
         %APPDATA%\\polympics\\config.toml on Windows): named profiles under [profiles.NAME], \
         each with url, user and password_file (or password), and default = \"NAME\". The \
         environment and the flags win over it. A file that holds a token is refused if other \
         users may read it (chmod 600 it).",
    ),
    (
        "$XDG_RUNTIME_DIR/polympics-apply-SERVER.lock",
        "The lock that keeps roster apply runs against one server from overlapping (--lock-file \
         names another).",
    ),
];
