//! HSDS 3.x CSV datapackages: a folder of tables (`services.csv`, `locations.csv`, ...)
//! described by `datapackage.json`. Rows are joined into compiled services and then
//! normalised exactly like HSDS JSON.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::hsds::{self, *};
use super::json::Scalar;
use super::{ImportContext, Severity};
use crate::error::{IndexerError, Result};
use crate::model::ServiceRecord;

/// One CSV table: its header positions and its rows.
struct Table {
    path: PathBuf,
    columns: HashMap<String, usize>,
    rows: Vec<csv::StringRecord>,
}

impl Table {
    fn empty(path: PathBuf) -> Table {
        Table {
            path,
            columns: HashMap::new(),
            rows: Vec::new(),
        }
    }

    fn get(&self, row: &csv::StringRecord, column: &str) -> Scalar {
        Scalar(
            self.columns
                .get(column)
                .and_then(|&i| row.get(i))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string),
        )
    }

    /// Rows grouped by the value of one column (a foreign key).
    fn group_by(&self, column: &str) -> HashMap<String, Vec<&csv::StringRecord>> {
        let mut map: HashMap<String, Vec<&csv::StringRecord>> = HashMap::new();
        for row in &self.rows {
            if let Some(k) = self.get(row, column).0 {
                map.entry(k).or_default().push(row);
            }
        }
        map
    }
}

/// The columns each table must have; a file without one fails the load.
const REQUIRED: &[(&str, &[&str])] = &[
    ("services", &["id", "name"]),
    ("organizations", &["id", "name"]),
    ("locations", &["id"]),
    ("service_at_location", &["id", "service_id", "location_id"]),
    ("addresses", &["id", "location_id", "address_1"]),
    ("phones", &["id", "number"]),
    ("schedules", &["id"]),
    ("languages", &["id"]),
    ("service_areas", &["id", "service_id"]),
    ("cost_options", &["id", "service_id"]),
    (
        "service_capacity",
        &["id", "service_id", "unit_id", "available"],
    ),
    ("units", &["id", "name"]),
    ("taxonomy_terms", &["id", "name"]),
    ("taxonomies", &["id", "name"]),
    ("attributes", &["id", "link_id", "taxonomy_term_id"]),
];

/// Where each table lives: the datapackage's resource paths, else the standard names.
fn table_paths(dir: &Path) -> HashMap<String, PathBuf> {
    let mut paths: HashMap<String, PathBuf> = REQUIRED
        .iter()
        .map(|(name, _)| (name.to_string(), dir.join(format!("{name}.csv"))))
        .collect();
    let package = std::fs::read_to_string(dir.join("datapackage.json")).ok();
    if let Some(resources) = package
        .and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok())
        .and_then(|p| p.get("resources").cloned())
        .and_then(|r| r.as_array().cloned())
    {
        for r in resources {
            if let (Some(name), Some(path)) = (r["name"].as_str(), r["path"].as_str()) {
                paths.insert(name.to_string(), dir.join(path));
            }
        }
    }
    paths
}

fn read_table(name: &str, path: PathBuf) -> Result<Table> {
    if !path.is_file() {
        if name == "services" {
            return Err(IndexerError::file(
                path,
                "missing: a datapackage needs a services table",
            ));
        }
        return Ok(Table::empty(path));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(&path)
        .map_err(|e| IndexerError::file(&path, format!("cannot read CSV: {e}")))?;
    let headers = reader
        .headers()
        .map_err(|e| IndexerError::file(&path, format!("cannot read the CSV header: {e}")))?
        .clone();
    let columns: HashMap<String, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim().trim_start_matches('\u{feff}').to_string(), i))
        .collect();
    if let Some((_, required)) = REQUIRED.iter().find(|(t, _)| *t == name) {
        for column in *required {
            if !columns.contains_key(*column) {
                return Err(IndexerError::file(
                    &path,
                    format!("required column {column:?} is missing"),
                ));
            }
        }
    }
    let rows = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| IndexerError::file(&path, format!("malformed CSV: {e}")))?;
    Ok(Table {
        path,
        columns,
        rows,
    })
}

