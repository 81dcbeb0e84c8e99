//! The window's side of articles' images: the `dispatch-image:` scheme
//! that serves the archive's copies (the CSP lets images load from nowhere
//! else, so a clipped page can never make the window fetch from the web),
//! and fetching them in the background after a clip. Reading an article
//! never touches the network: images missing then are fetched only when
//! the reporter asks (`keep_images`).

use std::collections::HashSet;
use std::sync::Mutex;

use tauri::http::{header, Request, Response, StatusCode};
use tauri::{AppHandle, Manager};

use crate::commands::BackgroundEvent;
use crate::state::{lock, AppState};

/// `dispatch-image://localhost/ID?src=ADDRESS` is the kept copy of the
/// image at ADDRESS in article ID.
pub const SCHEME: &str = "dispatch-image";

/// The answer to a request on [`SCHEME`]: the image, or 404.
pub fn answer(app: &AppHandle, request: &Request<Vec<u8>>) -> Response<Vec<u8>> {
    let image = image_of(request).and_then(|(id, src)| {
        let archive = app.state::<AppState>().archive().ok()?;
        archive.image(id, &src).ok().flatten()
    });
    let response = Response::builder()
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::CACHE_CONTROL, "no-cache");
    let built = match image {
        Some(image) => response
            .header(header::CONTENT_TYPE, image.mime)
            .body(image.bytes),
        None => response.status(StatusCode::NOT_FOUND).body(Vec::new()),
    };
    built.unwrap_or_default()
}

/// The article id and image address a request names.
fn image_of(request: &Request<Vec<u8>>) -> Option<(i64, String)> {
    let url = tauri::Url::parse(&request.uri().to_string()).ok()?;
    let id = url.path().trim_matches('/').parse().ok()?;
    let (_, src) = url.query_pairs().find(|(k, _)| k == "src")?;
    Some((id, src.into_owned()))
}

/// Articles whose images are being fetched, so that two clips of the
/// same article do not fetch them twice.
#[derive(Default)]
pub struct InFlight(Mutex<HashSet<i64>>);

/// Fetches the images of article `id` not kept yet, in the background; the
/// window hears [`BackgroundEvent::Images`] when some were fetched.
pub fn keep_soon(app: &AppHandle, id: i64) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        if !lock(&state.images.0).insert(id) {
            return;
        }
        let report = state
            .run(move |archive| archive.save_images(id, false))
            .await;
        lock(&state.images.0).remove(&id);
        if let Ok(report) = report {
            if report.fetched > 0 {
                state.endpoint.send(BackgroundEvent::Images(report));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(uri: &str) -> Request<Vec<u8>> {
        Request::builder().uri(uri).body(Vec::new()).unwrap()
    }

    #[test]
    fn requests_name_an_article_and_an_address_on_every_platform() {
        let src = "https://cdn.example/a b.jpg?w=640&h=400";
        let query = format!(
            "src={}",
            percent_encoding::utf8_percent_encode(src, percent_encoding::NON_ALPHANUMERIC)
        );
        for base in [
            "dispatch-image://localhost",
            "http://dispatch-image.localhost",
        ] {
            let named = image_of(&request(&format!("{base}/42?{query}")));
            assert_eq!(named, Some((42, src.to_string())), "{base}");
        }
        assert_eq!(
            image_of(&request("dispatch-image://localhost/x?src=a")),
            None
        );
        assert_eq!(image_of(&request("dispatch-image://localhost/4")), None);
    }
}
