//! Install identity (SPEC §3): a random ID kept in the app's data directory, so it is gone
//! when the app is deleted. Secrets in the secure store name the install they belong to.

use std::fs;
use std::path::Path;

use crate::storage::StorageError;

const INSTALL_FILE: &str = "install_id";

/// The install ID in `data_dir`, and whether it was created just now (a first launch).
pub fn load_or_create(data_dir: &Path) -> Result<(String, bool), StorageError> {
    fs::create_dir_all(data_dir)?;
    let path = data_dir.join(INSTALL_FILE);
    match fs::read_to_string(&path) {
        Ok(text) if uuid::Uuid::parse_str(text.trim()).is_ok() => {
            Ok((text.trim().to_owned(), false))
        }
        Ok(_) | Err(_) => {
            let id = uuid::Uuid::new_v4().to_string();
            // Written to a temporary file and renamed, so a crash never leaves half an ID.
            let tmp = data_dir.join(format!("{INSTALL_FILE}.tmp"));
            fs::write(&tmp, &id)?;
            fs::rename(&tmp, &path)?;
            Ok((id, true))
        }
    }
}

const MEMBER_SEEN_FILE: &str = "member_seen";

/// Whether a member has ever logged in on this install (decides "first launch" vs "signed out").
pub fn member_seen(data_dir: &Path) -> bool {
    data_dir.join(MEMBER_SEEN_FILE).exists()
}

/// Records that a member logged in on this install.
pub fn mark_member_seen(data_dir: &Path) -> Result<(), StorageError> {
    fs::write(data_dir.join(MEMBER_SEEN_FILE), b"1")?;
    Ok(())
}

/// Forgets that a member logged in here: after a withdrawal the phone holds no member, and
/// the next start is a first launch (the welcome with sign-up), not "log in again".
pub fn forget_member_seen(data_dir: &Path) -> Result<(), StorageError> {
    match fs::remove_file(data_dir.join(MEMBER_SEEN_FILE)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_once_then_kept() {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = temp.path();
        let (first, created) = load_or_create(&dir).expect("create");
        assert!(created);
        let (again, created_again) = load_or_create(&dir).expect("load");
        assert_eq!(first, again);
        assert!(!created_again);
        fs::write(dir.join(INSTALL_FILE), "garbage").expect("write");
        let (replaced, recreated) = load_or_create(&dir).expect("recreate");
        assert!(recreated);
        assert_ne!(replaced, first);
    }
}
