//! The document one listing becomes in the index, and the details results show of it.

use serde::{Deserialize, Serialize};
use tantivy::{TantivyDocument, doc};

use super::SearchIndex;
use crate::model::crisis;
use crate::model::filters::values_of;
use crate::model::geography::{Extent, Point, grid};
use crate::model::hours::WeeklyHours;
use crate::model::join::Join;
use crate::model::program;
use crate::store::read::Listing;

/// What a result shows of a listing that the search itself does not use.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Details {
    pub url: Option<String>,
    pub phones: Vec<crate::model::ListingPhone>,
    pub schedule: Vec<ScheduleEntry>,
    /// The street address, first and second line.
    pub address_1: Option<String>,
    pub address_2: Option<String>,
    /// The location's name.
    pub location_name: Option<String>,
    /// How to join it online or by phone.
    pub join: Option<Join>,
    /// The meeting's fellowship (`aa`, `al-anon`…), from its `fellowship` filter value.
    pub fellowship: Option<String>,
    /// Its meeting types as the `meeting_type` filter takes them (`open`, `women`…).
    pub meeting_types: Vec<String>,
    /// Medications for opioid use disorder offered (`moud` values).
    pub medications: Vec<String>,
    /// Ways to pay accepted (`accepts` values).
    pub payment: Vec<String>,
    /// How people attend (`attendance` values: `in_person`, `online`, `hybrid`).
    pub attendance: Vec<String>,
}

/// One weekly schedule line, as the index keeps it and a result shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = ScheduleRef)]
pub struct ScheduleEntry {
    /// Weekdays, two letters each: `MO,TU`.
    pub byday: Option<String>,
    /// Local time, `HH:MM`.
    pub opens_at: Option<String>,
    /// Local time, `HH:MM`; earlier than `opens_at` when it runs past midnight.
    pub closes_at: Option<String>,
    pub description: Option<String>,
    /// The service these times are of, when a result stands for several listings of one
    /// program (a meeting listed once per day it meets); set by the search, not stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    /// How to join that service, in such a result (each meeting of a group can have its
    /// own link); set by the search, not stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join: Option<Join>,
}

impl SearchIndex {
    pub(super) fn document(&self, l: &Listing) -> TantivyDocument {
        let f = &self.fields;
        let mut d = doc!(
            f.id => l.id.as_str(),
            f.service_id => l.service_id.as_str(),
            f.organization_id => l.organization_id.as_str(),
            f.location_id => l.location_id.as_str(),
            f.source => l.source.as_str(),
            f.name => l.name.as_str(),
            f.organization_name => l.organization_name.as_str(),
            f.status => l.status.as_str(),
        );
        if let Some(desc) = &l.description {
            d.add_text(f.description, desc);
        }
        for t in &l.terms {
            d.add_text(f.terms, t);
        }
        for c in &l.term_codes {
            d.add_text(f.term_code, c);
        }
        // Crisis services of any feed are marked as our own crisis lines are.
        if !l.term_codes.iter().any(|c| c == crisis::CRISIS_LINE)
            && crisis::is_crisis_service(&l.name, l.description.as_deref(), &l.terms, &l.term_codes)
        {
            d.add_text(f.term_code, crisis::CRISIS_LINE);
        }
        for c in &l.categories {
            d.add_text(f.category, c);
        }
        for lang in &l.languages {
            d.add_text(f.language, lang);
        }
        for start in &l.weekly_starts {
            d.add_text(f.weekly_start, start);
        }
        // Extents that are not GeoJSON areas hold no point, so they are left out here.
        let (texts, extents): (Vec<&str>, Vec<Extent>) = l
            .service_areas
            .iter()
            .filter_map(|a| Some((a.as_str(), Extent::from_geojson(a).ok()?)))
            .unzip();
        if let Some(all) = Extent::union_of(extents) {
            let bounds = all.bounds();
            let (min, max) = (bounds.min(), bounds.max());
            d.add_f64(f.area_min_lat, min.y);
            d.add_f64(f.area_min_lon, min.x);
            d.add_f64(f.area_max_lat, max.y);
            d.add_f64(f.area_max_lon, max.x);
            for cell in grid::area_terms(bounds) {
                d.add_text(f.cell, cell);
            }
            for text in texts {
                d.add_text(f.area, text);
            }
        }
        for (field, value) in [
            (f.postal_code, &l.postal_code),
            (f.city, &l.city),
            (f.state, &l.state),
        ] {
            if let Some(v) = value {
                d.add_text(field, v);
            }
        }
        let point = l
            .latitude
            .zip(l.longitude)
            .map(|(lat, lon)| Point::lat_lon(lat, lon));
        if let Some(p) = point {
            d.add_f64(f.latitude, p.lat());
            d.add_f64(f.longitude, p.lon());
        }
        d.add_u64(
            f.place_key,
            program::place_key(&l.name, point, &l.organization_id),
        );
        d.add_u64(f.place_order, point.map_or(u64::MAX, grid::place_order));
        let attends = |how: &str| {
            l.filters
                .terms
                .iter()
                .any(|t| t == &format!("attendance:{how}"))
        };
        d.add_u64(
            f.online_only,
            u64::from(attends("online") && !attends("in_person")),
        );
        for t in &l.filters.terms {
            d.add_text(f.filter, t);
        }
        for age in &l.filters.ages {
            d.add_u64(f.age, *age as u64);
        }
        for id in &l.term_ids {
            d.add_text(f.taxonomy_term_id, id);
        }
        if let Some(hours) = WeeklyHours::from_schedules(&l.schedules, l.time_zone.as_deref()) {
            d.add_text(f.time_zone, hours.zone.name());
            // A closed service (temporarily closed, inactive) is never open, whatever its
            // usual hours.
            if l.status == "active" {
                for span in hours.encode() {
                    d.add_u64(f.open_span, span);
                }
                for hour in hours.open_utc_hours() {
                    d.add_u64(f.open_utc_hour, u64::from(hour));
                }
            }
        }
        let details = Details {
            url: l.url.clone(),
            phones: l.phones.clone(),
            schedule: l
                .schedules
                .iter()
                .filter(|s| s.byday.is_some() || s.opens_at.is_some() || s.description.is_some())
                .map(|s| ScheduleEntry {
                    byday: s.byday.clone(),
                    opens_at: s.opens_at.clone(),
                    closes_at: s.closes_at.clone(),
                    description: s.description.clone(),
                    service_id: None,
                    join: None,
                })
                .collect(),
            address_1: l.address_1.clone(),
            address_2: l.address_2.clone(),
            location_name: l.location_name.clone(),
            join: l.join.clone(),
            fellowship: values_of(&l.filters.terms, "fellowship").into_iter().next(),
            meeting_types: values_of(&l.filters.terms, "meeting_type"),
            medications: values_of(&l.filters.terms, "moud"),
            payment: values_of(&l.filters.terms, "accepts"),
            attendance: values_of(&l.filters.terms, "attendance"),
        };
        d.add_text(
            f.details,
            serde_json::to_string(&details).expect("details serialise"),
        );
        d
    }
}
