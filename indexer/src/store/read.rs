//! Reading listings back: whole records for the search index, and counts for `stats`.

