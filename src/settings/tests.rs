//! The settings file's profiles under the environment, with the variables given by each
//! test (the process's own are never changed).

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::Settings;
use crate::error::Error;

/// A folder of its own for each test, with a settings file of `text` and mode `mode`.
fn settings_file(test: &str, text: &str, mode: u32) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("polympics-settings-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    set_mode(&path, mode);
    path
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) {}

fn load(vars: &[(&str, &str)], profile: Option<&str>) -> Result<Settings, Error> {
    let vars: HashMap<String, OsString> = vars
        .iter()
        .map(|(name, value)| (name.to_string(), OsString::from(value)))
        .collect();
    Settings::load_with(&|name| vars.get(name).cloned(), profile)
}

const TWO: &str = r#"
default = "alpha"

[profiles.alpha]
url = "http://127.0.0.1:1001"
user = "A1"
password_file = "alpha.token"

[profiles.beta]
url = "http://127.0.0.1:1002"
"#;

#[test]
fn two_profiles_select_two_servers() {
    let path = settings_file("two", TWO, 0o600);
    std::fs::write(path.with_file_name("alpha.token"), "  tok-alpha \n").unwrap();
    let config = path.to_str().unwrap();
    let alpha = load(&[("POLYMPICS_CONFIG", config)], Some("alpha")).unwrap();
    assert_eq!(alpha.url.as_deref(), Some("http://127.0.0.1:1001"));
    assert_eq!(alpha.user.as_deref(), Some("A1"));
    assert_eq!(alpha.password.as_ref().unwrap().expose(), "tok-alpha");
    assert_eq!(alpha.profile.as_deref(), Some("alpha"));
    let beta = load(&[("POLYMPICS_CONFIG", config)], Some("beta")).unwrap();
    assert_eq!(beta.url.as_deref(), Some("http://127.0.0.1:1002"));
    assert_eq!((beta.user, beta.password), (None, None));
    // POLYMPICS_PROFILE, and the file's default without one.
    let by_var = load(
        &[("POLYMPICS_CONFIG", config), ("POLYMPICS_PROFILE", "beta")],
        None,
    )
    .unwrap();
    assert_eq!(by_var.profile.as_deref(), Some("beta"));
    let by_default = load(&[("POLYMPICS_CONFIG", config)], None).unwrap();
    assert_eq!(by_default.profile.as_deref(), Some("alpha"));
    // The argument wins over the variable.
    let argument = load(
        &[("POLYMPICS_CONFIG", config), ("POLYMPICS_PROFILE", "beta")],
        Some("alpha"),
    )
    .unwrap();
    assert_eq!(argument.profile.as_deref(), Some("alpha"));
    // The default place: $XDG_CONFIG_HOME/polympics/config.toml.
    let xdg = path.parent().unwrap().join("xdg");
    std::fs::create_dir_all(xdg.join("polympics")).unwrap();
    std::fs::write(
        xdg.join("polympics/config.toml"),
        TWO.replace("alpha.token", "../alpha.token"),
    )
    .unwrap();
    set_mode(&xdg.join("polympics/config.toml"), 0o600);
    let found = load(&[("XDG_CONFIG_HOME", xdg.to_str().unwrap())], Some("beta")).unwrap();
    assert_eq!(found.url.as_deref(), Some("http://127.0.0.1:1002"));
}

#[test]
fn the_environment_wins_over_the_profile() {
    let path = settings_file("env", TWO, 0o600);
    std::fs::write(path.with_file_name("alpha.token"), "tok-alpha\n").unwrap();
    let config = path.to_str().unwrap();
    let settings = load(
        &[
            ("POLYMPICS_CONFIG", config),
            ("POLYMPICS_URL", "http://127.0.0.1:2000"),
        ],
        Some("alpha"),
    )
    .unwrap();
    assert_eq!(settings.url.as_deref(), Some("http://127.0.0.1:2000"));
    assert_eq!(
        settings.user.as_deref(),
        Some("A1"),
        "the profile's credentials"
    );
    // A user or a token of the environment replaces the profile's credentials: never a
    // user of one place with the token of another.
    let settings = load(
        &[("POLYMPICS_CONFIG", config), ("POLYMPICS_USER", "A9")],
        Some("alpha"),
    )
    .unwrap();
    assert_eq!(settings.user.as_deref(), Some("A9"));
    assert!(settings.password.is_none());
    let settings = load(
        &[
            ("POLYMPICS_CONFIG", config),
            ("POLYMPICS_PASSWORD", "tok-env"),
        ],
        Some("alpha"),
    )
    .unwrap();
    assert_eq!(
        (
            settings.user,
            settings.password.unwrap().expose().to_owned()
        ),
        (None, "tok-env".to_owned())
    );
    // No file and no profile asked for: the environment alone.
    let settings = load(&[("POLYMPICS_URL", "http://127.0.0.1:3000")], None).unwrap();
    assert_eq!(settings.url.as_deref(), Some("http://127.0.0.1:3000"));
    assert_eq!(settings.profile, None);
}

