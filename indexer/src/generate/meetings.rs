//! Mutual-help meetings as feeds list them: a fellowship (AA most of all), a group's name,
//! Meeting Guide types (open or closed, discussion, speaker, step study, women, Spanish…),
//! a weekly start time, and in person, online (with a join link) or hybrid.

use super::rng::Rng;

/// A fellowship (its slug in `seed-data/fellowships.csv`) and its meeting names, each with
/// the types the name implies and the time of day it is held at, if the name says.
pub struct Fellowship {
    pub slug: &'static str,
    /// How names and descriptions write it ("AA", "NA", "Al-Anon").
    pub short: &'static str,
    pub names: &'static [(&'static str, &'static [&'static str], Option<When>)],
    /// Whether meetings are open or closed (AA, NA), else always open.
    pub open_or_closed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Morning,
    Noon,
    Evening,
}

/// Meetings per 100 of each fellowship: AA's are most of every real directory's meetings
/// (all four Meeting Guide feeds in `../shared/datasets` are AA's or Al-Anon's), then NA.
pub static FELLOWSHIPS: [(u32, Fellowship); 9] = [
    (
        58,
        Fellowship {
            slug: "aa",
            short: "AA",
            open_or_closed: true,
            names: &[
                ("Early Birds", &[], Some(When::Morning)),
                ("Keep It Simple", &["D"], None),
                ("Back to Basics", &["BE"], None),
                ("Big Book Study", &["B"], None),
                ("Happy Destiny", &[], None),
                ("Nooners", &[], Some(When::Noon)),
                ("Came to Believe", &[], None),
                ("Living Sober", &["LS"], None),
                ("Attitude Adjustment", &[], Some(When::Morning)),
                ("Friday Night Speakers", &["SP"], Some(When::Evening)),
                ("Women's Step Study", &["W", "ST"], Some(When::Evening)),
                ("Men's Big Book", &["M", "B"], None),
                ("Young People's Group", &["Y"], Some(When::Evening)),
                ("Into Action", &["ST"], None),
                ("Daily Reflections", &["DR"], Some(When::Morning)),
                ("Primary Purpose", &[], None),
                ("Rule 62", &[], None),
                ("Twelve and Twelve", &["12x12"], None),
                ("Lunch Bunch", &[], Some(When::Noon)),
                ("Candlelight Meeting", &["CAN"], Some(When::Evening)),
                ("Serenity Seekers", &[], None),
                ("One Day at a Time", &[], None),
                ("As Bill Sees It", &["ABSI"], None),
                ("Grapevine Group", &["GR"], None),
            ],
        },
    ),
    (
        17,
        Fellowship {
            slug: "na",
            short: "NA",
            open_or_closed: true,
            names: &[
                ("Just for Today", &["LIT"], None),
                ("Clean and Serene", &[], None),
                ("Miracles Happen", &[], Some(When::Evening)),
                ("Recovery in Action", &["ST"], None),
                ("Never Alone", &[], Some(When::Evening)),
                ("Living Clean", &["LIT"], None),
                ("New Beginnings", &["BE"], None),
            ],
        },
    ),
    (
        9,
        Fellowship {
            slug: "al-anon",
            short: "Al-Anon",
            open_or_closed: false,
            names: &[
                ("Hope for Today", &[], None),
                ("One Day at a Time", &[], None),
                ("Family Group", &[], Some(When::Evening)),
                ("Detachment with Love", &[], None),
                ("Courage to Change", &[], None),
            ],
        },
    ),
    (
        4,
        Fellowship {
            slug: "smart-recovery",
            short: "SMART Recovery",
            open_or_closed: false,
            names: &[
                ("SMART Recovery Meeting", &["A"], Some(When::Evening)),
                (
                    "SMART Recovery Family & Friends",
                    &["A"],
                    Some(When::Evening),
                ),
            ],
        },
    ),
    (
        4,
        Fellowship {
            slug: "celebrate-recovery",
            short: "Celebrate Recovery",
            open_or_closed: false,
            names: &[("Celebrate Recovery", &[], Some(When::Evening))],
        },
    ),
    (
        3,
        Fellowship {
            slug: "recovery-dharma",
            short: "Recovery Dharma",
            open_or_closed: false,
            names: &[("Recovery Dharma Sangha", &["MED", "BUD"], None)],
        },
    ),
    (
        2,
        Fellowship {
            slug: "ca",
            short: "CA",
            open_or_closed: true,
            names: &[
                ("Hope Is Alive", &[], Some(When::Evening)),
                ("Freedom Group", &[], None),
            ],
        },
    ),
    (
        2,
        Fellowship {
            slug: "cma",
            short: "CMA",
            open_or_closed: true,
            names: &[("Crystal Clear", &[], Some(When::Evening))],
        },
    ),
    (
        1,
        Fellowship {
            slug: "nar-anon",
            short: "Nar-Anon",
            open_or_closed: false,
            names: &[("Nar-Anon Family Group", &[], Some(When::Evening))],
        },
    ),
];

