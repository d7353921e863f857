//! Builds the records: one organization at a time with its one to three services, each
//! service at one location (a hybrid meeting also has its online room), from a program of
//! `vocabulary` or a group of `meetings`, placed by `places`.

use uuid::Uuid;

use super::hours::{self, Hours};
use super::meetings::{self, Attendance};
use super::places::{Bounds, Places, Site, county_bounds, round6};
use super::records::*;
use super::rng::{self, Rng};
use super::vocabulary::{self, Cost, Program, Reach};
use crate::model::{Category, clean, crisis, fellowship, meeting_types};

const FICTIONAL: &str = "(Fictional organization, generated for benchmarks.)";

/// Languages offered besides English and Spanish, with their weight; ISO 639-1 codes.
const OTHER_LANGUAGES: [(u32, (&str, &str)); 10] = [
    (20, ("zh", "Chinese")),
    (16, ("vi", "Vietnamese")),
    (10, ("ko", "Korean")),
    (10, ("ru", "Russian")),
    (10, ("ar", "Arabic")),
    (8, ("ht", "Haitian Creole")),
    (8, ("fr", "French")),
    (8, ("pt", "Portuguese")),
    (6, ("tl", "Tagalog")),
    (4, ("so", "Somali")),
];

/// How many services an organization runs here: one, two or three.
const SERVICES_PER_ORGANIZATION: [(u32, usize); 3] = [(55, 1), (30, 2), (15, 3)];

pub struct Generator<'a> {
    seed: u64,
    rng: Rng,
    places: &'a Places,
    services: u64,
    organizations: u64,
    /// Numbers every other record's id.
    records: u64,
}

/// What every service of one organization shares.
struct Owner {
    organization: Organization,
    anchor: String,
    site: Site,
    location: Location,
}

