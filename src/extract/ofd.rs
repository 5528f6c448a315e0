//! PLACEHOLDER: being written.
use super::{ErrorKind, ExtractError, Extracted, Result};

pub fn extract(_bytes: &[u8]) -> Result<Extracted> {
    Err(ExtractError::new(
        ErrorKind::Unsupported,
        "not yet implemented",
    ))
}
