//! Phones, schedules and languages: each belongs to a service or to a location (the other
//! owner column is NULL).

use diesel::prelude::*;

use super::{LocationRow, Owner, ServiceRow};
use crate::model;
use crate::store::schema::*;

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Insertable,
)]
#[diesel(table_name = phones, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(ServiceRow, foreign_key = service_key))]
#[diesel(belongs_to(LocationRow, foreign_key = location_key))]
#[diesel(treat_none_as_default_value = false)]
pub struct PhoneRow {
    pub id: String,
    pub service_id: Option<String>,
    pub service_key: Option<i64>,
    pub location_id: Option<String>,
    pub location_key: Option<i64>,
    pub number: String,
    pub extension: Option<String>,
    pub phone_type: Option<String>,
    pub description: Option<String>,
}

impl PhoneRow {
    pub fn new(p: &model::Phone, service: Option<Owner>, location: Option<Owner>) -> Self {
        PhoneRow {
            id: p.id.clone(),
            service_id: service.map(|o| o.id.to_string()),
            service_key: service.map(|o| o.key),
            location_id: location.map(|o| o.id.to_string()),
            location_key: location.map(|o| o.key),
            number: p.number.clone(),
            extension: p.extension.clone(),
            phone_type: p.phone_type.clone(),
            description: p.description.clone(),
        }
    }
}

impl From<PhoneRow> for model::Phone {
    fn from(p: PhoneRow) -> Self {
        model::Phone {
            id: p.id,
            number: p.number,
            extension: p.extension,
            phone_type: p.phone_type,
            description: p.description,
        }
    }
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Insertable,
)]
#[diesel(table_name = schedules, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(ServiceRow, foreign_key = service_key))]
#[diesel(belongs_to(LocationRow, foreign_key = location_key))]
#[diesel(treat_none_as_default_value = false)]
pub struct ScheduleRow {
    pub id: String,
    pub service_id: Option<String>,
    pub service_key: Option<i64>,
    pub location_id: Option<String>,
    pub location_key: Option<i64>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub dtstart: Option<String>,
    pub until: Option<String>,
    pub freq: Option<String>,
    pub interval: Option<i32>,
    pub byday: Option<String>,
    pub bymonthday: Option<String>,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub time_zone: Option<String>,
    pub description: Option<String>,
    pub attending_type: Option<String>,
    pub notes: Option<String>,
}

impl ScheduleRow {
    pub fn new(s: &model::Schedule, service: Option<Owner>, location: Option<Owner>) -> Self {
        ScheduleRow {
            id: s.id.clone(),
            service_id: service.map(|o| o.id.to_string()),
            service_key: service.map(|o| o.key),
            location_id: location.map(|o| o.id.to_string()),
            location_key: location.map(|o| o.key),
            valid_from: s.valid_from.clone(),
            valid_to: s.valid_to.clone(),
            dtstart: s.dtstart.clone(),
            until: s.until.clone(),
            freq: s.freq.clone(),
            interval: s.interval,
            byday: s.byday.clone(),
            bymonthday: s.bymonthday.clone(),
            opens_at: s.opens_at.clone(),
            closes_at: s.closes_at.clone(),
            time_zone: s.time_zone.clone(),
            description: s.description.clone(),
            attending_type: s.attending_type.clone(),
            notes: s.notes.clone(),
        }
    }
}

impl From<ScheduleRow> for model::Schedule {
    fn from(s: ScheduleRow) -> Self {
        model::Schedule {
            id: s.id,
            valid_from: s.valid_from,
            valid_to: s.valid_to,
            dtstart: s.dtstart,
            until: s.until,
            freq: s.freq,
            interval: s.interval,
            byday: s.byday,
            bymonthday: s.bymonthday,
            opens_at: s.opens_at,
            closes_at: s.closes_at,
            time_zone: s.time_zone,
            description: s.description,
            attending_type: s.attending_type,
            notes: s.notes,
        }
    }
}

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Insertable,
)]
#[diesel(table_name = languages, check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
#[diesel(belongs_to(ServiceRow, foreign_key = service_key))]
#[diesel(belongs_to(LocationRow, foreign_key = location_key))]
#[diesel(treat_none_as_default_value = false)]
pub struct LanguageRow {
    pub id: String,
    pub service_id: Option<String>,
    pub service_key: Option<i64>,
    pub location_id: Option<String>,
    pub location_key: Option<i64>,
    pub name: Option<String>,
    pub code: Option<String>,
    pub note: Option<String>,
}

impl LanguageRow {
    pub fn new(l: &model::Language, service: Option<Owner>, location: Option<Owner>) -> Self {
        LanguageRow {
            id: l.id.clone(),
            service_id: service.map(|o| o.id.to_string()),
            service_key: service.map(|o| o.key),
            location_id: location.map(|o| o.id.to_string()),
            location_key: location.map(|o| o.key),
            name: l.name.clone(),
            code: l.code.clone(),
            note: l.note.clone(),
        }
    }
}

impl From<LanguageRow> for model::Language {
    fn from(l: LanguageRow) -> Self {
        model::Language {
            id: l.id,
            name: l.name,
            code: l.code,
            note: l.note,
        }
    }
}
