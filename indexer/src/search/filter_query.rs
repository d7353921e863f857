//! Index queries for the search's filters: attributes ("accepts:medicaid"), ages, gender,
//! taxonomy terms, and weekly event start times.

use std::ops::Bound;

use chrono::{DateTime, Utc};
use tantivy::Term;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use super::query::exact;
use super::request::SearchRequest;
use crate::index::SearchIndex;
use crate::model::hours::utc_hour_of_week;

impl SearchIndex {
    /// The attribute and taxonomy filters: each must hold; a repeated one holds with any
    /// of its values. Listings that state no gender or ages are for everyone.
    pub(super) fn filter_queries(&self, request: &SearchRequest) -> Vec<(Occur, Box<dyn Query>)> {
        let f = self.fields();
        let r = &request.filters;
        let any = |field: Field, values: Vec<String>| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                values
                    .iter()
                    .map(|v| (Occur::Should, exact(field, v)))
                    .collect(),
            ))
        };
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        if let Some(a) = &r.attendance {
            out.push(exact(f.filter, &format!("attendance:{a}")));
        }
        for (on, name) in [(r.free, "free:true"), (r.wheelchair, "wheelchair:true")] {
            if on {
                out.push(exact(f.filter, name));
            }
        }
        for (name, values) in [
            ("accepts", &r.accepts),
            ("moud", &r.moud),
            ("fellowship", &r.fellowship),
            ("meeting_type", &r.meeting_type),
        ] {
            if !values.is_empty() {
                out.push(any(
                    f.filter,
                    values.iter().map(|v| format!("{name}:{v}")).collect(),
                ));
            }
        }
        if let Some(g) = &r.gender {
            out.push(any(
                f.filter,
                vec!["gender:any".into(), format!("gender:{g}")],
            ));
        }
        if let Some(age) = r.age {
            out.push(Box::new(BooleanQuery::new(vec![
                (Occur::Should, exact(f.filter, "age:any")),
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_u64(f.age, age as u64),
                        IndexRecordOption::Basic,
                    )),
                ),
            ])));
        }
        if !r.taxonomy_term_ids.is_empty() {
            out.push(any(f.taxonomy_term_id, r.taxonomy_term_ids.clone()));
        }
        out.into_iter().map(|q| (Occur::Must, q)).collect()
    }

    /// Weekly events starting on the day and within the times asked for: a range over
    /// "SU@19:30"-style terms for each day in question.
    pub(super) fn weekly_query(&self, request: &SearchRequest) -> Box<dyn Query> {
        let field = self.fields().weekly_start;
        let days: Vec<&str> = match request.day {
            Some(d) => vec![d],
            None => vec!["SU", "MO", "TU", "WE", "TH", "FR", "SA"],
        };
        let after = request.starts_after.as_deref().unwrap_or("00:00");
        let before = request.starts_before.as_deref().unwrap_or("23:59");
        let ranges = days
            .into_iter()
            .map(|d| {
                let lower = Term::from_field_text(field, &format!("{d}@{after}"));
                let upper = Term::from_field_text(field, &format!("{d}@{before}"));
                (
                    Occur::Should,
                    Box::new(RangeQuery::new(
                        Bound::Included(lower),
                        Bound::Included(upper),
                    )) as Box<dyn Query>,
                )
            })
            .collect();
        Box::new(BooleanQuery::new(ranges))
    }
}

impl SearchIndex {
    /// Listings open at some minute of the UTC hour that holds `at`, by their own zone's
    /// clock (`WeeklyHours::open_utc_hours`): one posting list, whatever the zones; the
    /// exact minute is tested on these alone (`Columns::is_open_at`).
    pub(super) fn open_in_hour(&self, at: DateTime<Utc>) -> Box<dyn Query> {
        let term =
            Term::from_field_u64(self.fields().open_utc_hour, u64::from(utc_hour_of_week(at)));
        Box::new(ConstScoreQuery::new(
            Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            0.0,
        ))
    }
}
