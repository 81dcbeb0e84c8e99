//! Tokens for the local clip endpoint. A token is 32 random bytes, shown
//! once as `dsp_` and 64 hex digits; the archive keeps only its blake3 hash.
//!
//! Tokens are not part of the search index, so their writes do not take
//! the archive's writer lock: `dispatch token new` works while the app
//! (which holds the lock) runs, and the app sees the new token at once.

use super::{now, Archive};
use crate::model::TokenInfo;
use crate::store::tokens;
use crate::{Error, Result};

const PREFIX: &str = "dsp_";

impl Archive {
    /// Makes a token named `name` (the client it is for) and returns it.
    pub fn new_token(&self, name: &str) -> Result<String> {
        let name = crate::text::squash_whitespace(name);
        if name.is_empty() || name.chars().count() > 80 {
            return Err(Error::InvalidInput(
                "a token's name must have 1 to 80 characters".into(),
            ));
        }
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret)
            .map_err(|e| Error::io("reading random bytes", std::io::Error::other(e)))?;
        let token = format!("{PREFIX}{}", hex(&secret));
        let created = now();
        let added = self
            .store
            .write(|tx| tokens::insert(tx, &name, &digest(&token), &created))?;
        if !added {
            return Err(Error::InvalidInput(format!(
                "a token named \"{name}\" exists already (revoke it first)"
            )));
        }
        Ok(token)
    }

    /// Every token, oldest first.
    pub fn tokens(&self) -> Result<Vec<TokenInfo>> {
        tokens::list(&self.store.read())
    }

    /// Revokes the token named `name`.
    pub fn revoke_token(&self, name: &str) -> Result<()> {
        if self.store.write(|tx| tokens::delete(tx, name.trim()))? {
            Ok(())
        } else {
            Err(Error::InvalidInput(format!("no token named \"{name}\"")))
        }
    }

    /// The name of the client that `token` belongs to, or `None` for an
    /// unknown or revoked token; records when it was last used.
    pub fn check_token(&self, token: &str) -> Result<Option<String>> {
        if !token.starts_with(PREFIX) || token.len() != PREFIX.len() + 64 {
            return Ok(None);
        }
        let hash = digest(token);
        let Some(name) = tokens::name_of(&self.store.read(), &hash)? else {
            return Ok(None);
        };
        self.store.write(|tx| tokens::touch(tx, &name, &now()))?;
        Ok(Some(name))
    }
}

fn digest(token: &str) -> Vec<u8> {
    blake3::hash(token.as_bytes()).as_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_works_until_it_is_revoked() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        let token = archive.new_token("Firefox").unwrap();
        assert!(token.starts_with("dsp_") && token.len() == 68, "{token}");
        assert_eq!(
            archive.check_token(&token).unwrap().as_deref(),
            Some("Firefox")
        );
        assert_eq!(archive.check_token("dsp_0000").unwrap(), None);
        let listed = archive.tokens().unwrap();
        assert_eq!(listed.len(), 1);
        assert!(listed[0].last_used.is_some());
        assert!(archive.new_token("firefox").is_err(), "names are unique");
        archive.revoke_token("Firefox").unwrap();
        assert_eq!(archive.check_token(&token).unwrap(), None);
        assert!(archive.revoke_token("Firefox").is_err());
    }

    #[test]
    fn the_database_never_holds_the_token_itself() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).unwrap();
        let token = archive.new_token("cli").unwrap();
        drop(archive);
        let db = std::fs::read(dir.path().join("archive.db")).unwrap();
        let wal = std::fs::read(dir.path().join("archive.db-wal")).unwrap_or_default();
        let needle = &token.as_bytes()[4..];
        for bytes in [db, wal] {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle));
        }
    }
}
