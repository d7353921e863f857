//! Weekly opening hours in a listing's own time zone: whether it is open at an instant, and
//! when it next opens. Hours are wall-clock times, so a clinic open 09:00–17:00 is open at
//! 09:00 local time on both sides of a daylight-saving change.

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, Offset, TimeZone, Timelike, Utc,
};
use chrono_tz::Tz;

use super::Schedule;

/// Minutes in a week; minute 0 is Sunday 00:00 local time.
pub const WEEK: u32 = 7 * 24 * 60;
const DAY: u32 = 24 * 60;
/// How long a weekly event with a start but no end (a meeting without `end_time`) is taken
/// to last, so that it counts as open while it runs.
const EVENT_WITHOUT_END: u32 = 60;
const DAYS: [&str; 7] = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

/// A listing's weekly hours: the minutes of the week it is open, in its zone.
#[derive(Debug, Clone, PartialEq)]
pub struct WeeklyHours {
    pub zone: Tz,
    /// Sorted, merged, non-empty `[start, end)` minute-of-week spans within `0..=WEEK`.
    pub spans: Vec<(u32, u32)>,
}

/// "HH:MM" (24:00 allowed as an end) as minutes after midnight.
fn minutes(clock: &str) -> Option<u32> {
    let (h, m) = clock.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.get(..2).unwrap_or(m).parse().ok()?);
    (h < 24 && m < 60 || h == 24 && m == 0).then_some(h * 60 + m)
}

/// The time zone a listing's hours are given in: the schedule's own, else the location's.
pub fn zone_of(name: Option<&str>) -> Option<Tz> {
    name?.trim().parse().ok()
}