/// Spanish-language meeting names (type S), for AA and NA.
const SPANISH_NAMES: [&str; 5] = [
    "Grupo Nueva Vida",
    "Grupo Esperanza",
    "Grupo Serenidad",
    "Grupo Un Día a la Vez",
    "Grupo Renacer",
];

/// How people attend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attendance {
    InPerson,
    Online,
    Hybrid,
}

impl Attendance {
    /// The schedule's `attending_type`, as the Meeting Guide importer writes it.
    pub fn attending_type(self) -> &'static str {
        match self {
            Attendance::InPerson => "in_person",
            Attendance::Online => "online",
            Attendance::Hybrid => "hybrid",
        }
    }
}

/// A group: a fellowship, a name, its types and its usual attendance and time of day;
/// it meets one to three times a week.
pub struct Group {
    pub fellowship: &'static Fellowship,
    pub name: String,
    pub spanish: bool,
    pub implied: Vec<&'static str>,
    pub when: Option<When>,
    pub attendance: Attendance,
}

/// One meeting of a group.
pub struct Meeting {
    pub day: &'static str,
    pub start: String,
    pub end: String,
    pub types: Vec<&'static str>,
}

pub fn group(rng: &mut Rng) -> Group {
    let fellowship = rng.weighted(&FELLOWSHIPS);
    let spanish = matches!(fellowship.slug, "aa" | "na") && rng.percent(7);
    let (name, implied, when) = if spanish {
        (
            rng.pick(&SPANISH_NAMES).to_string(),
            vec!["S"],
            Some(When::Evening),
        )
    } else {
        let (name, implied, when) = rng.pick(fellowship.names);
        let name = match fellowship.slug {
            "na" | "al-anon" | "ca" | "cma" => format!("{name} {}", fellowship.short),
            _ => name.to_string(),
        };
        (name, implied.to_vec(), when)
    };
    // Meeting Guide feeds after 2020: most meetings in person, a good share online only,
    // some hybrid (the shared AA feeds have roughly 75/15/10).
    let attendance = *rng.weighted(&[
        (75, Attendance::InPerson),
        (15, Attendance::Online),
        (10, Attendance::Hybrid),
    ]);
    Group {
        fellowship,
        name,
        spanish,
        implied,
        when,
        attendance,
    }
}

const MORNING: [&str; 3] = ["06:30", "07:00", "07:30"];
const NOON: [&str; 2] = ["12:00", "12:15"];
const EVENING: [&str; 7] = [
    "17:30", "18:00", "18:30", "19:00", "19:30", "20:00", "20:30",
];

/// The group's meetings: on different days, at the group's usual time.
pub fn meetings(group: &Group, count: usize, rng: &mut Rng) -> Vec<Meeting> {
    let when = group.when.unwrap_or_else(|| {
        *rng.weighted(&[(20, When::Morning), (15, When::Noon), (65, When::Evening)])
    });
    let start = match when {
        When::Morning => rng.pick(&MORNING),
        When::Noon => rng.pick(&NOON),
        When::Evening => rng.pick(&EVENING),
    };
    let length = rng.pick(&[60, 60, 60, 90]);
    let mut days: Vec<usize> = Vec::new();
    while days.len() < count.min(7) {
        let d = rng.below(7) as usize;
        if !days.contains(&d) {
            days.push(d);
        }
    }
    days.sort_unstable();
    days.into_iter()
        .map(|d| {
            let mut types: Vec<&'static str> = Vec::new();
            types.push(if group.fellowship.open_or_closed {
                rng.pick(&["O", "O", "C"])
            } else {
                "O"
            });
            if group.implied.iter().all(|t| *t == "S") {
                types.push(rng.pick(&["D", "D", "D", "ST", "SP", "LIT", "BE"]));
            }
            types.extend(group.implied.iter().copied());
            if group.attendance != Attendance::Online && rng.percent(45) {
                types.push("X");
            }
            if group.attendance == Attendance::Online {
                types.push("ONL");
            }
            types.sort_unstable();
            types.dedup();
            Meeting {
                day: super::hours::DAYS[d],
                start: start.to_string(),
                end: super::hours::later(start, length),
                types,
            }
        })
        .collect()
}

/// Where in-person meetings are held.
pub const VENUES: [&str; 8] = [
    "{anchor} Community Church",
    "{anchor} Fellowship Hall",
    "{city} Recovery Clubhouse",
    "{anchor} Lutheran Church",
    "{anchor} Community Center",
    "{city} Public Library Community Room",
    "{anchor} United Methodist Church",
    "{anchor} Friends Meeting House",
];
