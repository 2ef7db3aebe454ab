//! Stable record ids.
//!
//! Every record carries a short text id (`m-…` for a member, `a-…` for an activity, …) that never changes,
//! so that backups from two devices can be merged and an updated calendar file updates its events. Ids are
//! made from the creation time and random bits supplied by the caller, keeping this module free of web APIs.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub const PREFIX: &'static str = $prefix;
            /// A new id from a millisecond timestamp and 32 random bits.
            pub fn generate(millis: u64, random: u32) -> Self {
                $name(format!("{}-{:x}{:08x}", $prefix, millis, random))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_owned())
            }
        }
    };
}

id_type!(
    /// A member of the branch (or an activist attached to it).
    MemberId, "m"
);
id_type!(
    /// A party group (党小组).
    GroupId, "g"
);
id_type!(
    /// An activity: a meeting, lecture, theme day, talk or study session.
    ActivityId, "a"
);
id_type!(
    /// A study-plan item (学习计划).
    StudyItemId, "s"
);

/// The longest id accepted from outside (imports, URLs).
pub const MAX_ID_LEN: usize = 64;

/// Whether `s` is a well-formed id for the given prefix: `prefix-` then 1–60 of `[0-9a-z_-]`.
pub fn is_well_formed(prefix: &str, s: &str) -> bool {
    s.len() <= MAX_ID_LEN
        && s.strip_prefix(prefix)
            .and_then(|r| r.strip_prefix('-'))
            .is_some_and(|rest| {
                !rest.is_empty()
                    && rest
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase() || b == b'_' || b == b'-')
            })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_well_formed_and_distinct() {
        let a = MemberId::generate(1_700_000_000_000, 1);
        let b = MemberId::generate(1_700_000_000_000, 2);
        assert_ne!(a, b);
        assert!(is_well_formed(MemberId::PREFIX, a.as_str()));
        assert!(!is_well_formed(GroupId::PREFIX, a.as_str()));
        assert!(!is_well_formed("m", "m-"));
        assert!(!is_well_formed("m", "m-<script>"));
        assert!(!is_well_formed("m", &format!("m-{}", "a".repeat(80))));
    }
}