pub fn read(path: &Path, ctx: &mut ImportContext) -> Result<Vec<ServiceRecord>> {
    let dir = if path.is_dir() {
        path
    } else {
        path.parent().unwrap_or(Path::new("."))
    };
    let mut paths = table_paths(dir);
    let mut tables = HashMap::new();
    for (name, _) in REQUIRED {
        let table_path = paths
            .remove(*name)
            .unwrap_or_else(|| dir.join(format!("{name}.csv")));
        tables.insert(*name, read_table(name, table_path)?);
    }
    let t = |name: &str| &tables[name];
    let services = t("services");
    ctx.file = services.path.display().to_string();

    let orgs: HashMap<String, RawOrganization> = t("organizations")
        .rows
        .iter()
        .filter_map(|r| {
            let o = t("organizations");
            Some((
                o.get(r, "id").0?,
                RawOrganization {
                    id: o.get(r, "id"),
                    name: o.get(r, "name"),
                    alternate_name: o.get(r, "alternate_name"),
                    description: o.get(r, "description"),
                    email: o.get(r, "email"),
                    website: o.get(r, "website"),
                },
            ))
        })
        .collect();
    let taxonomy_names: HashMap<String, Scalar> = t("taxonomies")
        .rows
        .iter()
        .filter_map(|r| {
            Some((
                t("taxonomies").get(r, "id").0?,
                t("taxonomies").get(r, "name"),
            ))
        })
        .collect();
    let terms: HashMap<String, RawTaxonomyTerm> = t("taxonomy_terms")
        .rows
        .iter()
        .filter_map(|r| {
            let tt = t("taxonomy_terms");
            let taxonomy = match tt.get(r, "taxonomy") {
                Scalar(None) => tt
                    .get(r, "taxonomy_id")
                    .0
                    .and_then(|id| taxonomy_names.get(&id).cloned())
                    .unwrap_or_default(),
                named => named,
            };
            Some((
                tt.get(r, "id").0?,
                RawTaxonomyTerm {
                    id: tt.get(r, "id"),
                    code: tt.get(r, "code"),
                    name: tt.get(r, "name"),
                    description: tt.get(r, "description"),
                    parent_id: tt.get(r, "parent_id"),
                    taxonomy,
                    language: tt.get(r, "language"),
                    term_uri: tt.get(r, "term_uri"),
                },
            ))
        })
        .collect();
    let units: HashMap<String, RawUnit> = t("units")
        .rows
        .iter()
        .filter_map(|r| {
            let u = t("units");
            Some((
                u.get(r, "id").0?,
                RawUnit {
                    id: u.get(r, "id"),
                    name: u.get(r, "name"),
                    scheme: u.get(r, "scheme"),
                    identifier: u.get(r, "identifier"),
                    uri: u.get(r, "uri"),
                },
            ))
        })
        .collect();

    let phones_by = |column: &str| group(t("phones"), column, phone);
    let schedules_by = |column: &str| group(t("schedules"), column, schedule);
    let languages_by = |column: &str| group(t("languages"), column, language);
    let (service_phones, location_phones) = (phones_by("service_id"), phones_by("location_id"));
    let (service_schedules, location_schedules) =
        (schedules_by("service_id"), schedules_by("location_id"));
    let (service_languages, location_languages) =
        (languages_by("service_id"), languages_by("location_id"));
    let addresses = group(t("addresses"), "location_id", address);
    let areas = group(t("service_areas"), "service_id", service_area);
    let costs = group(t("cost_options"), "service_id", cost_option);
    let capacity_rows = t("service_capacity").group_by("service_id");
    let attribute_rows = t("attributes").group_by("link_id");
    let locations: HashMap<String, RawLocation> = t("locations")
        .rows
        .iter()
        .filter_map(|r| {
            let l = t("locations");
            let id = l.get(r, "id").0?;
            Some((
                id.clone(),
                RawLocation {
                    id: l.get(r, "id"),
                    location_type: l.get(r, "location_type"),
                    organization_id: l.get(r, "organization_id"),
                    name: l.get(r, "name"),
                    alternate_name: l.get(r, "alternate_name"),
                    description: l.get(r, "description"),
                    transportation: l.get(r, "transportation"),
                    latitude: l.get(r, "latitude"),
                    longitude: l.get(r, "longitude"),
                    url: l.get(r, "url"),
                    addresses: addresses.get(&id).cloned().unwrap_or_default(),
                    phones: location_phones.get(&id).cloned().unwrap_or_default(),
                    schedules: location_schedules.get(&id).cloned().unwrap_or_default(),
                    languages: location_languages.get(&id).cloned().unwrap_or_default(),
                },
            ))
        })
        .collect();
    let sal_rows = t("service_at_location").group_by("service_id");

    let mut out = Vec::with_capacity(services.rows.len());
    for (index, row) in services.rows.iter().enumerate() {
        let id = services.get(row, "id");
        let key = id.0.clone().unwrap_or_default();
        let sal = t("service_at_location");
        let raw = RawService {
            organization: services
                .get(row, "organization_id")
                .0
                .and_then(|o| orgs.get(&o).cloned()),
            organization_id: services.get(row, "organization_id"),
            name: services.get(row, "name"),
            alternate_name: services.get(row, "alternate_name"),
            description: services.get(row, "description"),
            url: services.get(row, "url"),
            email: services.get(row, "email"),
            status: services.get(row, "status"),
            interpretation_services: services.get(row, "interpretation_services"),
            application_process: services.get(row, "application_process"),
            fees_description: services.get(row, "fees_description"),
            eligibility_description: services.get(row, "eligibility_description"),
            minimum_age: services.get(row, "minimum_age"),
            maximum_age: services.get(row, "maximum_age"),
            alert: services.get(row, "alert"),
            phones: service_phones.get(&key).cloned().unwrap_or_default(),
            schedules: service_schedules.get(&key).cloned().unwrap_or_default(),
            languages: service_languages.get(&key).cloned().unwrap_or_default(),
            service_areas: areas.get(&key).cloned().unwrap_or_default(),
            cost_options: costs.get(&key).cloned().unwrap_or_default(),
            capacities: capacity_rows
                .get(&key)
                .into_iter()
                .flatten()
                .map(|r| {
                    let c = t("service_capacity");
                    RawCapacity {
                        id: c.get(r, "id"),
                        unit: c.get(r, "unit_id").0.and_then(|u| units.get(&u).cloned()),
                        available: c.get(r, "available"),
                        maximum: c.get(r, "maximum"),
                        description: c.get(r, "description"),
                        updated: c.get(r, "updated"),
                    }
                })
                .collect(),
            attributes: attribute_rows
                .get(&key)
                .into_iter()
                .flatten()
                .map(|r| {
                    let a = t("attributes");
                    RawAttribute {
                        id: a.get(r, "id"),
                        link_type: a.get(r, "link_type"),
                        taxonomy_term: a
                            .get(r, "taxonomy_term_id")
                            .0
                            .and_then(|tid| terms.get(&tid).cloned()),
                        value: a.get(r, "value"),
                        label: a.get(r, "label"),
                    }
                })
                .collect(),
            service_at_locations: sal_rows
                .get(&key)
                .into_iter()
                .flatten()
                .map(|r| RawServiceAtLocation {
                    id: sal.get(r, "id"),
                    description: sal.get(r, "description"),
                    location: sal
                        .get(r, "location_id")
                        .0
                        .and_then(|l| locations.get(&l).cloned()),
                    phones: Vec::new(),
                    schedules: Vec::new(),
                })
                .collect(),
            id,
        };
        match hsds::normalize(raw, index, ctx) {
            Ok(record) => out.push(record),
            Err((field, reason)) => {
                ctx.issue(Some(index), Some(&key), field, reason, Severity::Skipped)
            }
        }
    }
    Ok(out)
}