impl WeeklyHours {
    /// The weekly hours of these schedules, or `None` when none of them gives a weekly
    /// day and an opening time, or no time zone is known: such a listing's hours are
    /// unknown, so it is never reported open.
    pub fn from_schedules<'a>(
        schedules: impl IntoIterator<Item = &'a Schedule>,
        location_zone: Option<&str>,
    ) -> Option<WeeklyHours> {
        let mut zone = None;
        let mut spans = Vec::new();
        // Spans of schedules whose zone is unknown: only usable when they cover the whole
        // week (a 24/7 line is open whatever the zone).
        let mut zoneless = Vec::new();
        for s in schedules {
            if s.freq
                .as_deref()
                .is_some_and(|f| !f.eq_ignore_ascii_case("WEEKLY"))
            {
                continue;
            }
            let (Some(byday), Some(opens)) = (&s.byday, s.opens_at.as_deref().and_then(minutes))
            else {
                continue;
            };
            let closes = s.closes_at.as_deref().and_then(minutes);
            let length = match closes {
                // 00:00–00:00 or 09:00–09:00: the whole day.
                Some(c) if c == opens => DAY,
                // 22:00–06:00 runs past midnight into the next day.
                Some(c) if c < opens => DAY - opens + c,
                Some(c) => c - opens,
                None => EVENT_WITHOUT_END,
            };
            let z = zone_of(s.time_zone.as_deref()).or_else(|| zone_of(location_zone));
            if let Some(z) = z {
                zone.get_or_insert(z);
            }
            let spans = if z.is_some() {
                &mut spans
            } else {
                &mut zoneless
            };
            for day in byday.split(',').map(str::trim) {
                let Some(d) = DAYS.iter().position(|x| x.eq_ignore_ascii_case(day)) else {
                    continue;
                };
                let start = d as u32 * DAY + opens;
                let end = start + length;
                if end <= WEEK {
                    spans.push((start, end));
                } else {
                    // Saturday night into Sunday morning wraps round the week.
                    spans.push((start, WEEK));
                    spans.push((0, end - WEEK));
                }
            }
        }
        let zoneless = merge(zoneless);
        if zoneless == [(0, WEEK)] {
            return Some(WeeklyHours {
                zone: zone.unwrap_or(Tz::UTC),
                spans: zoneless,
            });
        }
        let spans = merge(spans);
        (!spans.is_empty()).then_some(WeeklyHours { zone: zone?, spans })
    }

    /// Rebuilds hours from their index encoding (`encode`); no spans is a listing that is
    /// closed for now.
    pub fn decode(zone: &str, encoded: impl IntoIterator<Item = u64>) -> Option<WeeklyHours> {
        let spans = encoded
            .into_iter()
            .map(|v| ((v >> 16) as u32, (v & 0xffff) as u32))
            .collect();
        Some(WeeklyHours {
            zone: zone.parse().ok()?,
            spans: merge(spans),
        })
    }

    /// One number per span, for a multi-valued fast field.
    pub fn encode(&self) -> Vec<u64> {
        self.spans
            .iter()
            .map(|(s, e)| ((*s as u64) << 16) | *e as u64)
            .collect()
    }

    /// The hours of the week in UTC (0–167; Sunday 00:00 UTC is 0) in which it is open at
    /// some minute under any offset its zone takes (`zone_offsets`): a listing open at an
    /// instant holds that instant's UTC hour, whatever its zone and the season, so the
    /// index finds the listings open in an hour by one term before the exact minute.
    pub fn open_utc_hours(&self) -> Vec<u32> {
        let mut hours = std::collections::BTreeSet::new();
        for offset in zone_offsets(self.zone).iter() {
            for &(start, end) in &self.spans {
                // Local minutes are UTC minutes plus the offset.
                let first = (i64::from(start) - offset).div_euclid(60);
                let last = (i64::from(end) - 1 - offset).div_euclid(60);
                for hour in first..=last.min(first + 167) {
                    hours.insert(hour.rem_euclid(168) as u32);
                }
            }
        }
        hours.into_iter().collect()
    }

    /// Whether it is open at this instant, by the wall clock in its zone.
    pub fn is_open_at(&self, at: DateTime<Utc>) -> bool {
        is_open_in(&self.spans, minute_of_week(self.zone, at))
    }

    /// When it next opens after `at` (the start of the next span), in its zone; `None`
    /// when it is always open.
    pub fn next_opening(&self, at: DateTime<Utc>) -> Option<DateTime<Tz>> {
        if self.spans == [(0, WEEK)] || self.spans.is_empty() {
            return None;
        }
        let local = at.with_timezone(&self.zone);
        let today = local.date_naive();
        let sunday = today - Duration::days(local.weekday().num_days_from_sunday() as i64);
        // Starts that merely continue the previous span (Sunday 00:00 after a Saturday
        // night span) are not openings.
        let starts: Vec<u32> = self
            .spans
            .iter()
            .map(|s| s.0)
            .filter(|s| !(*s == 0 && self.spans.last().is_some_and(|l| l.1 == WEEK)))
            .collect();
        (0..3)
            .flat_map(|week| starts.iter().map(move |s| (week, *s)))
            .filter_map(|(week, start)| {
                let date = sunday + Duration::days((week * 7 + start / DAY) as i64);
                self.instant(date, start % DAY)
            })
            .find(|t| t.with_timezone(&Utc) > at)
    }

    /// The instant a local date and time names; a time skipped by a daylight-saving change
    /// (02:30 on the spring-forward night) is taken as the moment after the gap.
    fn instant(&self, date: NaiveDate, minute: u32) -> Option<DateTime<Tz>> {
        let naive = date.and_hms_opt(minute / 60, minute % 60, 0)?;
        match self.zone.from_local_datetime(&naive) {
            LocalResult::Single(t) => Some(t),
            LocalResult::Ambiguous(earliest, _) => Some(earliest),
            LocalResult::None => (1..=180).find_map(|m| {
                self.zone
                    .from_local_datetime(&(naive + Duration::minutes(m)))
                    .earliest()
            }),
        }
    }
}

/// The local minute of the week (Sunday 00:00 = 0) at an instant in a zone.
pub fn minute_of_week(zone: Tz, at: DateTime<Utc>) -> u32 {
    let local = at.with_timezone(&zone);
    local.weekday().num_days_from_sunday() * DAY + local.hour() * 60 + local.minute()
}

