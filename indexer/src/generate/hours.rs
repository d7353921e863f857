//! Weekly hours in the patterns real listings have (office hours, clinics with evenings,
//! pantry days, overnight shelters, 24/7 lines and detox, methadone dosing, weekly groups),
//! as HSDS `schedule` rows: `freq` WEEKLY, `byday`, `opens_at`, `closes_at`, and a
//! description in words.

use super::rng::Rng;

pub const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
const DAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const WEEKDAYS: &str = "MO,TU,WE,TH,FR";
const EVERY_DAY: &str = "MO,TU,WE,TH,FR,SA,SU";

/// How a kind of service keeps its hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Monday to Friday, office hours.
    Office,
    /// Weekdays with evenings, some Saturday mornings.
    Clinic,
    /// One to three mornings or afternoons a week.
    Pantry,
    /// A meal service at breakfast, lunch or supper.
    Meals,
    /// Every night, 19:00 to 07:00.
    Overnight,
    /// 24 hours, 7 days.
    Always,
    /// Opioid treatment programs: early-morning dosing, short weekend hours.
    Dosing,
    /// A group that meets once or twice a week.
    Group,
    /// A drop-in centre, weekdays and Saturday.
    DropIn,
}

/// One row of weekly hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hours {
    pub byday: String,
    pub opens_at: String,
    pub closes_at: String,
}

impl Hours {
    fn new(byday: &str, opens_at: &str, closes_at: &str) -> Hours {
        Hours {
            byday: byday.into(),
            opens_at: opens_at.into(),
            closes_at: closes_at.into(),
        }
    }

    /// "Monday to Friday, 9:00 AM to 5:00 PM.", "Open 24 hours, 7 days a week."
    pub fn describe(&self) -> String {
        if self.opens_at == "00:00" && self.closes_at == "24:00" && self.byday == EVERY_DAY {
            return "Open 24 hours, 7 days a week.".into();
        }
        let days = day_words(&self.byday);
        let mut first = days.chars();
        let days = match first.next() {
            Some(c) => c.to_uppercase().chain(first).collect(),
            None => days,
        };
        let overnight = if self.closes_at < self.opens_at {
            " (overnight)"
        } else {
            ""
        };
        format!(
            "{days}, {} to {}{overnight}.",
            clock(&self.opens_at),
            clock(&self.closes_at)
        )
    }
}

/// "19:30" → "7:30 PM"; "24:00" → "midnight".
pub fn clock(time: &str) -> String {
    let (h, m) = time.split_once(':').unwrap_or((time, "00"));
    let h: u32 = h.parse().unwrap_or(0);
    if (h == 0 || h == 24) && m == "00" {
        return "midnight".into();
    }
    if h == 12 && m == "00" {
        return "noon".into();
    }
    let suffix = if h < 12 { "AM" } else { "PM" };
    format!("{}:{m} {suffix}", (h + 11) % 12 + 1)
}