/// Builds one raw child per row and groups them by a foreign key column.
fn group<T>(
    table: &Table,
    column: &str,
    build: fn(&Table, &csv::StringRecord) -> T,
) -> HashMap<String, Vec<T>> {
    let mut map: HashMap<String, Vec<T>> = HashMap::new();
    for row in &table.rows {
        if let Some(k) = table.get(row, column).0 {
            map.entry(k).or_default().push(build(table, row));
        }
    }
    map
}

fn phone(t: &Table, r: &csv::StringRecord) -> RawPhone {
    RawPhone {
        id: t.get(r, "id"),
        // The standard's own example quotes numbers twice ("""+44 ..."""); drop those quotes.
        number: Scalar(
            t.get(r, "number")
                .0
                .map(|n| n.trim_matches('"').to_string()),
        ),
        extension: t.get(r, "extension"),
        phone_type: t.get(r, "type"),
        description: t.get(r, "description"),
    }
}

fn schedule(t: &Table, r: &csv::StringRecord) -> RawSchedule {
    RawSchedule {
        id: t.get(r, "id"),
        valid_from: t.get(r, "valid_from"),
        valid_to: t.get(r, "valid_to"),
        dtstart: t.get(r, "dtstart"),
        until: t.get(r, "until"),
        freq: t.get(r, "freq"),
        interval: t.get(r, "interval"),
        byday: t.get(r, "byday"),
        bymonthday: t.get(r, "bymonthday"),
        opens_at: t.get(r, "opens_at"),
        closes_at: t.get(r, "closes_at"),
        description: t.get(r, "description"),
        attending_type: t.get(r, "attending_type"),
        notes: t.get(r, "notes"),
    }
}

fn language(t: &Table, r: &csv::StringRecord) -> RawLanguage {
    RawLanguage {
        id: t.get(r, "id"),
        name: t.get(r, "name"),
        code: t.get(r, "code"),
        note: t.get(r, "note"),
    }
}

fn address(t: &Table, r: &csv::StringRecord) -> RawAddress {
    RawAddress {
        id: t.get(r, "id"),
        attention: t.get(r, "attention"),
        address_1: t.get(r, "address_1"),
        address_2: t.get(r, "address_2"),
        city: t.get(r, "city"),
        region: t.get(r, "region"),
        state_province: t.get(r, "state_province"),
        postal_code: t.get(r, "postal_code"),
        country: t.get(r, "country"),
        address_type: t.get(r, "address_type"),
    }
}

fn service_area(t: &Table, r: &csv::StringRecord) -> RawServiceArea {
    RawServiceArea {
        id: t.get(r, "id"),
        name: t.get(r, "name"),
        description: t.get(r, "description"),
        extent: t.get(r, "extent").0.map(serde_json::Value::String),
        extent_type: t.get(r, "extent_type"),
        uri: t.get(r, "uri"),
    }
}

fn cost_option(t: &Table, r: &csv::StringRecord) -> RawCostOption {
    RawCostOption {
        id: t.get(r, "id"),
        valid_from: t.get(r, "valid_from"),
        valid_to: t.get(r, "valid_to"),
        option: t.get(r, "option"),
        currency: t.get(r, "currency"),
        amount: t.get(r, "amount"),
        amount_description: t.get(r, "amount_description"),
    }
}
