//! Callbacks: `/callback/{event}` and `/callbacks` (apps only).

use std::collections::HashMap;

use serde::Deserialize;

use crate::client::AppClient;
use crate::error::Result;
use crate::models::{Callback, EventType};
use crate::requests::forms::CallbackForm;
use crate::transport::{Method, Path};

fn callback_path(event: EventType) -> Path {
    Path::new("/callback").segment(event.as_str())
}

impl AppClient {
    /// Registers `url` to receive `event`s, replacing this app's earlier callback for it.
    /// The server POSTs each event with `Authorization: Bearer <secret>`.
    ///
    /// The URL must be `http` or `https`, with a host that has a dot or is an IP address
    /// (`http://localhost/...` is refused with a 422). The URL and the secret have at most
    /// 2047 characters each.
    ///
    /// ```no_run
    /// use polympics::EventType;
    /// # let app = polympics::AppClient::new("https://api.polytopia.fun", polympics::Credentials::new("A3", "TOKEN"))?;
    /// let callback = app.create_callback(
    ///     EventType::AccountTeamUpdate,
    ///     "https://example.com/fake_callback",
    ///     "obviously-dont-use-this",
    /// )?;
    /// println!("registered as callback {}", callback.id);
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn create_callback(
        &self,
        event: EventType,
        url: impl AsRef<str>,
        secret: impl AsRef<str>,
    ) -> Result<Callback> {
        self.transport.send(
            Method::PUT,
            callback_path(event),
            &CallbackForm {
                url: url.as_ref(),
                secret: secret.as_ref(),
            },
            200,
        )
    }

    /// This app's callbacks: the URL registered for each event.
    ///
    /// ```no_run
    /// # let app = polympics::AppClient::new("https://api.polytopia.fun", polympics::Credentials::new("A3", "TOKEN"))?;
    /// for (event, url) in app.get_callbacks()? {
    ///     println!("{url} registered for {event}");
    /// }
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn get_callbacks(&self) -> Result<HashMap<EventType, String>> {
        #[derive(Deserialize)]
        struct Callbacks {
            callbacks: HashMap<EventType, String>,
        }
        Ok(self
            .transport
            .get::<Callbacks>(Path::new("/callbacks"))?
            .callbacks)
    }

    /// This app's callback for one event. A missing one is a 404 ([`Error::is_not_found`](crate::Error::is_not_found)).
    ///
    /// ```no_run
    /// use polympics::EventType;
    /// # let app = polympics::AppClient::new("https://api.polytopia.fun", polympics::Credentials::new("A3", "TOKEN"))?;
    /// let callback = app.get_callback(EventType::AccountTeamUpdate)?;
    /// println!("{} {} {}", callback.id, callback.event, callback.url);
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn get_callback(&self, event: EventType) -> Result<Callback> {
        self.transport.get(callback_path(event))
    }

    /// Removes this app's callback for an event. A missing one is a 404.
    ///
    /// ```no_run
    /// use polympics::EventType;
    /// # let app = polympics::AppClient::new("https://api.polytopia.fun", polympics::Credentials::new("A3", "TOKEN"))?;
    /// app.delete_callback(EventType::AccountTeamUpdate)?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn delete_callback(&self, event: EventType) -> Result<()> {
        self.transport
            .call(Method::DELETE, callback_path(event), None)?
            .empty(&[204])
            .map(drop)
    }
}
