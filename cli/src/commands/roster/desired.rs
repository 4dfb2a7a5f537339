//! Reading the desired roster a sync is given: a CSV file (or stdin), read by the
//! library's strict reader (`DesiredRoster::from_csv`) before anything is sent.

use std::io::Read;
use std::path::Path;

use polympics_roster::{DesiredRoster, ReadOptions, MAX_DESIRED_BYTES};

use crate::failure::Failure;

/// What to do about a desired roster that cannot be read.
const FORMAT_HINT: &str = "a desired roster is a CSV file (UTF-8; comma, semicolon or tab) \
     with a header: the account's Discord ID (account_id) and its team (an exact team name, \
     empty for no team), optionally name and discriminator (to create missing accounts) and \
     team_id; --column FIELD=HEADER names a column; `polympics roster export` writes one";

/// The bytes of the file at `path`, or of stdin for `-` (at most [`MAX_DESIRED_BYTES`]
/// and one more, for the reader to refuse), and the name to call it by.
pub fn read_file(path: &Path) -> Result<(String, Vec<u8>), Failure> {
    let mut bytes = Vec::new();
    let read = if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(MAX_DESIRED_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_DESIRED_BYTES + 1).read_to_end(&mut bytes))
    };
    let name = if path == Path::new("-") {
        "stdin".to_owned()
    } else {
        path.display().to_string()
    };
    read.map_err(|err| Failure::file("read", path, err).usage_error())?;
    Ok((name, bytes))
}

/// Reads a desired roster from `bytes` (of the file called `name`). Mistakes are a usage
/// error (exit 2): nothing is sent.
pub fn parse(name: &str, bytes: &[u8], options: &ReadOptions) -> Result<DesiredRoster, Failure> {
    DesiredRoster::read(bytes, options).map_err(|err| {
        let message = match (err.mistakes(), err.unlisted()) {
            ([_], 0) => format!("{name}: {err}"),
            _ => format!("{name} has {err}"),
        };
        Failure::usage(message).hint(FORMAT_HINT)
    })
}

/// The URL DESIRED is, when it is one (`https://` or `http://`).
pub fn url(desired: &Path) -> Option<&str> {
    desired
        .to_str()
        .filter(|text| text.starts_with("https://") || text.starts_with("http://"))
}

/// Reads the desired roster published at `url`. One that cannot be fetched or read is a
/// usage error (exit 2): nothing is sent.
pub fn fetch(url: &str, options: &ReadOptions) -> Result<DesiredRoster, Failure> {
    DesiredRoster::fetch(url, options).map_err(|err| {
        let message = match (err.mistakes(), err.unlisted()) {
            ([one], 0) if one.line.is_none() => err.to_string(),
            ([_], 0) => format!("the desired roster at the URL: {err}"),
            _ => format!("the desired roster at the URL has {err}"),
        };
        Failure::usage(message).hint(FORMAT_HINT)
    })
}