/// "MO,TU,WE,TH,FR" → "Monday to Friday"; "TU,TH" → "Tuesdays and Thursdays".
pub fn day_words(byday: &str) -> String {
    let days: Vec<usize> = byday
        .split(',')
        .filter_map(|d| DAYS.iter().position(|x| *x == d))
        .collect();
    if days.len() == 7 {
        return "every day".into();
    }
    let consecutive = days.windows(2).all(|w| w[1] == w[0] + 1);
    if days.len() > 2 && consecutive {
        return format!(
            "{} to {}",
            DAY_NAMES[days[0]],
            DAY_NAMES[days[days.len() - 1]]
        );
    }
    let names: Vec<String> = days.iter().map(|&d| format!("{}s", DAY_NAMES[d])).collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Some days of the week (the first six), in order.
fn some_days(rng: &mut Rng, count: usize) -> String {
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < count {
        let d = rng.below(6) as usize;
        if !chosen.contains(&d) {
            chosen.push(d);
        }
    }
    chosen.sort_unstable();
    chosen
        .iter()
        .map(|&d| DAYS[d])
        .collect::<Vec<_>>()
        .join(",")
}

/// A clock time `minutes` after `start` ("18:30" + 90 → "20:00"), within the day.
pub fn later(start: &str, minutes: u32) -> String {
    let (h, m) = start.split_once(':').unwrap_or((start, "0"));
    let total = h.parse::<u32>().unwrap_or(0) * 60 + m.parse::<u32>().unwrap_or(0) + minutes;
    format!("{:02}:{:02}", (total / 60) % 24, total % 60)
}

/// The weekly hours of one service of a style.
pub fn weekly(style: Style, rng: &mut Rng) -> Vec<Hours> {
    match style {
        Style::Office => {
            let opens = rng.pick(&["08:00", "08:30", "09:00", "09:00", "09:00"]);
            let closes = rng.pick(&["16:00", "16:30", "17:00", "17:00", "18:00"]);
            let mut out = vec![Hours::new(WEEKDAYS, opens, closes)];
            if rng.percent(15) {
                out[0].byday = "MO,TU,WE,TH".into();
                out.push(Hours::new("FR", opens, "12:00"));
            }
            out
        }
        Style::Clinic => {
            let mut out = vec![
                Hours::new(
                    "MO,TU,WE,TH",
                    "08:00",
                    rng.pick(&["18:00", "19:00", "20:00"]),
                ),
                Hours::new("FR", "08:00", "17:00"),
            ];
            if rng.percent(40) {
                out.push(Hours::new("SA", "09:00", "13:00"));
            }
            out
        }
        Style::Pantry => {
            let count = rng.pick(&[1, 1, 2, 2, 3]);
            let (opens, closes) = rng.pick(&[
                ("09:00", "12:00"),
                ("10:00", "13:00"),
                ("14:00", "17:00"),
                ("16:00", "19:00"),
            ]);
            vec![Hours::new(&some_days(rng, count), opens, closes)]
        }
        Style::Meals => {
            let (opens, closes) = rng.pick(&[
                ("07:00", "08:30"),
                ("11:30", "13:00"),
                ("12:00", "13:30"),
                ("17:00", "18:30"),
            ]);
            let days = rng.pick(&[WEEKDAYS, EVERY_DAY, "MO,WE,FR", "SA,SU"]);
            vec![Hours::new(days, opens, closes)]
        }
        Style::Overnight => vec![Hours::new(EVERY_DAY, "19:00", "07:00")],
        Style::Always => vec![Hours::new(EVERY_DAY, "00:00", "24:00")],
        Style::Dosing => vec![
            Hours::new(
                WEEKDAYS,
                rng.pick(&["05:30", "06:00"]),
                rng.pick(&["13:00", "14:00"]),
            ),
            Hours::new("SA,SU", "07:00", rng.pick(&["10:00", "11:00"])),
        ],
        Style::Group => {
            let count = rng.pick(&[1, 1, 2]);
            let start = rng.pick(&["10:00", "18:00", "18:30", "19:00"]);
            vec![Hours::new(&some_days(rng, count), start, &later(start, 90))]
        }
        Style::DropIn => vec![
            Hours::new(WEEKDAYS, "09:00", rng.pick(&["17:00", "19:00", "20:00"])),
            Hours::new("SA", "10:00", "15:00"),
        ],
    }
}

/// The US time zone's everyday name, for hours written in words ("Eastern Time").
pub fn zone_name(iana: &str) -> Option<&'static str> {
    Some(match iana {
        "America/New_York" | "America/Detroit" | "America/Indiana/Indianapolis" => "Eastern",
        "America/Chicago" => "Central",
        "America/Denver" | "America/Boise" | "America/Phoenix" => "Mountain",
        "America/Los_Angeles" => "Pacific",
        "America/Anchorage" => "Alaska",
        "Pacific/Honolulu" => "Hawaii",
        "America/Puerto_Rico" | "America/St_Thomas" => "Atlantic",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_written_in_words() {
        assert_eq!(
            Hours::new(WEEKDAYS, "09:00", "17:00").describe(),
            "Monday to Friday, 9:00 AM to 5:00 PM."
        );
        assert_eq!(
            Hours::new(EVERY_DAY, "19:00", "07:00").describe(),
            "Every day, 7:00 PM to 7:00 AM (overnight)."
        );
        assert_eq!(
            Hours::new("TU,TH", "12:00", "13:30").describe(),
            "Tuesdays and Thursdays, noon to 1:30 PM."
        );
        assert_eq!(
            Hours::new(EVERY_DAY, "00:00", "24:00").describe(),
            "Open 24 hours, 7 days a week."
        );
        assert_eq!(later("23:30", 60), "00:30");
    }
}
