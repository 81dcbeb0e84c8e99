//! Commands the UI invokes. Each takes the state, calls the core on a
//! blocking thread, and maps the error to `{ code, message }`; nothing
//! else happens here.

mod endpoint;
mod io;
mod library;
mod threads;
mod work;

pub use endpoint::*;
pub use io::*;
pub use library::*;
pub use threads::*;
pub use work::*;

use serde::Serialize;
use ts_rs::TS;

/// An error as the UI receives it: a stable `code` to act on and a
/// sentence to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CommandError {
    pub code: String,
    pub message: String,
}

impl CommandError {
    pub fn internal(message: String) -> CommandError {
        CommandError {
            code: "internal".into(),
            message,
        }
    }
}

impl From<dispatch_core::Error> for CommandError {
    fn from(e: dispatch_core::Error) -> Self {
        CommandError {
            code: e.code().to_string(),
            message: e.to_string(),
        }
    }
}

type CommandResult<T> = Result<T, CommandError>;

/// The bytes a command received as its raw body (a file the window read),
/// and the value of its header `name`: how the window sends files.
fn raw_body<'a>(
    request: &'a tauri::ipc::Request<'_>,
    name: &str,
) -> CommandResult<(&'a [u8], Option<&'a str>)> {
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
        return Err(
            dispatch_core::Error::InvalidInput("a file's bytes were expected".into()).into(),
        );
    };
    let header = request.headers().get(name).and_then(|v| v.to_str().ok());
    Ok((bytes, header))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_reach_the_ui_as_code_and_message() {
        let e = CommandError::from(dispatch_core::Error::NotFound(7));
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({ "code": "not_found", "message": "no article with id 7" })
        );
        let e = CommandError::from(dispatch_core::Error::InvalidQuery("bad date".into()));
        assert_eq!(serde_json::to_value(&e).unwrap()["code"], "invalid_query");
        let e = CommandError::from(dispatch_core::Error::Cancelled("stopped".into()));
        assert_eq!(serde_json::to_value(&e).unwrap()["code"], "cancelled");
    }
}
