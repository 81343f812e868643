//! The member's language lives in [`crate::language`] (the capabilities' texts need it too);
//! the screens re-export it where they have always had it.

pub use crate::language::Language;