/// The UTC hour of the week (0–167; Sunday 00:00 UTC is 0) that holds `at`.
pub fn utc_hour_of_week(at: DateTime<Utc>) -> u32 {
    minute_of_week(Tz::UTC, at) / 60
}

/// Every offset from UTC (minutes east) the zone takes from a year ago to ten years on, by
/// the time-zone database this build carries (`chrono_tz::IANA_TZDB_VERSION`; an index
/// made with another rebuilds). Read day by day once per zone, then remembered.
pub fn zone_offsets(zone: Tz) -> std::sync::Arc<[i64]> {
    use std::collections::HashMap;
    use std::sync::{Arc, LazyLock, Mutex};
    static KNOWN: LazyLock<Mutex<HashMap<Tz, Arc<[i64]>>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    let mut known = KNOWN.lock().unwrap_or_else(|e| e.into_inner());
    known
        .entry(zone)
        .or_insert_with(|| {
            let start = Utc::now() - Duration::days(366);
            let mut offsets: Vec<i64> = (0..11 * 366)
                .map(|day| {
                    let at = (start + Duration::days(day)).naive_utc();
                    i64::from(zone.offset_from_utc_datetime(&at).fix().local_minus_utc()) / 60
                })
                .collect();
            offsets.sort_unstable();
            offsets.dedup();
            offsets.into()
        })
        .clone()
}

/// Whether minute-of-week `m` falls inside one of the spans.
pub fn is_open_in(spans: &[(u32, u32)], m: u32) -> bool {
    spans.iter().any(|(s, e)| *s <= m && m < *e)
}

/// Whether an encoded span (see `WeeklyHours::encode`) holds minute-of-week `m`.
pub fn encoded_span_holds(encoded: u64, m: u32) -> bool {
    let (s, e) = ((encoded >> 16) as u32, (encoded & 0xffff) as u32);
    s <= m && m < e
}

