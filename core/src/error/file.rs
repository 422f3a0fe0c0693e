//! Why a file offered for import is refused as a whole: a closed list the window translates.

use std::fmt;

use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// Why a file offered for import is refused as a whole.
    pub enum FileProblem {
        Empty = "empty",
        TooLarge = "too_large",
        NotATable = "not_a_table",
        NoRows = "no_rows",
        Binary = "binary",
        MixedEncodings = "mixed_encodings",
        /// Bytes the chosen encoding cannot decode.
        Undecodable = "undecodable",
        /// The file is no longer there (a drop or choice that went stale).
        Gone = "gone",
        /// Dates read either way round: the date order must be chosen first.
        NeedsDateOrder = "needs_date_order",
        /// The file's bytes are not those its preview read (saved again since): the import and
        /// the failed rows follow only what the person checked.
        Changed = "changed",
    }
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