#[test]
#[cfg(unix)]
fn a_file_holding_a_token_that_others_may_read_is_refused() {
    let text = "[profiles.league]\nurl = \"http://127.0.0.1:1\"\nuser = \"A1\"\npassword = \"tok-secret\"\n";
    for mode in [0o644, 0o640, 0o604] {
        let path = settings_file("readable", text, mode);
        let err = load(
            &[("POLYMPICS_CONFIG", path.to_str().unwrap())],
            Some("league"),
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert!(
            message.contains("holds a token and other users may read it"),
            "{message}"
        );
        assert!(message.contains("chmod 600"), "{message}");
        assert!(!message.contains("tok-secret"), "{message}");
        // Whichever profile is used: the file holds a token.
        let err = load(&[("POLYMPICS_CONFIG", path.to_str().unwrap())], None).unwrap_err();
        assert!(err.to_string().contains("other users may read it"), "{err}");
    }
    let path = settings_file("private", text, 0o600);
    let settings = load(
        &[("POLYMPICS_CONFIG", path.to_str().unwrap())],
        Some("league"),
    )
    .unwrap();
    assert_eq!(settings.password.unwrap().expose(), "tok-secret");
    // Without a token, a readable file is fine: a URL and a user are not secrets.
    let path = settings_file("no-token", TWO, 0o644);
    assert!(load(
        &[("POLYMPICS_CONFIG", path.to_str().unwrap())],
        Some("beta")
    )
    .is_ok());
}

#[test]
fn mistakes_of_the_file_are_errors_never_ignored_or_echoed() {
    let cases: &[(&str, &str, Option<&str>, &str)] = &[
        (
            "typo",
            "[profiles.a]\nurl = \"http://x.y\"\npasword_file = \"t\"\n",
            Some("a"),
            "unknown field `pasword_file`",
        ),
        ("top", "defualt = \"a\"\n", None, "unknown field `defualt`"),
        (
            "missing",
            TWO,
            Some("gamma"),
            "no profile \"gamma\" in the settings file",
        ),
        (
            "number",
            "[profiles.a]\npassword = 12345678\n",
            Some("a"),
            "a password must be a string",
        ),
        (
            "syntax",
            "[profiles.a\nurl = 1\n",
            Some("a"),
            "is not valid (line 1)",
        ),
        (
            "both",
            "[profiles.a]\npassword = \"tok-x\"\npassword_file = \"t\"\n",
            Some("a"),
            "both password and password_file",
        ),
    ];
    for (test, text, profile, says) in cases {
        let path = settings_file(test, text, 0o600);
        let err = load(&[("POLYMPICS_CONFIG", path.to_str().unwrap())], *profile).unwrap_err();
        let message = err.to_string();
        assert!(message.contains(says), "{test}: {message}");
        assert!(
            !message.contains("12345678") && !message.contains("tok-x"),
            "{test}: {message}"
        );
    }
    // A profile asked for, and no file where the settings say.
    let err = load(
        &[("POLYMPICS_CONFIG", "/nonexistent/polympics.toml")],
        Some("a"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
    let err = load(&[("XDG_CONFIG_HOME", "/nonexistent")], Some("a")).unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
    let err = load(&[], Some("a")).unwrap_err();
    assert!(err.to_string().contains("no settings file"), "{err}");
    // A named file must exist even without a profile; the default place need not.
    assert!(load(&[("POLYMPICS_CONFIG", "/nonexistent/polympics.toml")], None).is_err());
    assert!(load(&[("XDG_CONFIG_HOME", "/nonexistent")], None).is_ok());
}