fn merge(mut spans: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    spans.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(spans.len());
    for (s, e) in spans.into_iter().filter(|(s, e)| s < e) {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weekly(byday: &str, opens: &str, closes: Option<&str>, zone: &str) -> Schedule {
        Schedule {
            freq: Some("WEEKLY".into()),
            byday: Some(byday.into()),
            opens_at: Some(opens.into()),
            closes_at: closes.map(str::to_string),
            time_zone: Some(zone.into()),
            ..Default::default()
        }
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    const NY: &str = "America/New_York";

    #[test]
    fn overnight_hours_run_into_the_next_morning() {
        let s = weekly("TU", "22:00", Some("06:00"), NY);
        let h = WeeklyHours::from_schedules([&s], None).unwrap();
        // Tuesday 23:00 and Wednesday 05:59 in New York (UTC-5 in November).
        assert!(h.is_open_at(utc("2026-11-25T04:00:00Z")));
        assert!(h.is_open_at(utc("2026-11-25T10:59:00Z")));
        assert!(!h.is_open_at(utc("2026-11-25T11:00:00Z")));
        // Monday night is not Tuesday night.
        assert!(!h.is_open_at(utc("2026-11-24T04:00:00Z")));
    }

    #[test]
    fn saturday_night_wraps_into_sunday() {
        let s = weekly("SA", "23:30", Some("00:30"), NY);
        let h = WeeklyHours::from_schedules([&s], None).unwrap();
        // Sunday 2026-11-29 00:15 New York.
        assert!(h.is_open_at(utc("2026-11-29T05:15:00Z")));
        assert!(!h.is_open_at(utc("2026-11-29T05:31:00Z")));
    }

    #[test]
    fn the_same_instant_is_judged_in_each_listings_zone() {
        let ny = WeeklyHours::from_schedules([&weekly("MO", "09:00", Some("17:00"), NY)], None);
        let la = WeeklyHours::from_schedules(
            [&weekly("MO", "09:00", Some("17:00"), "America/Los_Angeles")],
            None,
        );
        // Monday 2026-11-23 15:00 UTC: 10:00 in New York, 07:00 in Los Angeles.
        let at = utc("2026-11-23T15:00:00Z");
        assert!(ny.unwrap().is_open_at(at));
        assert!(!la.unwrap().is_open_at(at));
    }

    #[test]
    fn the_location_zone_is_used_when_the_schedule_has_none() {
        let mut s = weekly("MO", "09:00", Some("17:00"), NY);
        s.time_zone = None;
        let h = WeeklyHours::from_schedules([&s], Some("America/Chicago")).unwrap();
        assert_eq!(h.zone, chrono_tz::America::Chicago);
        assert!(WeeklyHours::from_schedules([&s], None).is_none());
    }

    #[test]
    fn a_line_open_around_the_clock_needs_no_zone() {
        let mut s = weekly("MO,TU,WE,TH,FR,SA,SU", "00:00", Some("24:00"), NY);
        s.time_zone = None;
        let h = WeeklyHours::from_schedules([&s], None).unwrap();
        assert!(h.is_open_at(utc("2026-11-23T03:00:00Z")));
    }

    #[test]
    fn daylight_saving_keeps_wall_clock_hours() {
        let s = weekly("SU,MO", "09:00", Some("17:00"), NY);
        let h = WeeklyHours::from_schedules([&s], None).unwrap();
        // Monday 9 March 2026 09:30 EDT is 13:30 UTC; a week before, 09:30 EST was 14:30 UTC.
        assert!(h.is_open_at(utc("2026-03-09T13:30:00Z")));
        assert!(h.is_open_at(utc("2026-03-02T14:30:00Z")));
        assert!(!h.is_open_at(utc("2026-03-02T13:30:00Z")));
        // Sunday 8 March (the change) 08:30 EDT is 12:30 UTC: not yet open.
        assert!(!h.is_open_at(utc("2026-03-08T12:30:00Z")));
    }

    #[test]
    fn next_opening_across_a_daylight_saving_change() {
        let s = weekly("SU", "09:00", Some("10:00"), NY);
        let h = WeeklyHours::from_schedules([&s], None).unwrap();
        // Saturday 7 March 2026, noon EST; clocks go forward that night.
        let next = h.next_opening(utc("2026-03-07T17:00:00Z")).unwrap();
        assert_eq!(next.to_rfc3339(), "2026-03-08T09:00:00-04:00");
        // And in November, back to standard time.
        let next = h.next_opening(utc("2026-10-31T17:00:00Z")).unwrap();
        assert_eq!(next.to_rfc3339(), "2026-11-01T09:00:00-05:00");
    }

    #[test]
    fn an_opening_in_the_skipped_hour_opens_when_the_clocks_resume() {
        let s = weekly("SU", "02:30", Some("04:00"), NY);
        let h = WeeklyHours::from_schedules([&s], None).unwrap();
        let next = h.next_opening(utc("2026-03-07T17:00:00Z")).unwrap();
        assert_eq!(next.to_rfc3339(), "2026-03-08T03:00:00-04:00");
    }

    #[test]
    fn next_opening_is_the_next_start_after_now() {
        let s = weekly("MO,WE", "09:00", Some("17:00"), NY);
        let h = WeeklyHours::from_schedules([&s], None).unwrap();
        // Monday 10:00: open now; it next opens on Wednesday.
        let at = utc("2026-11-23T15:00:00Z");
        assert!(h.is_open_at(at));
        assert_eq!(
            h.next_opening(at).unwrap().to_rfc3339(),
            "2026-11-25T09:00:00-05:00"
        );
        // Wednesday evening: next Monday.
        assert_eq!(
            h.next_opening(utc("2026-11-26T00:00:00Z"))
                .unwrap()
                .to_rfc3339(),
            "2026-11-30T09:00:00-05:00"
        );
    }

    #[test]
    fn always_open_has_no_next_opening() {
        let s = weekly("MO,TU,WE,TH,FR,SA,SU", "00:00", Some("24:00"), NY);
        let h = WeeklyHours::from_schedules([&s], None).unwrap();
        assert_eq!(h.spans, vec![(0, WEEK)]);
        assert!(h.is_open_at(utc("2026-11-23T15:00:00Z")));
        assert_eq!(h.next_opening(utc("2026-11-23T15:00:00Z")), None);
    }

    #[test]
    fn a_meeting_without_an_end_counts_as_an_hour() {
        let s = weekly("WE", "19:00", None, NY);
        let h = WeeklyHours::from_schedules([&s], None).unwrap();
        assert!(h.is_open_at(utc("2026-11-26T00:30:00Z")));
        assert!(!h.is_open_at(utc("2026-11-26T01:00:00Z")));
    }

    #[test]
    fn no_weekly_times_means_unknown_hours() {
        let mut s = weekly("MO", "09:00", Some("17:00"), NY);
        s.opens_at = None;
        assert_eq!(WeeklyHours::from_schedules([&s], None), None);
        assert_eq!(WeeklyHours::from_schedules([], Some(NY)), None);
    }

    #[test]
    fn encoding_round_trips() {
        let s = weekly("SA", "22:00", Some("06:00"), NY);
        let h = WeeklyHours::from_schedules([&s], None).unwrap();
        let back = WeeklyHours::decode(NY, h.encode()).unwrap();
        assert_eq!(back, h);
        assert!(h.encode().iter().any(|e| encoded_span_holds(*e, 30)));
    }

    #[test]
    fn open_utc_hours_are_the_hours_a_span_touches_under_each_offset() {
        let hours = WeeklyHours {
            zone: Tz::America__Chicago,
            // Monday 09:30–11:00, and Saturday 23:00 to the week's end.
            spans: vec![(DAY + 570, DAY + 660), (6 * DAY + 1380, WEEK)],
        };
        // Monday 14:30–16:00 UTC in summer (UTC−5), 15:30–17:00 in winter (UTC−6); the
        // Saturday hour is Sunday 04:00 or 05:00 UTC, at the start of the UTC week.
        assert_eq!(hours.open_utc_hours(), vec![4, 5, 38, 39, 40]);
    }

    #[test]
    fn a_listing_open_at_an_instant_holds_that_instants_utc_hour() {
        // Zones with daylight saving either side of the equator, half-hour offsets, a
        // half-hour change (Lord Howe) and none at all.
        let zones = [
            Tz::America__New_York,
            Tz::America__St_Johns,
            Tz::Australia__Lord_Howe,
            Tz::Asia__Kolkata,
            Tz::Pacific__Honolulu,
            Tz::Europe__London,
        ];
        // Monday 08:15–08:45, Wednesday 23:50 to Thursday 00:20, Saturday night to the
        // week's end, and Sunday's first minutes.
        let spans = vec![
            (0, 10),
            (DAY + 495, DAY + 525),
            (3 * DAY + 1430, 4 * DAY + 20),
            (6 * DAY + 1435, WEEK),
        ];
        let year = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        for zone in zones {
            let hours = WeeklyHours {
                zone,
                spans: spans.clone(),
            };
            let held = hours.open_utc_hours();
            let mut open = 0;
            for step in 0..(366 * 24 * 12) {
                let at = year + Duration::minutes(5 * step);
                if hours.is_open_at(at) {
                    open += 1;
                    assert!(
                        held.contains(&utc_hour_of_week(at)),
                        "{zone} open at {at} but hour {} not held",
                        utc_hour_of_week(at)
                    );
                }
            }
            assert!(open > 0, "{zone} is open at some instant");
        }
    }

    #[test]
    fn a_zone_takes_its_standard_and_daylight_offsets() {
        assert_eq!(&*zone_offsets(Tz::America__Chicago), &[-360, -300]);
        assert_eq!(&*zone_offsets(Tz::Asia__Kolkata), &[330]);
        assert_eq!(&*zone_offsets(Tz::Australia__Lord_Howe), &[630, 660]);
    }
}
