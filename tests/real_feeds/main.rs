//! Tests on the real public feeds of `../shared/datasets`, where real data has the mess
//! fixtures miss. Where that folder is not beside the checkout the runner reports each of
//! them as ignored, so a bare clone's run says what it did not check.

mod baltimore;
mod hsds;
mod meetings;
mod search;

use libtest_mimic::{Arguments, Trial};

fn main() {
    let args = Arguments::from_args();
    let tests: [(&str, fn()); 4] = [
        (
            "baltimore_languages_fees_and_categories_from_text",
            baltimore::baltimore_languages_fees_and_categories_from_text,
        ),
        (
            "real_feeds_are_served_as_valid_hsds",
            hsds::real_feeds_are_served_as_valid_hsds,
        ),
        (
            "every_real_meeting_carries_its_own_conference_link",
            meetings::every_real_meeting_carries_its_own_conference_link,
        ),
        (
            "search_on_the_real_feeds_answers_what_a_peer_worker_can_act_on",
            search::search_on_the_real_feeds_answers_what_a_peer_worker_can_act_on,
        ),
    ];
    let absent = waypoint_indexer::testing::shared_datasets().is_none();
    if absent {
        eprintln!("../shared/datasets is not beside this checkout: its tests are ignored");
    }
    let trials = tests
        .into_iter()
        .map(|(name, test)| {
            Trial::test(name, move || {
                test();
                Ok(())
            })
            .with_kind("shared")
            .with_ignored_flag(absent)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