impl<'a> Generator<'a> {
    pub fn new(seed: u64, places: &'a Places) -> Generator<'a> {
        Generator {
            seed,
            // The stream is the seed's, mixed so that seeds 1 and 2 start far apart.
            rng: Rng::new(rng::mix(seed)),
            places,
            services: 0,
            organizations: 0,
            records: 0,
        }
    }

    pub fn organizations(&self) -> u64 {
        self.organizations
    }

    fn id(&mut self, kind: &str) -> String {
        self.records += 1;
        rng::id(self.seed, kind, self.records)
    }

    /// The next organization's services, at most `room` of them.
    pub fn next_organization(&mut self, room: usize) -> Vec<Service> {
        let count = (*self.rng.weighted(&SERVICES_PER_ORGANIZATION)).min(room.max(1));
        let category = *self.rng.weighted(&vocabulary::SHARES);
        self.organizations += 1;
        if category == Category::SupportGroups
            && self.rng.percent(vocabulary::MEETINGS_IN_SUPPORT_GROUPS)
        {
            self.meeting_group(count)
        } else {
            self.programs(category, count)
        }
    }

    fn service_id(&mut self) -> String {
        let id = rng::id(self.seed, "service", self.services);
        self.services += 1;
        id
    }

    fn phone_number(&mut self, site: &Site) -> String {
        format!("{}-555-01{:02}", site.area_code, self.rng.below(100))
    }

    fn physical_location(&mut self, site: &Site, org_id: &str, name: String) -> Location {
        let id = self.id("location");
        Location {
            addresses: vec![Address {
                id: self.id("address"),
                location_id: id.clone(),
                address_1: site.street.clone(),
                city: site.city.into(),
                state_province: site.state.into(),
                postal_code: site.postal_code.into(),
                country: "US",
                address_type: "physical",
            }],
            id,
            location_type: "physical",
            organization_id: org_id.into(),
            name,
            description: None,
            url: None,
            latitude: Some(site.latitude),
            longitude: Some(site.longitude),
        }
    }

    fn owner(&mut self, category: Category) -> Owner {
        let city = self.places.city(&mut self.rng);
        let site = self.places.site(city, 4.0, &mut self.rng);
        let anchor = vocabulary::anchor(self.rng.below(vocabulary::ANCHORS));
        let (patterns, what) = vocabulary::organization_kind(category);
        let name = fill(self.rng.pick(patterns), &anchor, &site);
        let slug = slug(&format!("{anchor} {}", site.city));
        let id = self.id("organization");
        let location = self.physical_location(&site, &id, format!("{name} – {}", site.city));
        Owner {
            organization: Organization {
                description: format!(
                    "{name} {what} in {}, {}. {FICTIONAL}",
                    site.city, site.state
                ),
                id,
                name,
                email: Some(format!("info@{slug}.example.org")),
                website: Some(format!("https://{slug}.example.org")),
            },
            anchor,
            site,
            location,
        }
    }

    fn programs(&mut self, category: Category, count: usize) -> Vec<Service> {
        let owner = self.owner(category);
        let choices: Vec<(u32, &'static Program)> = vocabulary::PROGRAMS
            .iter()
            .filter(|p| p.category == category)
            .map(|p| (p.weight, p))
            .collect();
        (0..count)
            .map(|_| {
                let program = *self.rng.weighted(&choices);
                self.program_service(program, &owner)
            })
            .collect()
    }

    fn program_service(&mut self, p: &Program, owner: &Owner) -> Service {
        let id = self.service_id();
        let site = &owner.site;
        let name = fill(self.rng.pick(p.names), &owner.anchor, site);
        let mut description = self.rng.pick(p.descriptions).to_string();
        if self.rng.percent(50) {
            description.push(' ');
            description.push_str(self.rng.pick(vocabulary::more(p.category)));
        }
        let phone_service = matches!(p.reach, Reach::PhoneForCounty | Reach::PhoneForState);
        let attending_type = match p.reach {
            Reach::PhoneForCounty => Some("by phone or text"),
            Reach::PhoneForState => Some("by phone"),
            _ => None,
        };
        // Some listings give no hours at all.
        let weekly = if !phone_service && self.rng.percent(8) {
            Vec::new()
        } else {
            hours::weekly(p.hours, &mut self.rng)
        };
        let schedules = self.schedules(&weekly, attending_type, None);
        let mut phones = vec![self.phone(site, "voice", "Main line")];
        if p.reach == Reach::PhoneForCounty {
            phones[0].description = "Crisis line, 24/7".into();
            phones.push(self.phone(site, "text", "Text line, 24/7"));
        }
        let service_areas = match p.reach {
            Reach::Place => Vec::new(),
            Reach::PlaceForCounty | Reach::PhoneForCounty => {
                let area = county_bounds(site.centre.0, site.centre.1);
                vec![self.area(
                    format!("{} area", site.city),
                    format!("People living in or near {}, {}.", site.city, site.state),
                    area,
                )]
            }
            Reach::PhoneForState => match self.places.state_bounds(site.state) {
                Some(area) => vec![self.area(
                    site.state_name.to_string(),
                    format!("Anyone in {}.", site.state_name),
                    area,
                )],
                None => Vec::new(),
            },
        };
        let location = if phone_service {
            Location {
                id: self.id("location"),
                location_type: "virtual",
                organization_id: owner.organization.id.clone(),
                name: if p.reach == Reach::PhoneForCounty {
                    "Phone and text".into()
                } else {
                    "Phone".into()
                },
                description: None,
                url: None,
                latitude: None,
                longitude: None,
                addresses: Vec::new(),
            }
        } else {
            owner.location.clone()
        };
        let (cost_options, fees) = if !phone_service && self.rng.percent(12) {
            (Vec::new(), None)
        } else {
            self.costs(if phone_service { Cost::Free } else { p.cost }, site)
        };
        let capacities = match p.capacity {
            Some((unit, lo, hi)) if self.rng.percent(50) => vec![self.capacity(unit, lo, hi)],
            _ => Vec::new(),
        };
        let mut terms: Vec<(&'static str, String, String)> = p
            .terms
            .iter()
            .map(|code| {
                if *code == crisis::CRISIS_LINE {
                    ("Waypoint", code.to_string(), "Crisis Line".to_string())
                } else {
                    let name = vocabulary::TERMS
                        .iter()
                        .find(|t| t.0 == *code)
                        .map_or(*code, |t| t.1);
                    ("Open Eligibility", code.to_string(), name.to_string())
                }
            })
            .collect();
        terms.dedup();
        let attributes = self.attributes(&id, &terms);
        let languages = self.languages(site);
        let interpretation_services = (languages.len() == 1 && self.rng.percent(30))
            .then(|| "Telephone interpreters available in other languages.".to_string());
        Service {
            url: owner
                .organization
                .website
                .as_ref()
                .map(|w| format!("{w}/{}", slug(&name))),
            organization_id: owner.organization.id.clone(),
            name,
            description,
            email: owner.organization.email.clone(),
            status: "active",
            interpretation_services,
            application_process: Some(
                match p.cost {
                    Cost::Free => "Walk in during open hours, or call ahead with questions.",
                    Cost::Sliding => "Call to make an appointment; bring photo ID, proof of income and any insurance card.",
                    Cost::Treatment => "Call or walk in for an assessment. Bring photo ID and an insurance card if you have one; you can be seen without them.",
                    Cost::Rent => "Call the house manager for a phone screen, then visit.",
                }
                .into(),
            ),
            fees_description: fees,
            eligibility_description: Some(match (p.minimum_age, p.maximum_age) {
                (Some(lo), Some(hi)) => format!("Ages {lo} to {hi}."),
                (Some(18), None) => "Adults 18 and older.".into(),
                _ => format!("Open to anyone in the {} area.", site.city),
            }),
            minimum_age: p.minimum_age,
            maximum_age: p.maximum_age,
            organization: owner.organization.clone(),
            phones,
            schedules,
            service_areas,
            languages,
            cost_options,
            capacities,
            attributes,
            service_at_locations: vec![self.at(&id, location)],
            id,
        }
    }

    fn meeting_group(&mut self, count: usize) -> Vec<Service> {
        let group = meetings::group(&mut self.rng);
        let city = self.places.city(&mut self.rng);
        let site = self.places.site(city, 5.0, &mut self.rng);
        let anchor = vocabulary::anchor(self.rng.below(vocabulary::ANCHORS));
        let short = group.fellowship.short;
        let org_name = if group.name.starts_with("Grupo") || group.name.ends_with("Group") {
            group.name.clone()
        } else {
            format!("{} Group", group.name)
        };
        let organization = Organization {
            id: self.id("organization"),
            description: format!(
                "A {short} group meeting in {}, {}. {FICTIONAL}",
                site.city, site.state
            ),
            name: org_name,
            email: None,
            website: None,
        };
        let venue = if group.attendance == Attendance::Online {
            None
        } else {
            let name = fill(self.rng.pick(&meetings::VENUES), &anchor, &site);
            Some(self.physical_location(&site, &organization.id, name))
        };
        let zone = clean::state_time_zone(site.state).and_then(hours::zone_name);
        let fellowship_name = fellowship::by_slug(group.fellowship.slug)
            .map_or(short, |f| f.name)
            .to_string();
        meetings::meetings(&group, count, &mut self.rng)
            .into_iter()
            .map(|m| {
                let id = self.service_id();
                let online = group.attendance != Attendance::InPerson;
                let weekly = [Hours {
                    byday: m.day.into(),
                    opens_at: m.start.clone(),
                    closes_at: m.end.clone(),
                }];
                let schedules = self.schedules(
                    &weekly,
                    Some(group.attendance.attending_type()),
                    zone.filter(|_| online),
                );
                let room = self.rng.between(80_000, 89_999) as u64 * 1_000_000
                    + u64::from(self.rng.between(0, 999_999));
                let mut locations = Vec::new();
                if let Some(v) = &venue {
                    locations.push(v.clone());
                }
                if online {
                    let point = (group.attendance == Attendance::Online)
                        .then(|| (round6(site.centre.0), round6(site.centre.1)));
                    locations.push(Location {
                        id: self.id("location"),
                        location_type: "virtual",
                        organization_id: organization.id.clone(),
                        name: "Online".into(),
                        description: Some("Join by video link; cameras optional.".into()),
                        url: Some(format!("https://meet.example.org/j/{room}")),
                        latitude: point.map(|p| p.0),
                        longitude: point.map(|p| p.1),
                        addresses: Vec::new(),
                    });
                }
                let phones = if online {
                    vec![Phone {
                        id: self.id("phone"),
                        number: format!("{}-555-01{:02}", site.area_code, self.rng.below(100)),
                        phone_type: "voice",
                        description: format!("Join by phone, meeting ID {room}"),
                    }]
                } else {
                    Vec::new()
                };
                let service_areas = match self.places.state_bounds(site.state) {
                    Some(area) if group.attendance == Attendance::Online => vec![self.area(
                        site.state_name.to_string(),
                        format!("Online, for anyone in {}.", site.state_name),
                        area,
                    )],
                    _ => Vec::new(),
                };
                let mut terms: Vec<(&'static str, String, String)> = m
                    .types
                    .iter()
                    .map(|code| {
                        let name = meeting_types::by_code(code).map_or(*code, |t| t.name);
                        (meeting_types::TAXONOMY, code.to_string(), name.to_string())
                    })
                    .collect();
                terms.push((
                    fellowship::TAXONOMY,
                    group.fellowship.slug.to_string(),
                    fellowship_name.clone(),
                ));
                let attributes = self.attributes(&id, &terms);
                let spanish = group.spanish;
                let language = if spanish {
                    ("es", "Spanish")
                } else {
                    ("en", "English")
                };
                let description = meeting_description(short, &m.types, group.attendance, spanish);
                let service_at_locations = locations
                    .into_iter()
                    .map(|l| self.at(&id, l))
                    .collect();
                Service {
                    organization_id: organization.id.clone(),
                    name: group.name.clone(),
                    description,
                    url: None,
                    email: None,
                    status: "active",
                    interpretation_services: None,
                    application_process: None,
                    fees_description: Some(
                        "No dues or fees; groups are self-supporting through members' contributions."
                            .into(),
                    ),
                    eligibility_description: None,
                    minimum_age: None,
                    maximum_age: None,
                    organization: organization.clone(),
                    phones,
                    schedules,
                    service_areas,
                    languages: vec![Language {
                        id: self.id("language"),
                        name: language.1,
                        code: language.0,
                        note: None,
                    }],
                    cost_options: Vec::new(),
                    capacities: Vec::new(),
                    attributes,
                    service_at_locations,
                    id,
                }
            })
            .collect()
    }

    fn schedules(
        &mut self,
        weekly: &[Hours],
        attending_type: Option<&'static str>,
        zone: Option<&str>,
    ) -> Vec<Schedule> {
        weekly
            .iter()
            .map(|h| {
                let mut description = h.describe();
                if let Some(zone) = zone {
                    description = format!("{} ({zone} Time).", description.trim_end_matches('.'));
                }
                Schedule {
                    id: self.id("schedule"),
                    freq: "WEEKLY",
                    interval: 1,
                    byday: h.byday.clone(),
                    opens_at: h.opens_at.clone(),
                    closes_at: h.closes_at.clone(),
                    description,
                    attending_type,
                }
            })
            .collect()
    }

    fn phone(&mut self, site: &Site, phone_type: &'static str, description: &str) -> Phone {
        Phone {
            id: self.id("phone"),
            number: self.phone_number(site),
            phone_type,
            description: description.into(),
        }
    }

    fn area(&mut self, name: String, description: String, (w, s, e, n): Bounds) -> ServiceArea {
        ServiceArea {
            id: self.id("service_area"),
            name,
            description,
            extent: format!(
                r#"{{"type":"Polygon","coordinates":[[[{w},{s}],[{e},{s}],[{e},{n}],[{w},{n}],[{w},{s}]]]}}"#
            ),
            extent_type: "geojson",
        }
    }

    fn costs(&mut self, cost: Cost, site: &Site) -> (Vec<CostOption>, Option<String>) {
        let medicaid = match site.state {
            "CA" => "Medi-Cal",
            _ => "Medicaid",
        };
        let (options, fees): (Vec<(String, u32, String)>, String) = match cost {
            Cost::Free => (
                vec![("Free".into(), 0, "No cost.".into())],
                "Free.".into(),
            ),
            Cost::Sliding => (
                vec![
                    (
                        "Sliding fee scale for people without insurance".into(),
                        self.rng.pick(&[15, 20, 25, 30]),
                        "Minimum fee per visit, based on household size and income. No one is turned away for inability to pay.".into(),
                    ),
                    (
                        format!("{medicaid}, Medicare and most private insurance"),
                        0,
                        "Copays depend on your plan.".into(),
                    ),
                ],
                format!("Sliding fee for people without insurance; {medicaid}, Medicare and most insurance accepted."),
            ),
            Cost::Treatment => (
                vec![
                    (
                        format!("{medicaid} and most private insurance"),
                        0,
                        "No cost with Medicaid; copays depend on private plans.".into(),
                    ),
                    (
                        "Uninsured: state-funded treatment or sliding fee".into(),
                        self.rng.pick(&[0, 10, 25]),
                        "Per visit after a financial screening; help applying for Medicaid on site.".into(),
                    ),
                ],
                format!("{medicaid} and most private insurance accepted; state-funded care or a sliding fee for people without insurance."),
            ),
            Cost::Rent => {
                let rent = self.rng.pick(&[140, 150, 165, 175, 185, 200, 225]);
                (
                    vec![(
                        "Weekly program fee".into(),
                        rent,
                        "Per week, including utilities and house supplies.".into(),
                    )],
                    format!("${rent} a week, utilities included."),
                )
            }
        };
        let options = options
            .into_iter()
            .map(|(option, amount, amount_description)| CostOption {
                id: self.id("cost_option"),
                option,
                currency: "USD",
                amount,
                amount_description,
            })
            .collect();
        (options, Some(fees))
    }

    fn capacity(&mut self, unit: &'static str, lo: u32, hi: u32) -> Capacity {
        let maximum = self.rng.between(lo, hi);
        let available = if self.rng.percent(25) {
            0
        } else {
            self.rng.between(1, (maximum / 4).max(1))
        };
        Capacity {
            id: self.id("service_capacity"),
            unit: Unit {
                id: Uuid::new_v5(
                    &Uuid::NAMESPACE_URL,
                    format!("waypoint:unit:{unit}").as_bytes(),
                )
                .to_string(),
                name: unit,
            },
            available,
            maximum,
            description: if unit == "Bed" {
                "Beds open for new admissions.".into()
            } else {
                "Open intake slots this week.".into()
            },
            updated: format!(
                "2026-{:02}-{:02}T{:02}:{:02}:00Z",
                self.rng.between(9, 11),
                self.rng.between(1, 28),
                self.rng.between(13, 22),
                self.rng.pick(&[0, 15, 30, 45])
            ),
        }
    }

    fn languages(&mut self, site: &Site) -> Vec<Language> {
        let mut codes = vec![("en", "English")];
        if self.rng.percent(if site.spanish_state { 40 } else { 18 }) {
            codes.push(("es", "Spanish"));
        }
        if self.rng.percent(6) {
            codes.push(*self.rng.weighted(&OTHER_LANGUAGES));
        }
        codes
            .into_iter()
            .map(|(code, name)| Language {
                id: self.id("language"),
                name,
                code,
                note: (code != "en").then(|| format!("Staff who speak {name} on site.")),
            })
            .collect()
    }

    /// Attributes for (taxonomy, code, name) terms; term ids are the same in every run
    /// (UUIDv5 of the taxonomy and code), as a shared taxonomy's are.
    fn attributes(
        &mut self,
        service_id: &str,
        terms: &[(&'static str, String, String)],
    ) -> Vec<Attribute> {
        terms
            .iter()
            .map(|(taxonomy, code, name)| {
                let term_id = Uuid::new_v5(
                    &Uuid::NAMESPACE_URL,
                    format!("{}:{code}", slug(taxonomy)).as_bytes(),
                )
                .to_string();
                let eligibility = vocabulary::ELIGIBILITY_TERMS.contains(&code.as_str());
                Attribute {
                    id: self.id("attribute"),
                    link_id: service_id.into(),
                    link_type: if eligibility {
                        "eligibility"
                    } else {
                        "service"
                    },
                    link_entity: "service",
                    taxonomy_term_id: term_id.clone(),
                    taxonomy_term: TaxonomyTerm {
                        id: term_id,
                        code: code.clone(),
                        name: name.clone(),
                        description: name.clone(),
                        taxonomy,
                    },
                }
            })
            .collect()
    }

    fn at(&mut self, service_id: &str, location: Location) -> ServiceAtLocation {
        ServiceAtLocation {
            id: self.id("service_at_location"),
            service_id: service_id.into(),
            location_id: location.id.clone(),
            location,
        }
    }
}

fn fill(pattern: &str, anchor: &str, site: &Site) -> String {
    vocabulary::fill(
        pattern,
        anchor,
        site.city,
        site.street_name,
        site.state_name,
    )
}

/// "Open AA meeting: Discussion, Wheelchair Access. In person." in the words people search
/// with, and marked fictional.
fn meeting_description(
    short: &str,
    types: &[&str],
    attendance: Attendance,
    spanish: bool,
) -> String {
    let open = if types.contains(&"C") {
        "Closed"
    } else {
        "Open"
    };
    let kinds: Vec<&str> = types
        .iter()
        .filter(|t| !matches!(**t, "O" | "C" | "ONL"))
        .filter_map(|t| meeting_types::by_code(t).map(|m| m.name))
        .collect();
    let how = match attendance {
        Attendance::InPerson => "In person.",
        Attendance::Online => "Online meeting: join by video link or by phone.",
        Attendance::Hybrid => "Hybrid meeting: in person, or join online or by phone.",
    };
    let who = if open == "Open" {
        "Anyone is welcome."
    } else {
        "For people who want to stop drinking or using."
    };
    let spanish = if spanish {
        " Reunión en español."
    } else {
        ""
    };
    format!(
        "{open} {short} meeting{}{}. {how} {who}{spanish} Fictional meeting, generated for benchmarks.",
        if kinds.is_empty() { "" } else { ": " },
        kinds.join(", ")
    )
}

/// "Heronbrook Springfield" → "heronbrook-springfield".
fn slug(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}
