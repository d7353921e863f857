//! 42 CFR Part 2 consent: what a client agreed to disclose, to whom, for what, until when;
//! and the rules that decide whether a consent lets a referral's details reach a partner.

pub mod actions;
pub mod elements;
pub mod model;
pub mod rules;
pub mod store;

pub use elements::{Element, Elements};
pub use model::{Consent, ConsentRequest, Recipient};
pub use rules::ConsentFault;

/// The §2.32 notice that goes with every body carrying client details.
pub const PART2_NOTICE: &str =
    "42 CFR part 2 prohibits unauthorized use or disclosure of these records.";
