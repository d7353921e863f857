#!/usr/bin/env python3
"""Generate Waypoint's demonstration data set (seed-data/hsds/*.json, seed-data/meeting-guide/*.json).

Makes, for four real US metro areas (Baltimore MD, Orange County CA, Philadelphia PA,
Columbus OH):
  * hsds/<metro>.json: an array of HSDS 3.1 compiled services (organization, phones,
    schedules, languages, cost options, capacities, taxonomy-term attributes and service at
    locations) covering housing, employment, healthcare, mental health, substance use
    treatment, food and support groups, categorised only through Open Eligibility terms;
  * meeting-guide/<metro>-meetings.json: a Meeting Guide (code4recovery) feed of recovery
    meetings;
and national/national-lines.json with the REAL national crisis services (988, 911, the SAMHSA
National Helpline).

Every organization, service, group and meeting in the metro files is FICTIONAL: names,
street addresses, phone numbers (the reserved 555-0100..0199 range) and web sites (on
example.org) are made up. Only the geography is real: ZIP codes, city names and coordinates
near each ZIP's centroid. The national crisis services are real and described as such.

Deterministic: a fixed seed and UUIDv5 ids derived from readable keys, so every run writes
the same bytes. Standard library only. Run from the repository root:
    python3 seed-data/generate.py
"""
import json
import math
import random
import re
import uuid
from pathlib import Path

OUT = Path(__file__).resolve().parent
NS = uuid.UUID("6f1c0d2e-8a51-4c3e-9a35-3b0e6d9c1f00")
RNG = random.Random(20261123)
FICTIONAL = " (Fictional organization for demonstration.)"


def uid(*parts):
    return str(uuid.uuid5(NS, "waypoint-seed:" + ":".join(str(p) for p in parts)))


# ---------------------------------------------------------------- taxonomy
# code: (name, description, category or None for eligibility terms)
TERMS = {
    "101-03": ("Emergency Food", "Food for people who have none right now.", "food"),
    "102-04": ("Food Pantry", "Free groceries to take home.", "food"),
    "102-05": ("Free Meals", "Prepared meals served free of charge.", "food"),
    "102-06-01": ("Food Benefits", "Help applying for SNAP, WIC and other food benefits.", "food"),
    "103-01": ("Emergency Shelter", "A safe place to sleep tonight.", "housing"),
    "103-09": ("Short-Term Housing", "Transitional and recovery housing for weeks to months.", "housing"),
    "103-03": ("Help Pay for Housing", "Rent, deposit and utility assistance.", "housing"),
    "103-02": ("Help Find Housing", "Housing search, applications and landlord outreach.", "housing"),
    "110-01-01": ("Job Placement", "Matching job seekers with employers.", "employment"),
    "110-03": ("Skills & Training", "Job training and certificates.", "employment"),
    "110-01": ("Help Find Work", "Job search help, resumes and applications.", "employment"),
    "106-06": ("Medical Care", "Primary and preventive medical care.", "healthcare"),
    "106-02": ("Dental Care", "Dental exams, cleanings and treatment.", "healthcare"),
    "106-12": ("Vision Care", "Eye exams and glasses.", "healthcare"),
    "106-07": ("Mental Health", "Counseling, therapy and psychiatric care.", "mental-health"),
    "106-13": ("Psychiatric Emergency Services", "Help in a mental health or substance use crisis.", "mental-health"),
    "106-07-01-01-03": ("Outpatient mental health centers", "Community mental health clinics.", "mental-health"),
    "106-01": ("Substance Use Disorder", "Treatment and recovery services for substance use.", "substance-use-treatment"),
    "106-01-01-01": ("Outpatient Treatment", "Counseling-based treatment while living at home.", "substance-use-treatment"),
    "106-01-01-02": ("Residential Treatment", "Live-in substance use treatment.", "substance-use-treatment"),
    "106-01-02-01": ("Medication-Assisted Treatment (MAT) Provided", "Methadone, buprenorphine or naltrexone with counseling.", "substance-use-treatment"),
    "106-01-02-02": ("Withdrawal Management", "Medically supervised detox.", "substance-use-treatment"),
    "108-09-09": ("Support Groups", "Peer-led groups for people facing the same challenge.", "support-groups"),
    "132-10": ("Support Groups Services Provided", "Organizations that run support groups.", "support-groups"),
    "101-06": ("Immediate Safety", "Help for people in immediate danger.", None),
    "121-01": ("Pregnancy", "For people who are pregnant.", None),
    "113-03": ("Veterans", "For veterans of the armed forces.", None),
    "119-01": ("Women", "For women.", None),
}
ELIGIBILITY = {"121-01", "113-03", "119-01"}


def term(code):
    name, desc, _ = TERMS[code]
    parent = code.rsplit("-", 1)[0] if "-" in code else None
    t = {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, "open-eligibility:" + code)), "code": code,
         "name": name, "description": desc, "taxonomy": "Open Eligibility"}
    if parent:
        t["parent_id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, "open-eligibility:" + parent))
    return t


CRISIS_TERM = {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, "waypoint:crisis-line")), "code": "crisis-line",
               "name": "Crisis Line", "description": "Answers calls or texts from people in crisis, 24/7.",
               "taxonomy": "Waypoint"}


# Open Eligibility's support-group codes (108-09-09, 132-10) sit in branches that carry no
# Waypoint category (211 feeds use them for every kind of group), so the seed also tags its
# recovery groups with Waypoint's own term, which categories.csv maps to support-groups.
SUPPORT_TERM = {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, "waypoint:support-group")), "code": "support-group",
                "name": "Support Groups", "description": "Peer-led recovery support groups.",
                "taxonomy": "Waypoint"}


def attributes(service_id, codes, crisis=False):
    out = []
    if any(TERMS[c][2] == "support-groups" for c in codes):
        out.append({"id": uid("attribute", service_id, "support"), "link_id": service_id, "link_type": "service",
                    "link_entity": "service", "taxonomy_term_id": SUPPORT_TERM["id"], "taxonomy_term": SUPPORT_TERM})
    for i, code in enumerate(codes):
        t = term(code)
        out.append({"id": uid("attribute", service_id, i), "link_id": service_id,
                    "link_type": "eligibility" if code in ELIGIBILITY else "service",
                    "link_entity": "service", "taxonomy_term_id": t["id"], "taxonomy_term": t})
    if crisis:
        out.append({"id": uid("attribute", service_id, "crisis"), "link_id": service_id, "link_type": "service",
                    "link_entity": "service", "taxonomy_term_id": CRISIS_TERM["id"], "taxonomy_term": CRISIS_TERM})
    return out


def categories(service):
    cats = []
    for a in service["attributes"]:
        c = TERMS.get(a["taxonomy_term"]["code"], (None, None, None))[2]
        if a["taxonomy_term"]["code"] == "crisis-line":
            c = "mental-health"
        if c and c not in cats:
            cats.append(c)
    return cats


# ---------------------------------------------------------------- geography
def poly(*pts):
    ring = [list(p) for p in pts]
    return ring + [ring[0]] if ring[0] != ring[-1] else ring


def rect(w, s, e, n):
    return poly((w, s), (e, s), (e, n), (w, n))


# zip, city, neighbourhood used in names, approximate ZIP centroid lat, lon
METROS = {
    "baltimore-md": dict(
        key="baltimore", label="Baltimore, MD", state="MD", state_name="Maryland", tz="America/New_York",
        area=["410", "443", "667"], county="Baltimore City and Baltimore County",
        county_poly=rect(-76.90, 39.19, -76.33, 39.72), region_name="Central Maryland",
        region_poly=rect(-77.30, 38.90, -76.20, 39.75),
        state_poly=poly((-79.487, 39.723), (-75.788, 39.723), (-75.694, 38.460), (-75.049, 38.451), (-75.242, 38.027),
                        (-76.236, 38.025), (-76.90, 38.17), (-77.04, 38.79), (-77.53, 39.14), (-78.34, 39.64),
                        (-79.487, 39.20)),
        zips=[("21201", "Baltimore", "Mount Vernon", 39.2947, -76.6252), ("21202", "Baltimore", "Jonestown", 39.2964, -76.6079),
              ("21205", "Baltimore", "McElderry Park", 39.3026, -76.5643), ("21206", "Baltimore", "Frankford", 39.3388, -76.5410),
              ("21207", "Gwynn Oak", "Woodlawn", 39.3240, -76.7224), ("21211", "Baltimore", "Hampden", 39.3286, -76.6393),
              ("21212", "Baltimore", "Govans", 39.3681, -76.6150), ("21213", "Baltimore", "Belair-Edison", 39.3152, -76.5813),
              ("21214", "Baltimore", "Lauraville", 39.3522, -76.5643), ("21215", "Baltimore", "Park Heights", 39.3455, -76.6798),
              ("21216", "Baltimore", "Walbrook", 39.3095, -76.6695), ("21217", "Baltimore", "Sandtown", 39.3068, -76.6384),
              ("21218", "Baltimore", "Waverly", 39.3270, -76.6040), ("21223", "Baltimore", "Franklin Square", 39.2828, -76.6537),
              ("21224", "Baltimore", "Highlandtown", 39.2780, -76.5430), ("21225", "Baltimore", "Brooklyn", 39.2259, -76.6153),
              ("21229", "Baltimore", "Irvington", 39.2857, -76.6916), ("21230", "Baltimore", "Pigtown", 39.2700, -76.6220),
              ("21231", "Baltimore", "Fells Point", 39.2878, -76.5925), ("21239", "Baltimore", "Loch Raven", 39.3668, -76.5894),
              ("21204", "Towson", "Towson", 39.4054, -76.6074), ("21228", "Catonsville", "Catonsville", 39.2737, -76.7436),
              ("21222", "Dundalk", "Dundalk", 39.2655, -76.4930), ("21221", "Essex", "Essex", 39.2935, -76.4383),
              ("21237", "Rosedale", "Rosedale", 39.3357, -76.5021), ("21234", "Parkville", "Parkville", 39.3923, -76.5387),
              ("21244", "Windsor Mill", "Windsor Mill", 39.3329, -76.7802), ("21117", "Owings Mills", "Owings Mills", 39.4270, -76.7774),
              ("21208", "Pikesville", "Pikesville", 39.3799, -76.7237), ("21227", "Halethorpe", "Arbutus", 39.2395, -76.6800)],
        streets=["Greenmount Ave", "Harford Rd", "Belair Rd", "York Rd", "Eastern Ave", "Frederick Ave", "Edmondson Ave",
                 "Park Heights Ave", "Pennsylvania Ave", "Washington Blvd", "Light St", "Charles St"],
        langs=[("es", "Spanish", 0.25), ("ko", "Korean", 0.03), ("ru", "Russian", 0.03), ("fr", "French", 0.03)]),
    "orange-county-ca": dict(
        key="orange-county", label="Orange County, CA", state="CA", state_name="California", tz="America/Los_Angeles",
        area=["714", "949", "657"], county="Orange County",
        county_poly=poly((-118.125, 33.76), (-118.00, 33.95), (-117.78, 33.95), (-117.65, 33.88), (-117.41, 33.65),
                         (-117.51, 33.40), (-117.60, 33.39), (-117.78, 33.54), (-118.00, 33.65)),
        region_name="Orange County",
        region_poly=poly((-118.125, 33.76), (-118.00, 33.95), (-117.78, 33.95), (-117.65, 33.88), (-117.41, 33.65),
                         (-117.51, 33.40), (-117.60, 33.39), (-117.78, 33.54), (-118.00, 33.65)),
        state_poly=poly((-124.41, 42.00), (-120.00, 42.00), (-120.00, 39.00), (-114.63, 35.00), (-114.13, 34.30),
                        (-114.72, 32.72), (-117.12, 32.53), (-120.60, 34.50), (-124.41, 40.40)),
        zips=[("92701", "Santa Ana", "French Park", 33.7486, -117.8583), ("92703", "Santa Ana", "Willowick", 33.7475, -117.9064),
              ("92704", "Santa Ana", "South Santa Ana", 33.7203, -117.9087), ("92705", "Santa Ana", "North Tustin", 33.7587, -117.8146),
              ("92706", "Santa Ana", "Floral Park", 33.7656, -117.8818), ("92707", "Santa Ana", "Delhi", 33.7085, -117.8712),
              ("92780", "Tustin", "Old Town Tustin", 33.7368, -117.8197), ("92801", "Anaheim", "West Anaheim", 33.8441, -117.9537),
              ("92802", "Anaheim", "South Anaheim", 33.8080, -117.9232), ("92804", "Anaheim", "Anaheim", 33.8187, -117.9744),
              ("92805", "Anaheim", "Downtown Anaheim", 33.8290, -117.9060), ("92840", "Garden Grove", "Garden Grove", 33.7863, -117.9326),
              ("92843", "Garden Grove", "South Garden Grove", 33.7655, -117.9308), ("92844", "Garden Grove", "Little Saigon", 33.7663, -117.9697),
              ("92683", "Westminster", "Westminster", 33.7519, -117.9939), ("92708", "Fountain Valley", "Fountain Valley", 33.7108, -117.9527),
              ("92647", "Huntington Beach", "North Huntington Beach", 33.7234, -118.0081), ("92648", "Huntington Beach", "Huntington Beach", 33.6776, -118.0055),
              ("92626", "Costa Mesa", "Costa Mesa", 33.6800, -117.9085), ("92627", "Costa Mesa", "Westside Costa Mesa", 33.6463, -117.9213),
              ("92660", "Newport Beach", "Newport Beach", 33.6342, -117.8747), ("92614", "Irvine", "Irvine", 33.6830, -117.8316),
              ("92618", "Irvine", "Irvine Spectrum", 33.6597, -117.7336), ("92832", "Fullerton", "Downtown Fullerton", 33.8683, -117.9285),
              ("92831", "Fullerton", "Fullerton", 33.8794, -117.8960), ("92866", "Orange", "Old Towne Orange", 33.7847, -117.8434),
              ("92868", "Orange", "Orange", 33.7881, -117.8771), ("92630", "Lake Forest", "Lake Forest", 33.6458, -117.6867),
              ("92675", "San Juan Capistrano", "San Juan Capistrano", 33.5018, -117.6492), ("92672", "San Clemente", "San Clemente", 33.4285, -117.6128),
              ("92656", "Aliso Viejo", "Aliso Viejo", 33.5746, -117.7297), ("92691", "Mission Viejo", "Mission Viejo", 33.6113, -117.6650),
              ("92821", "Brea", "Brea", 33.9265, -117.8888), ("92870", "Placentia", "Placentia", 33.8804, -117.8554),
              ("92886", "Yorba Linda", "Yorba Linda", 33.8931, -117.7869)],
        streets=["Bristol St", "Harbor Blvd", "Euclid St", "Brookhurst St", "Magnolia St", "Beach Blvd", "Main St",
                 "First St", "Westminster Ave", "Chapman Ave", "Katella Ave", "Lincoln Ave"],
        langs=[("es", "Spanish", 0.45), ("vi", "Vietnamese", 0.14), ("ko", "Korean", 0.05), ("fa", "Persian", 0.02)]),
    "philadelphia-pa": dict(
        key="philadelphia", label="Philadelphia, PA", state="PA", state_name="Pennsylvania", tz="America/New_York",
        area=["215", "267", "445"], county="Philadelphia County",
        county_poly=poly((-75.280, 39.975), (-75.210, 40.095), (-75.015, 40.138), (-74.955, 40.080), (-75.060, 39.990),
                         (-75.140, 39.890), (-75.210, 39.870)),
        region_name="Southeastern Pennsylvania", region_poly=rect(-75.75, 39.72, -74.72, 40.60),
        state_poly=poly((-80.519, 39.720), (-75.788, 39.721), (-75.43, 39.81), (-74.72, 40.15), (-74.98, 40.41),
                        (-75.19, 40.63), (-75.07, 40.98), (-74.69, 41.36), (-75.35, 41.998), (-79.762, 42.00),
                        (-79.762, 42.27), (-80.519, 41.98)),
        zips=[("19102", "Philadelphia", "Center City", 39.9527, -75.1654), ("19103", "Philadelphia", "Rittenhouse", 39.9531, -75.1745),
              ("19104", "Philadelphia", "University City", 39.9592, -75.1967), ("19106", "Philadelphia", "Old City", 39.9474, -75.1450),
              ("19107", "Philadelphia", "Washington Square West", 39.9516, -75.1588), ("19121", "Philadelphia", "Brewerytown", 39.9820, -75.1797),
              ("19122", "Philadelphia", "Ludlow", 39.9777, -75.1456), ("19123", "Philadelphia", "Northern Liberties", 39.9664, -75.1488),
              ("19124", "Philadelphia", "Frankford", 40.0176, -75.0894), ("19125", "Philadelphia", "Fishtown", 39.9771, -75.1264),
              ("19130", "Philadelphia", "Fairmount", 39.9676, -75.1738), ("19132", "Philadelphia", "Strawberry Mansion", 39.9953, -75.1704),
              ("19133", "Philadelphia", "Fairhill", 39.9930, -75.1413), ("19134", "Philadelphia", "Kensington", 39.9904, -75.1135),
              ("19139", "Philadelphia", "Haddington", 39.9612, -75.2303), ("19140", "Philadelphia", "Hunting Park", 40.0119, -75.1458),
              ("19143", "Philadelphia", "Kingsessing", 39.9440, -75.2283), ("19145", "Philadelphia", "Girard Estates", 39.9233, -75.1873),
              ("19146", "Philadelphia", "Point Breeze", 39.9384, -75.1818), ("19147", "Philadelphia", "Queen Village", 39.9360, -75.1532),
              ("19148", "Philadelphia", "Pennsport", 39.9206, -75.1590), ("19149", "Philadelphia", "Mayfair", 40.0368, -75.0664),
              ("19111", "Philadelphia", "Fox Chase", 40.0597, -75.0797), ("19119", "Philadelphia", "Mount Airy", 40.0545, -75.1889),
              ("19120", "Philadelphia", "Olney", 40.0342, -75.1218), ("19126", "Philadelphia", "East Oak Lane", 40.0552, -75.1377),
              ("19131", "Philadelphia", "Wynnefield", 39.9853, -75.2284), ("19141", "Philadelphia", "Logan", 40.0376, -75.1452),
              ("19144", "Philadelphia", "Germantown", 40.0335, -75.1737), ("19152", "Philadelphia", "Rhawnhurst", 40.0601, -75.0478),
              ("19128", "Philadelphia", "Roxborough", 40.0470, -75.2260)],
        streets=["Germantown Ave", "Frankford Ave", "Kensington Ave", "Lancaster Ave", "Girard Ave", "Broad St", "Market St",
                 "Passyunk Ave", "Baltimore Ave", "Ridge Ave", "Castor Ave", "Woodland Ave"],
        langs=[("es", "Spanish", 0.35), ("ru", "Russian", 0.07), ("zh", "Chinese", 0.05), ("vi", "Vietnamese", 0.04),
               ("ko", "Korean", 0.03)]),
    "columbus-oh": dict(
        key="columbus", label="Columbus, OH", state="OH", state_name="Ohio", tz="America/New_York",
        area=["614", "380"], county="Franklin County", county_poly=rect(-83.25, 39.81, -82.77, 40.14),
        region_name="Central Ohio", region_poly=rect(-83.60, 39.60, -82.40, 40.50),
        state_poly=poly((-84.820, 39.106), (-84.806, 41.696), (-83.45, 41.73), (-82.50, 41.68), (-80.519, 41.978),
                        (-80.519, 40.64), (-80.66, 40.55), (-80.85, 39.70), (-81.70, 39.20), (-82.40, 38.44),
                        (-83.00, 38.73), (-83.65, 38.64), (-84.30, 38.99)),
        zips=[("43201", "Columbus", "University District", 39.9901, -83.0009), ("43203", "Columbus", "King-Lincoln Bronzeville", 39.9716, -82.9694),
              ("43204", "Columbus", "Hilltop", 39.9534, -83.0816), ("43205", "Columbus", "Olde Towne East", 39.9580, -82.9638),
              ("43206", "Columbus", "German Village", 39.9421, -82.9741), ("43207", "Columbus", "Marion-Franklin", 39.8946, -82.9700),
              ("43209", "Bexley", "Bexley", 39.9577, -82.9298), ("43211", "Columbus", "South Linden", 40.0116, -82.9717),
              ("43212", "Columbus", "Grandview", 39.9875, -83.0442), ("43213", "Whitehall", "Whitehall", 39.9717, -82.8668),
              ("43214", "Columbus", "Clintonville", 40.0512, -83.0192), ("43215", "Columbus", "Downtown", 39.9658, -83.0046),
              ("43219", "Columbus", "Easton", 40.0164, -82.9211), ("43221", "Columbus", "Upper Arlington", 40.0216, -83.0775),
              ("43222", "Columbus", "Franklinton", 39.9603, -83.0266), ("43223", "Columbus", "Southwest Side", 39.9340, -83.0420),
              ("43224", "Columbus", "North Linden", 40.0407, -82.9656), ("43227", "Columbus", "Berwick", 39.9454, -82.8906),
              ("43228", "Columbus", "Westland", 39.9476, -83.1323), ("43229", "Columbus", "Northland", 40.0856, -82.9750),
              ("43231", "Columbus", "Northeast Side", 40.0792, -82.9386), ("43232", "Columbus", "Eastland", 39.9226, -82.8675),
              ("43235", "Columbus", "Northwest Side", 40.1022, -83.0537), ("43081", "Westerville", "Westerville", 40.1131, -82.9108),
              ("43085", "Worthington", "Worthington", 40.0979, -83.0222), ("43026", "Hilliard", "Hilliard", 40.0245, -83.1437),
              ("43123", "Grove City", "Grove City", 39.8796, -83.0844), ("43017", "Dublin", "Dublin", 40.1167, -83.1338),
              ("43068", "Reynoldsburg", "Reynoldsburg", 39.9571, -82.8080), ("43230", "Gahanna", "Gahanna", 40.0360, -82.8750)],
        streets=["High St", "Broad St", "Parsons Ave", "Livingston Ave", "Sullivant Ave", "Cleveland Ave", "Mound St",
                 "Main St", "Morse Rd", "Hamilton Rd", "Karl Rd", "Refugee Rd"],
        langs=[("es", "Spanish", 0.22), ("so", "Somali", 0.08), ("ne", "Nepali", 0.04), ("ar", "Arabic", 0.03)]),
}
GENERIC_STREETS = ["Church St", "Maple Ave", "Oak St", "Park Ave", "Elm St", "Chestnut St", "Walnut St", "Lincoln Ave",
                   "Washington St", "Mill Rd", "Center St", "Franklin St", "Highland Ave", "Spring St", "Prospect Ave"]
LANG_NAMES = {"en": "English"}

# Invented place-like words for fictional organization names.
ANCHOR_A = ["Alder", "Amber", "Clover", "Copper", "Fern", "Heron", "Juniper", "Kestrel", "Lark", "Linden", "Quarry",
            "Raven", "Sorrel", "Tansy", "Thistle", "Wren"]
ANCHOR_B = ["brook", "crest", "field", "gate", "haven", "hollow", "mere", "moor", "ridge", "stone", "wick", "well"]
ANCHORS = [a + b for a in ANCHOR_A for b in ANCHOR_B if a + b not in ("Copperfield", "Ravenwood")]


def jitter(lat, lon, km=1.5):
    r, t = km * math.sqrt(RNG.random()), RNG.random() * 2 * math.pi
    return round(lat + r * math.cos(t) / 111.0, 6), round(lon + r * math.sin(t) / (111.32 * math.cos(math.radians(lat))), 6)


def geojson(*polygons):
    if len(polygons) == 1:
        return json.dumps({"type": "Polygon", "coordinates": [polygons[0]]}, separators=(",", ":"))
    return json.dumps({"type": "MultiPolygon", "coordinates": [[p] for p in polygons]}, separators=(",", ":"))


# ---------------------------------------------------------------- hours
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_WORDS = dict(zip(DAYS, ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]))


def clock(t):
    h, m = map(int, t.split(":"))
    if h in (0, 24) and m == 0:
        return "midnight"
    return f"{(h - 1) % 12 + 1}:{m:02d} {'AM' if h < 12 else 'PM'}"


def day_words(byday):
    days = byday.split(",")
    if days == DAYS:
        return "every day"
    if days == DAYS[:5]:
        return "Monday to Friday"
    if len(days) > 2 and DAYS.index(days[-1]) - DAYS.index(days[0]) == len(days) - 1:
        return f"{DAY_WORDS[days[0]]} to {DAY_WORDS[days[-1]]}"
    words = [DAY_WORDS[d] + "s" for d in days]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def hours(style):
    """A list of (byday, opens, closes) for one schedule style."""
    c = RNG.choice
    if style == "weekday":
        return [("MO,TU,WE,TH,FR", c(["08:00", "08:30", "09:00"]), c(["16:00", "16:30", "17:00", "18:00"]))]
    if style == "clinic":
        out = [("MO,TU,WE,TH", "08:00", c(["18:00", "19:00", "20:00"])), ("FR", "08:00", "17:00")]
        return out + ([("SA", "09:00", "13:00")] if RNG.random() < 0.5 else [])
    if style == "pantry":
        days = sorted(RNG.sample(DAYS[:6], c([1, 1, 2, 2, 3])), key=DAYS.index)
        o, cl = c([("09:00", "12:00"), ("10:00", "13:00"), ("14:00", "17:00"), ("16:00", "19:00")])
        return [(",".join(days), o, cl)]
    if style == "meals":
        o, cl = c([("07:00", "08:30"), ("11:30", "13:00"), ("12:00", "13:30"), ("17:00", "18:30")])
        return [(c(["MO,TU,WE,TH,FR", ",".join(DAYS), "MO,WE,FR", "SA,SU"]), o, cl)]
    if style == "overnight":
        return [(",".join(DAYS), "19:00", "07:00")]
    if style == "always":
        return [(",".join(DAYS), "00:00", "24:00")]
    if style == "otp":
        return [("MO,TU,WE,TH,FR", c(["05:30", "06:00"]), c(["13:00", "14:00"])), ("SA,SU", "07:00", c(["10:00", "11:00"]))]
    if style == "group":
        days = sorted(RNG.sample(DAYS, c([1, 1, 2])), key=DAYS.index)
        return [(",".join(days), *c([("18:00", "19:30"), ("18:30", "20:00"), ("10:00", "11:30"), ("19:00", "20:30")]))]
    if style == "peer":
        return [("MO,TU,WE,TH,FR", "09:00", c(["17:00", "19:00", "20:00"])), ("SA", "10:00", "15:00")]
    raise ValueError(style)


def schedules(owner, style, attending="in person"):
    out = []
    for i, (byday, o, cl) in enumerate(hours(style)):
        text = "Open 24 hours, 7 days a week." if (o, cl) == ("00:00", "24:00") else \
            f"{day_words(byday)[0].upper() + day_words(byday)[1:]}, {clock(o)} to {clock(cl)}" + \
            (" (overnight)." if cl < o else ".")
        out.append({"id": uid("schedule", owner, i), "freq": "WEEKLY", "interval": 1, "byday": byday,
                    "opens_at": o, "closes_at": cl, "description": text, "attending_type": attending})
    return out


# ---------------------------------------------------------------- what services look like
# Each program: terms, (name pattern, description) variants, hours style, cost style, and extras.
# Name patterns use {anchor} (organization), {hood} (neighbourhood), {street} (street name).
P = {
    "pantry": (["102-04"], [("{hood} Community Food Pantry", "Free groceries {when}, including fresh produce, bread and canned goods. Bring a bag; no ID is needed on a first visit."),
                            ("{anchor} Food Pantry", "Client-choice pantry where you pick your own groceries once a month. Proof of address is requested, but no one is turned away."),
                            ("{street} Food Cupboard", "Free bags of groceries {when}. Diapers and hygiene items when available.")], "pantry", "free", {}),
    "meals": (["102-05"], [("{anchor} Community Kitchen", "Free hot meals {when}, no questions asked. Eat in, or take a bag meal with you."),
                           ("{hood} Free Lunch Program", "A free sit-down meal {when} in the fellowship hall. Everyone is welcome."),
                           ("{street} Supper Table", "Free hot dinner {when}, with take-home bread and produce when available.")], "meals", "free", {}),
    "emergency_food": (["101-03", "102-04"], [("{anchor} Emergency Food Boxes", "Same-day emergency food boxes for people who have run out of food. Call ahead or walk in.")], "weekday", "free", {}),
    "food_benefits": (["102-06-01"], [("{anchor} SNAP and WIC Application Help", "Help applying for SNAP (food stamps) and WIC, including a document checklist and follow-up if your case stalls."),
                                      ("{hood} Food Benefits Enrollment", "Walk-in help to apply for or renew SNAP food benefits, in person or by phone.")], "weekday", "free", {}),
    "mobile_market": (["102-04"], [("{anchor} Mobile Produce Market", "A free fresh fruit and vegetable market that sets up in {hood} {when}.")], "pantry", "free", {}),
    "shelter": (["103-01"], [("{anchor} Night Shelter", "Overnight emergency shelter for adults, with dinner, showers and a locker. Check-in starts at 7:00 PM; people on methadone or buprenorphine are welcome."),
                             ("{hood} Emergency Shelter", "Low-barrier overnight shelter with case managers who help with IDs, benefits and housing applications.")], "overnight", "free",
                {"cap": ("Bed", 30, 120), "min_age": 18, "apply": "Walk in after 7:00 PM or call for bed availability."}),
    "womens_shelter": (["103-01", "119-01"], [("{anchor} Women's Shelter", "Overnight and emergency shelter for women and women with children, with on-site case management.")], "overnight", "free",
                       {"cap": ("Bed", 20, 60), "min_age": 18, "elig": "Women 18 and older and their children."}),
    "transitional": (["103-09"], [("{anchor} Transitional Housing Program", "Up to 24 months of transitional housing with case management for people leaving treatment, jail or homelessness."),
                                  ("{anchor} Bridge Housing", "Short-term housing for people waiting for a permanent apartment, with weekly check-ins and help with the move.")], "weekday", "free",
                     {"cap": ("Bed", 12, 40), "apply": "Referral from a case manager or treatment program, then an interview."}),
    "sober_living": (["103-09"], [("{anchor} Sober Living House", "A peer-run recovery residence for men in early recovery. Residents stay substance-free, attend house meetings and pay weekly rent; medication for opioid use disorder is welcome."),
                                  ("{street} Recovery Residence", "Certified recovery residence with a live-in house manager, curfew and weekly house meetings. Close to bus lines and meetings.")], "weekday", "rent",
                     {"cap": ("Bed", 6, 16), "min_age": 18, "apply": "Call for a phone screen, then visit the house."}),
    "womens_sober_living": (["103-09", "119-01"], [("{anchor} Recovery House for Women", "A recovery residence for women, including women on MAT. Residents support each other, do chores and attend meetings.")], "weekday", "rent",
                            {"cap": ("Bed", 6, 12), "min_age": 18, "elig": "Women in recovery, 18 and older."}),
    "rent_help": (["103-03"], [("{anchor} Rent and Utility Assistance", "One-time help with back rent, a security deposit or a utility shut-off notice. Bring your lease and any court papers."),
                               ("{hood} Eviction Prevention Fund", "Emergency rent help for households with an eviction notice, plus free advice on tenant rights.")], "weekday", "free",
                  {"elig": "Households at or below 50% of area median income.", "apply": "Apply online or by phone; an intake worker calls you back within two business days."}),
    "housing_nav": (["103-02"], [("{anchor} Housing Navigation", "Housing navigators help you search for apartments, fill out applications and get through landlord screenings."),
                                 ("{hood} Housing Search Help", "Drop-in help with housing lists, applications and housing vouchers.")], "weekday", "free", {}),
    "veterans_housing": (["103-02", "113-03"], [("{anchor} Veterans Housing Help", "Helps veterans and their families find and keep housing, including deposits and first month's rent.")], "weekday", "free",
                         {"elig": "Veterans, including those with other-than-honorable discharges."}),
    "job_placement": (["110-01-01"], [("{anchor} Employment Center", "Job placement with employers who hire people in recovery and people with records. Staff help with resumes, interviews and the first 90 days on the job."),
                                      ("Jobs Forward {hood}", "Matches job seekers with local employers in warehousing, food service and construction, with same-week interviews.")], "weekday", "free", {"min_age": 18}),
    "training": (["110-03"], [("{anchor} Construction Pre-Apprenticeship", "A 12-week paid construction training program with OSHA-10 certification and placement help."),
                              ("{anchor} Culinary Job Training", "A 14-week kitchen training program with a certificate in food safety and job placement."),
                              ("{anchor} CDL Training Program", "Commercial driver's license training with help paying testing fees. A valid driver's license is required."),
                              ("{hood} Digital Skills Lab", "Free classes in computer basics, email, and online job applications.")], "weekday", "free", {"min_age": 18}),
    "find_work": (["110-01"], [("{hood} Job Search Help", "Drop-in job search help: computers, printing, resumes and help replacing an ID or Social Security card."),
                               ("{anchor} Reentry Employment Services", "Job search help for people coming home from jail or prison, including record expungement referrals.")], "weekday", "free", {}),
    "veterans_jobs": (["110-01", "113-03"], [("{anchor} Veterans Employment Program", "Job search help and paid training for veterans, with a veteran peer mentor.")], "weekday", "free", {}),
    "primary_care": (["106-06"], [("{anchor} Community Health Center", "Primary care for adults and children, including checkups, chronic disease care, vaccines and lab tests."),
                                  ("{hood} Family Health Clinic", "Family medicine, women's health and same-day sick visits. Help with Medicaid enrollment on site.")], "clinic", "sliding", {}),
    "testing": (["106-06"], [("{anchor} HIV and Hepatitis C Testing", "Free rapid testing for HIV and hepatitis C, with same-week treatment. Naloxone (Narcan) and fentanyl test strips available.")], "weekday", "free", {}),
    "street_medicine": (["106-06"], [("{anchor} Street Medicine Van", "A mobile medical van offering wound care, basic checkups and prescriptions to people living outside.")], "pantry", "free", {}),
    "prenatal": (["106-06", "121-01", "119-01"], [("{anchor} Prenatal Care Clinic", "Prenatal and postpartum care, including for pregnant people who use drugs or take methadone or buprenorphine.")], "clinic", "sliding", {}),
    "dental": (["106-02"], [("{anchor} Dental Clinic", "Exams, cleanings, fillings, extractions and dentures. Emergency dental visits most weekday mornings."),
                            ("{hood} Community Dental", "Low-cost dental care for adults and children; Medicaid accepted.")], "weekday", "sliding", {}),
    "vision": (["106-12"], [("{anchor} Eye Clinic", "Eye exams and low-cost glasses, with free frames for adults on Medicaid.")], "weekday", "sliding", {}),
    "mh_outpatient": (["106-07", "106-07-01-01-03"], [("{anchor} Counseling Center", "Individual and group therapy, psychiatric evaluation and medication management for adults."),
                                                      ("{hood} Behavioral Health Clinic", "Outpatient mental health clinic for depression, anxiety, trauma and bipolar disorder. New patients seen within two weeks.")], "clinic", "sliding", {}),
    "walk_in": (["106-07"], [("{anchor} Walk-In Counseling", "Walk-in counseling with a licensed therapist, no appointment needed. One to three sessions, then a referral if you need more.")], "weekday", "free", {}),
    "crisis_center": (["106-13", "106-07"], [("{anchor} Crisis Stabilization Center", "A 24/7 walk-in center for people in a mental health or substance use crisis, as an alternative to the emergency room. Stays up to 23 hours."),
                                             ("{hood} Mobile Crisis Team", "Crisis counselors who come to you, 24/7, for a mental health or substance use crisis.")], "always", "free", {"cap": ("Bed", 8, 16)}),
    "co_occurring": (["106-07", "106-01", "106-01-01-01"], [("{anchor} Co-Occurring Disorders Clinic", "Treatment for people with both a mental illness and a substance use disorder, with therapy and psychiatry in one place.")], "clinic", "treatment", {}),
    "trauma_women": (["106-07", "119-01"], [("{anchor} Women's Trauma Recovery Counseling", "Trauma-focused counseling groups and individual therapy for women, including survivors of violence.")], "weekday", "sliding", {}),
    "veterans_mh": (["106-07", "113-03"], [("{anchor} Veterans Counseling", "Counseling for veterans and their families, including PTSD and moral injury groups.")], "weekday", "free", {}),
    "outpatient": (["106-01", "106-01-01-01"], [("{hood} Recovery Outpatient Program", "Outpatient and intensive outpatient (IOP) treatment: group and individual counseling three to five days a week, with evening groups for people who work."),
                                                ("{anchor} Intensive Outpatient Program", "Intensive outpatient treatment for alcohol and drug use, nine hours a week for about eight weeks, then step-down groups.")], "clinic", "treatment", {"cap": ("Slot", 20, 60), "min_age": 18}),
    "otp": (["106-01", "106-01-02-01"], [("{anchor} Opioid Treatment Program", "Methadone and buprenorphine (Suboxone) treatment with daily dosing, counseling and take-home doses as you progress. Same-day intake most weekdays before 10:00 AM."),
                                         ("{hood} Methadone Clinic", "Methadone maintenance with counseling, hepatitis C testing and naloxone kits. New patients welcome on weekday mornings.")], "otp", "treatment", {"cap": ("Slot", 150, 500), "min_age": 18}),
    "bupe": (["106-01", "106-01-02-01"], [("{anchor} Bridge Clinic", "Low-barrier buprenorphine (Suboxone) prescribing, often the same day, plus naltrexone (Vivitrol) injections and referrals to counseling."),
                                          ("{hood} Buprenorphine Walk-In Clinic", "Walk-in buprenorphine (Suboxone) starts and refills with a peer recovery specialist on site.")], "clinic", "treatment", {"cap": ("Slot", 40, 120)}),
    "residential": (["106-01", "106-01-01-02"], [("{anchor} Residential Treatment Center", "Residential treatment for alcohol and drug use, usually 28 to 45 days, with medication for opioid use disorder continued or started."),
                                                 ("{anchor} Recovery Lodge", "A 30-bed residential program with counseling, life skills and discharge planning to sober housing.")], "always", "treatment", {"cap": ("Bed", 16, 60), "min_age": 18}),
    "detox": (["106-01", "106-01-02-02"], [("{anchor} Withdrawal Management Unit", "Medically monitored withdrawal management (detox) from alcohol, opioids and benzodiazepines, usually 3 to 7 days, with a plan for what comes next."),
                                           ("{hood} Medical Detox", "24/7 medical detox with buprenorphine inductions and direct transfers to residential or outpatient care.")], "always", "treatment", {"cap": ("Bed", 10, 32), "min_age": 18}),
    "mothers": (["106-01", "106-01-01-02", "121-01", "119-01"], [("{anchor} Mothers in Recovery Program", "Residential treatment for pregnant and parenting women; children up to age 5 may stay with their mothers. Methadone and buprenorphine continued.")], "always", "treatment",
                {"cap": ("Bed", 10, 24), "elig": "Pregnant women and mothers with children up to age 5; pregnant women are admitted first."}),
    "veterans_sud": (["106-01", "106-01-01-01", "113-03"], [("{anchor} Veterans Recovery Program", "Outpatient substance use treatment for veterans, with evening groups led by veteran counselors.")], "clinic", "treatment", {"cap": ("Slot", 15, 40)}),
    "adolescent": (["106-01", "106-01-01-01"], [("{anchor} Teen Recovery Program", "Outpatient treatment for teens using alcohol, cannabis or other drugs, with family sessions every week.")], "weekday", "treatment", {"min_age": 13, "max_age": 17}),
    "peer_center": (["108-09-09", "132-10"], [("{anchor} Peer Recovery Center", "A recovery community center with peer recovery coaches, all-recovery support groups and a safe place to spend the day. Naloxone training every month."),
                                              ("{hood} Recovery Community Center", "Drop-in peer support, all-pathways recovery groups, computers and coffee. Run by people in recovery.")], "peer", "free", {}),
    "family_group": (["132-10"], [("{anchor} Family Support Group", "A weekly group for parents, partners and family members of people with a substance use disorder.")], "group", "free", {}),
    "grief_group": (["108-09-09"], [("{anchor} Overdose Loss Support Group", "A support group for people who have lost someone to overdose. Meets twice a month; newcomers welcome any time.")], "group", "free", {}),
    "mat_group": (["108-09-09"], [("{hood} Medication-Assisted Recovery Support Group", "A peer support group for people taking methadone, buprenorphine or naltrexone in recovery.")], "group", "free", {}),
    "womens_circle": (["108-09-09", "119-01"], [("{anchor} Women's Recovery Circle", "A women-only recovery support group with childcare during the meeting.")], "group", "free", {}),
    "veterans_peer": (["108-09-09", "113-03"], [("{anchor} Veterans Peer Support Group", "Veterans in recovery meet weekly with a veteran peer specialist.")], "group", "free", {}),
}
# Organization kinds: name patterns, description, programs, services per organization, orgs per metro, site hours.
KINDS = [
    ("food", ["{anchor} Food Network", "{anchor} Hunger Relief Alliance", "{anchor} Community Pantries"], "runs food pantries and meal programs",
     ["pantry", "pantry", "meals", "emergency_food", "food_benefits", "mobile_market"], (1, 3), 23, "weekday"),
    ("faith", ["{anchor} Fellowship Church", "{anchor} Interfaith Outreach", "{anchor} Congregational Church"], "is a congregation whose outreach ministry serves its neighbours",
     ["pantry", "meals", "family_group", "find_work"], (1, 2), 12, "weekday"),
    ("shelter", ["{anchor} Shelter Partners", "{anchor} House Ministries", "{anchor} Housing Collaborative"], "provides shelter and helps people move into housing",
     ["shelter", "womens_shelter", "transitional", "rent_help", "housing_nav", "veterans_housing", "meals"], (1, 3), 13, "always"),
    ("recovery_housing", ["{anchor} Recovery Residences", "{anchor} Sober Homes"], "operates peer-run recovery residences",
     ["sober_living", "sober_living", "womens_sober_living"], (1, 2), 10, "weekday"),
    ("workforce", ["{anchor} Workforce Partners", "{anchor} Career Bridge", "{anchor} Jobs Cooperative"], "helps people find and keep work",
     ["job_placement", "training", "training", "find_work", "veterans_jobs"], (1, 3), 14, "weekday"),
    ("health", ["{anchor} Community Health", "{anchor} Family Health Centers"], "is a community health center serving patients regardless of ability to pay",
     ["primary_care", "primary_care", "dental", "vision", "testing", "street_medicine", "prenatal", "mh_outpatient", "bupe"], (2, 4), 17, "clinic"),
    ("behavioral", ["{anchor} Behavioral Health", "{anchor} Counseling Associates"], "provides mental health care",
     ["mh_outpatient", "mh_outpatient", "walk_in", "crisis_center", "co_occurring", "trauma_women", "veterans_mh"], (1, 3), 14, "clinic"),
    ("treatment", ["{anchor} Recovery Services", "{anchor} Treatment Centers", "{anchor} Addiction Medicine"], "provides substance use disorder treatment",
     ["outpatient", "outpatient", "otp", "bupe", "residential", "detox", "mothers", "veterans_sud", "adolescent"], (1, 4), 21, "weekday"),
    ("peer", ["{anchor} Peer Recovery Alliance", "{anchor} Recovery Community Organization"], "is a peer-led recovery community organization",
     ["peer_center", "family_group", "grief_group", "mat_group", "womens_circle", "veterans_peer"], (1, 3), 13, "peer"),
]
# Optional second sentences, by category, so descriptions vary.
MORE = {
    "food": ["Volunteers can help carry groceries to your car.", "Halal and vegetarian options when available.",
             "Pet food is given out once a month.", "No one is asked about immigration status."],
    "housing": ["Staff help with IDs, birth certificates and benefits paperwork.", "Pets are considered case by case.",
                "Storage for belongings is available.", "People who take methadone or buprenorphine are welcome."],
    "employment": ["Free bus passes for interviews.", "Free work clothes for interviews.", "Open to people with criminal records.",
                   "Evening sessions for people who work days."],
    "healthcare": ["Same-day appointments most weekdays.", "Naloxone (Narcan) is free at the front desk.",
                   "Help enrolling in Medicaid on site.", "Lab and pharmacy on site."],
    "mental-health": ["Telehealth visits available.", "Peer specialists on staff.", "Evening appointments available.",
                      "A case manager can help with housing and benefits."],
    "substance-use-treatment": ["Peer recovery specialists on staff.", "Naloxone (Narcan) kits given to every patient.",
                                "Transportation help for people on Medicaid.", "Walk-in assessments Monday to Friday mornings."],
    "support-groups": ["Coffee and snacks provided.", "No sign-up needed; just come.", "All pathways to recovery welcome.",
                       "Peer recovery coaches can meet one-on-one after the group."],
}
APPLY = {"free": "Walk in during open hours, or call ahead with questions.",
         "sliding": "Call to make an appointment; bring photo ID, proof of income and any insurance card. Walk-ins seen as time allows.",
         "treatment": "Call or walk in for an assessment. Bring photo ID and an insurance card if you have one; you can be seen without them.",
         "rent": "Call the house manager for a phone screen, then visit."}


def costs(owner, style, metro_key):
    def co(i, option, amount, desc):
        return {"id": uid("cost_option", owner, i), "option": option, "currency": "USD", "amount": amount, "amount_description": desc}
    if style == "free":
        return [co(0, "Free", 0, "No cost.")], "Free."
    if style == "sliding":
        return [co(0, "Sliding fee scale for people without insurance", RNG.choice([15, 20, 25, 30]),
                   "Minimum fee per visit, based on household size and income. No one is turned away for inability to pay."),
                co(1, "Medicaid, Medicare and most private insurance", 0, "Copays depend on your plan.")], \
            "Sliding fee for people without insurance; Medicaid, Medicare and most insurance accepted."
    if style == "treatment":
        plan = {"orange-county": "Medi-Cal", "baltimore": "Maryland Medicaid"}.get(metro_key, "Medicaid")
        return [co(0, f"{plan} and most private insurance", 0, "No cost with Medicaid; copays depend on private plans."),
                co(1, "Uninsured: state-funded treatment or sliding fee", RNG.choice([0, 10, 25]),
                   "Per visit after a financial screening; help applying for Medicaid on site.")], \
            f"{plan} and most private insurance accepted; state-funded care or a sliding fee for people without insurance."
    rent = RNG.choice([140, 150, 165, 175, 185, 200, 225])
    return [co(0, "Weekly program fee", rent, "Per week, including utilities and house supplies; the first week may be waived.")], \
        f"${rent} a week, utilities included."


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def stamp(month_lo=9):
    return f"2026-{RNG.randint(month_lo, 11):02d}-{RNG.randint(1, 20):02d}T{RNG.randint(13, 22):02d}:{RNG.choice([0, 15, 30, 45]):02d}:00Z"


def languages(owner, m):
    out = [{"id": uid("language", owner, "en"), "name": "English", "code": "en"}]
    for code, name, p in m["langs"]:
        if RNG.random() < p:
            out.append({"id": uid("language", owner, code), "name": name, "code": code, "note": f"Staff who speak {name} on site."})
    return out


def phone(owner, m, i=0, ptype="voice", desc="Main line"):
    return {"id": uid("phone", owner, i), "number": f"{RNG.choice(m['area'])}-555-01{RNG.randint(0, 99):02d}", "type": ptype, "description": desc}


def metro_services(mid, m):
    mk, services, used_names = m["key"], [], set()
    anchors = ANCHORS[:]
    RNG.shuffle(anchors)
    n_org = 0
    for kind, org_names, org_what, programs, (lo, hi), count, site_hours in KINDS:
        for _ in range(count):
            n_org += 1
            anchor = anchors.pop()
            org_name = RNG.choice(org_names).format(anchor=anchor)
            oslug = slug(anchor + "-" + kind)
            org = {"id": uid("organization", mk, n_org), "name": org_name,
                   "description": f"{org_name} {org_what} in {m['label'].split(',')[0]}." + FICTIONAL,
                   "email": f"info@{oslug}.example.org", "website": f"https://{oslug}.example.org",
                   "year_incorporated": RNG.randint(1968, 2022), "legal_status": "Nonprofit corporation"}
            sites = []
            for s in range(1 if RNG.random() < 0.7 else 2):
                z, city, hood, lat, lon = RNG.choice(m["zips"])
                lat, lon = jitter(lat, lon)
                street = RNG.choice(m["streets"] + GENERIC_STREETS)
                loc_id = uid("location", mk, n_org, s)
                sites.append(({
                    "id": loc_id, "location_type": "physical", "organization_id": org["id"],
                    "name": f"{org_name} – {hood}", "latitude": lat, "longitude": lon,
                    "transportation": RNG.choice(["On a bus line; free parking behind the building.", "Two blocks from the nearest bus stop.",
                                                  "Street parking only; bus stop at the corner.", "Accessible entrance on the side street."]),
                    "addresses": [{"id": uid("address", mk, n_org, s), "location_id": loc_id,
                                   "address_1": f"{RNG.randint(1, 48) * 100 + RNG.randint(0, 99)} {street}", "city": city,
                                   "region": m["county"] if mk != "baltimore" else ("Baltimore City" if city == "Baltimore" else "Baltimore County"),
                                   "state_province": m["state"], "postal_code": z, "country": "US", "address_type": "physical"}],
                    "phones": [phone(("location", mk, n_org, s), m, desc="Front desk")],
                    "schedules": schedules(("location", mk, n_org, s), site_hours),
                }, hood, street.rsplit(" ", 1)[0]))
            for prog in RNG.sample(programs, min(len(programs), RNG.randint(lo, hi))):
                services.append(service(mk, m, len(services) + 1, prog, org, anchor, RNG.choice(sites), used_names))
    services.extend(regional(mk, m, len(services), anchors.pop()))
    return services


def service(mk, m, n, prog, org, anchor, site, used_names):
    codes, variants, style, cost, extra = P[prog]
    loc, hood, street = site
    sid = uid("service", mk, f"{n:04d}")
    pattern, desc = RNG.choice(variants)
    name = pattern.format(anchor=anchor, hood=hood, street=street)
    if name in used_names:
        name = f"{name} – {loc['addresses'][0]['city'] if hood in name else hood}"
    if name in used_names:
        name = f"{name} ({street})"
    used_names.add(name)
    sched = schedules(sid, style)
    when = day_words(sched[0]["byday"]).replace("every day", "every day of the week")
    when = ("every " + when[:-1]) if when.endswith("s") and " " not in when else ("on " + when if not when.startswith("every") else when)
    cost_options, fees = costs(sid, cost, mk)
    desc = desc.format(when=when, hood=hood)
    if RNG.random() < 0.5:
        desc += " " + RNG.choice(MORE[TERMS[codes[0]][2]])
    s = {"id": sid, "organization_id": org["id"], "name": name, "description": desc,
         "url": f"{org['website']}/{slug(prog)}", "email": org["email"],
         "status": "inactive" if RNG.random() < 0.01 else "active",
         "application_process": extra.get("apply", APPLY[cost]), "fees_description": fees,
         "eligibility_description": extra.get("elig", RNG.choice(["Open to anyone in the area.", f"Residents of {m['county']}.",
                                                                   "Adults 18 and older." if extra.get("min_age") == 18 else "Open to all; no documents needed."])),
         "last_modified": stamp(), "organization": org, "phones": [phone(sid, m)], "schedules": sched,
         "languages": languages(sid, m), "cost_options": cost_options, "attributes": attributes(sid, codes)}
    for k in ("min_age", "max_age"):
        if k in extra:
            s[k.replace("min", "minimum").replace("max", "maximum")] = extra[k]
    if len(s["languages"]) == 1 and RNG.random() < 0.3:
        s["interpretation_services"] = "Telephone interpreters available in other languages."
    if "cap" in extra and RNG.random() < 0.55:
        unit, lo, hi = extra["cap"]
        mx = RNG.randint(lo, hi)
        s["capacities"] = [{"id": uid("service_capacity", sid, 0), "unit": {"id": uid("unit", unit.lower()), "name": unit},
                            "available": 0 if RNG.random() < 0.25 else RNG.randint(1, max(1, mx // 4)), "maximum": mx,
                            "description": f"{unit}s open for new admissions." if unit == "Bed" else "Open intake slots this week.",
                            "updated": stamp(10)}]
    s["service_at_locations"] = [{"id": uid("service_at_location", sid, 0), "service_id": sid, "location_id": loc["id"], "location": loc}]
    return s


def virtual_location(owner, org, name):
    return {"id": uid("location", owner), "location_type": "virtual", "organization_id": org["id"], "name": name}


def compiled(sid, org, name, desc, codes, sched, phones, langs, area, loc_name, crisis=False, **more):
    s = {"id": sid, "organization_id": org["id"], "name": name, "description": desc, "status": "active", **more,
         "organization": org, "phones": phones, "schedules": sched, "languages": langs,
         "service_areas": [{"id": uid("service_area", sid, 0), "service_id": sid, **area, "extent_type": "geojson"}],
         "attributes": attributes(sid, codes, crisis)}
    loc = virtual_location(sid, org, loc_name)
    s["service_at_locations"] = [{"id": uid("service_at_location", sid, 0), "service_id": sid, "location_id": loc["id"], "location": loc}]
    return s


def regional(mk, m, n, anchor):
    """A county crisis line, an online recovery meeting for the region and a statewide warm line."""
    org = {"id": uid("organization", mk, "regional"), "name": f"{anchor} Crisis and Peer Services",
           "description": f"{anchor} Crisis and Peer Services answers crisis and warm lines across {m['state_name']}." + FICTIONAL,
           "website": f"https://{slug(anchor)}-crisis.example.org", "email": f"help@{slug(anchor)}-crisis.example.org"}
    free = lambda sid: {"cost_options": [{"id": uid("cost_option", sid, 0), "option": "Free", "currency": "USD", "amount": 0, "amount_description": "No cost; calls are confidential."}]}
    en_es = lambda sid: [{"id": uid("language", sid, "en"), "name": "English", "code": "en"}, {"id": uid("language", sid, "es"), "name": "Spanish", "code": "es"}]
    out = []
    sid = uid("service", mk, f"{n + 1:04d}")
    out.append(compiled(sid, org, f"{anchor} Crisis Line ({m['county']})",
                        f"24/7 call and text line for anyone in {m['county']} having a mental health or substance use crisis. Counselors can send a mobile crisis team and connect you to detox or a crisis bed.",
                        ["106-13", "106-07"], schedules(sid, "always", "by phone or text"),
                        [phone(sid, m, 0, "voice", "Crisis line, 24/7"), phone(sid, m, 1, "text", "Text line, 24/7")], en_es(sid),
                        {"name": m["county"], "description": f"Anyone calling from {m['county']}.", "extent": geojson(m["county_poly"])},
                        "Phone and text", crisis=True, url=f"{org['website']}/crisis-line", **free(sid)))
    sid = uid("service", mk, f"{n + 2:04d}")
    sched = [{"id": uid("schedule", sid, 0), "freq": "WEEKLY", "interval": 1, "byday": "MO,WE,FR", "opens_at": "19:00", "closes_at": "20:00",
              "description": f"Monday, Wednesday and Friday, 7:00 PM to 8:00 PM ({'Pacific' if m['tz'] == 'America/Los_Angeles' else 'Eastern'} Time).", "attending_type": "online"}]
    out.append(compiled(sid, org, f"{m['region_name']} Online All-Recovery Meeting",
                        f"An online peer support meeting for anyone in recovery in {m['region_name']}, whatever their pathway: 12-step, medication, faith-based or none. Cameras optional.",
                        ["108-09-09"], sched, [phone(sid, m, 0, "voice", "Dial-in line for the meeting")],
                        [{"id": uid("language", sid, "en"), "name": "English", "code": "en"}],
                        {"name": m["region_name"], "description": f"People living in {m['region_name']}.", "extent": geojson(m["region_poly"])},
                        "Online meeting", url=f"{org['website']}/online-meeting", **free(sid)))
    sid = uid("service", mk, f"{n + 3:04d}")
    out.append(compiled(sid, org, f"{m['state_name']} Peer Warm Line",
                        f"A statewide warm line answered by peer specialists in recovery, for when you need to talk before things become a crisis. Not an emergency line: call 988 in a crisis.",
                        ["106-07", "108-09-09"], [{"id": uid("schedule", sid, 0), "freq": "WEEKLY", "interval": 1, "byday": ",".join(DAYS),
                                                   "opens_at": "08:00", "closes_at": "23:00", "description": "Every day, 8:00 AM to 11:00 PM.", "attending_type": "by phone"}],
                        [phone(sid, m, 0, "voice", "Warm line")], en_es(sid),
                        {"name": m["state_name"], "description": f"Anyone in {m['state_name']}.", "extent": geojson(m["state_poly"])},
                        "Phone", url=f"{org['website']}/warm-line", **free(sid)))
    return out


# ---------------------------------------------------------------- national crisis services (real)
US_AREA = {"name": "United States", "description": "The 50 states, the District of Columbia and U.S. territories.",
           "extent": geojson(poly((-124.8, 48.4), (-123.2, 49.0), (-95.2, 49.0), (-82.4, 45.3), (-67.0, 47.5), (-66.9, 44.8),
                                  (-70.6, 41.2), (-75.5, 35.2), (-80.0, 31.0), (-80.0, 25.0), (-81.8, 24.4), (-83.0, 29.0),
                                  (-90.0, 28.8), (-97.2, 25.8), (-104.5, 29.5), (-106.6, 31.8), (-111.1, 31.3), (-117.2, 32.5),
                                  (-120.6, 34.4), (-124.5, 40.3)),
                             rect(-179.99, 51.0, -129.9, 71.6), rect(-160.6, 18.8, -154.6, 22.4), rect(-68.0, 17.6, -64.5, 18.6),
                             rect(144.5, 13.2, 146.2, 20.6), rect(-171.2, -14.6, -168.1, -11.0))}


def national():
    """The national lines, each in English and in Spanish: a search in either language finds
    the line in its own words first. Each record names one language, the one it is written
    in and answered in first."""
    samhsa = {"id": uid("organization", "national", "samhsa"), "name": "Substance Abuse and Mental Health Services Administration (SAMHSA)",
              "description": "The agency of the U.S. Department of Health and Human Services that leads public health efforts on mental health and substance use. National service; real, not fictional.",
              "website": "https://www.samhsa.gov"}
    nine11 = {"id": uid("organization", "national", "911"), "name": "911 Emergency Communications Centers",
              "description": "The local 911 call centers that dispatch police, fire and emergency medical services across the United States. National service; real, not fictional.",
              "website": "https://www.911.gov"}
    lang = lambda sid, code: [{"id": uid("language", sid, code), "name": {"en": "English", "es": "Spanish"}[code], "code": code}]
    ph = lambda sid, i, num, t, d: {"id": uid("phone", sid, i), "number": num, "type": t, "description": d}
    free = lambda sid, d, f: {"cost_options": [{"id": uid("cost_option", sid, 0), "option": "Free", "currency": "USD", "amount": 0, "amount_description": d}],
                              "fees_description": f}
    out = []
    sid = uid("service", "national", "988")
    out.append(compiled(sid, samhsa, "988 Suicide & Crisis Lifeline",
                        "Call or text 988, or chat at 988lifeline.org, 24 hours a day, for free and confidential support in a suicidal, mental health or substance use crisis. Press 2 for Spanish. Funded by SAMHSA. National service.",
                        ["106-13"], schedules(sid, "always", "by phone, text or online chat"),
                        [ph(sid, 0, "988", "voice", "Call 988; press 1 for the Veterans Crisis Line, press 2 for Spanish."),
                         ph(sid, 1, "988", "text", "Text 988 (in Spanish, text AYUDA to 988).")], lang(sid, "en"), US_AREA,
                        "Phone, text and chat", crisis=True, url="https://988lifeline.org",
                        interpretation_services="Phone interpreters in more than 240 languages.",
                        **free(sid, "Free and confidential.", "Free.")))
    sid = uid("service", "national", "988-es")
    out.append(compiled(sid, samhsa, "988 Línea de Prevención del Suicidio y Crisis",
                        "Llame al 988 y marque 2 para hablar en español, envíe un mensaje de texto con la palabra AYUDA al 988, o chatee en 988lineadevida.org, las 24 horas, gratis y confidencial, en una crisis suicida, de salud mental o de consumo de sustancias. Financiada por SAMHSA. Servicio nacional.",
                        ["106-13"], schedules(sid, "always", "by phone, text or online chat"),
                        [ph(sid, 0, "988", "voice", "Llame al 988 y marque 2 para español."),
                         ph(sid, 1, "988", "text", "Envíe AYUDA por mensaje de texto al 988.")], lang(sid, "es"), US_AREA,
                        "Teléfono, texto y chat", crisis=True, url="https://988lineadevida.org",
                        interpretation_services="Consejeros que hablan español; intérpretes telefónicos en más de 240 idiomas.",
                        **free(sid, "Gratis y confidencial.", "Gratis.")))
    sid = uid("service", "national", "911")
    out.append(compiled(sid, nine11, "Emergency Services (911)",
                        "Call 911 when a life is in danger: an overdose, a medical emergency, fire or violence. Text to 911 works in many but not all areas; if it is not available you will get a message telling you to call. National service.",
                        ["101-06", "106-13"], schedules(sid, "always", "by phone"),
                        [ph(sid, 0, "911", "voice", "Emergencies only.")], lang(sid, "en"), US_AREA, "Phone", crisis=True,
                        url="https://www.911.gov", interpretation_services="Call takers use telephone interpreters for many languages.",
                        **free(sid, "Free to call from any phone.", "Free.")))
    sid = uid("service", "national", "911-es")
    out.append(compiled(sid, nine11, "Servicios de emergencia (911)",
                        "Llame al 911 cuando una vida corre peligro: una sobredosis, una emergencia médica, un incendio o violencia. Diga \"Spanish\" y le conectarán con un intérprete. Servicio nacional.",
                        ["101-06", "106-13"], schedules(sid, "always", "by phone"),
                        [ph(sid, 0, "911", "voice", "Solo emergencias; pida un intérprete de español.")], lang(sid, "es"), US_AREA, "Teléfono", crisis=True,
                        url="https://www.911.gov", interpretation_services="Intérpretes telefónicos en muchos idiomas, también español.",
                        **free(sid, "Gratis desde cualquier teléfono.", "Gratis.")))
    sid = uid("service", "national", "samhsa-helpline")
    out.append(compiled(sid, samhsa, "SAMHSA National Helpline",
                        "A free, confidential, 24/7, 365-day-a-year treatment referral and information line for people and families facing mental health or substance use disorders, in English and Spanish. National service.",
                        ["106-01"], schedules(sid, "always", "by phone"),
                        [ph(sid, 0, "1-800-662-4357", "voice", "1-800-662-HELP, 24/7"), ph(sid, 1, "1-800-487-4889", "tty", "TTY"),
                         ph(sid, 2, "435748", "text", "Text your ZIP code to 435748 (HELP4U) to find help near you.")],
                        lang(sid, "en"), US_AREA, "Phone", url="https://www.samhsa.gov/find-help",
                        **free(sid, "Free and confidential; no insurance needed.", "Free.")))
    sid = uid("service", "national", "samhsa-helpline-es")
    out.append(compiled(sid, samhsa, "Línea Nacional de Ayuda de SAMHSA",
                        "Una línea gratuita y confidencial, las 24 horas, los 365 días del año, de información y de referidos a tratamiento para personas y familias que enfrentan trastornos de salud mental o de consumo de sustancias, en español y en inglés. Servicio nacional.",
                        ["106-01"], schedules(sid, "always", "by phone"),
                        [ph(sid, 0, "1-800-662-4357", "voice", "1-800-662-HELP (4357), las 24 horas; marque la opción de español."),
                         ph(sid, 1, "1-800-487-4889", "tty", "TTY")],
                        lang(sid, "es"), US_AREA, "Teléfono", url="https://www.samhsa.gov/find-help/helplines/national-helpline",
                        **free(sid, "Gratis y confidencial; no se necesita seguro.", "Gratis.")))
    return out


# ---------------------------------------------------------------- Meeting Guide feeds
# Meeting names: (name, types the name implies, time of day or None, fixed day or None).
MEETINGS = {
    "AA": [("Early Birds", [], "am", None), ("Keep It Simple", ["D"], None, None), ("Back to Basics", ["BE"], None, None),
           ("Big Book Study", ["B"], None, None), ("Happy Destiny", [], None, None), ("Nooners", [], "noon", None),
           ("Came to Believe", [], None, None), ("Living Sober", ["LS"], None, None), ("Attitude Adjustment", [], "am", None),
           ("Friday Night Speakers", ["SP"], "pm", 5), ("Women's Step Study", ["W", "ST"], "pm", None),
           ("Men's Big Book", ["M", "B"], None, None), ("Young People's Group", ["Y"], "pm", None), ("Into Action", ["ST"], None, None),
           ("Daily Reflections", ["DR"], "am", None), ("Primary Purpose", [], None, None), ("Rule 62", [], None, None),
           ("Twelve and Twelve", ["12x12"], None, None), ("Lunch Bunch", [], "noon", None), ("Candlelight Meeting", ["CAN"], "pm", None)],
    "NA": [("Just for Today NA", ["LIT"], None, None), ("Clean and Serene NA", [], None, None), ("Miracles Happen NA", [], "pm", None),
           ("Recovery in Action NA", ["ST"], None, None), ("Never Alone NA", [], "pm", None), ("Living Clean NA", ["LIT"], None, None)],
    "AL": [("Al-Anon Hope for Today", [], None, None), ("Al-Anon One Day at a Time", [], None, None),
           ("Al-Anon Family Group", [], "pm", None), ("Al-Anon Detachment with Love", [], None, None)],
    "SMART": [("SMART Recovery Meeting", ["A"], "pm", None), ("SMART Recovery Family & Friends", ["A"], "pm", None)],
    "CR": [("Celebrate Recovery", [], "pm", None)],
    "ES": [("Grupo Nueva Vida", ["S"], "pm", None), ("Grupo Esperanza", ["S"], "pm", None), ("Grupo Serenidad", ["S"], "pm", None),
           ("Grupo Un Día a la Vez", ["S"], "pm", None), ("Grupo Renacer", ["S"], "pm", None)],
}
START = {"am": ["06:30", "07:00", "07:30"], "noon": ["12:00", "12:15"], "pm": ["17:30", "18:00", "18:30", "19:00", "19:30", "20:00", "20:30"]}
VENUES = ["{anchor} Community Church", "{anchor} Fellowship Hall", "{hood} Recovery Clubhouse", "{anchor} Lutheran Church",
          "{anchor} Community Center", "{anchor} Library Community Room", "{anchor} United Methodist Church", "{anchor} Friends Meeting House"]


def meetings(mid, m, count=72):
    mk = m["key"]
    anchors = ANCHORS[:]
    RNG.shuffle(anchors)
    venues = []
    for v in range(24):
        z, city, hood, lat, lon = RNG.choice(m["zips"])
        lat, lon = jitter(lat, lon)
        street = RNG.choice(m["streets"] + GENERIC_STREETS)
        venues.append((RNG.choice(VENUES).format(anchor=anchors.pop(), hood=hood), f"{RNG.randint(1, 48) * 100 + RNG.randint(0, 99)} {street}",
                       city, z, hood, lat, lon))
    out, slugs = [], set()
    for i in range(count):
        fellowship = RNG.choices(list(MEETINGS), weights=[45, 25, 10, 8, 5, 7])[0]
        name, implied, when, fixed_day = RNG.choice(MEETINGS[fellowship])
        day = RNG.randrange(7) if fixed_day is None else fixed_day
        start = RNG.choice(START[when] if when else START["am"] + START["noon"] + START["pm"] * 2)
        length = RNG.choice([60, 60, 60, 90])
        h, mi = map(int, start.split(":"))
        end = f"{(h * 60 + mi + length) // 60 % 24:02d}:{(mi + length) % 60:02d}"
        mode = RNG.choices(["in_person", "hybrid", "online"], weights=[75, 10, 15])[0]
        venue = RNG.choice(venues)
        types = [RNG.choice(["O", "O", "C"]) if fellowship in ("AA", "NA", "ES") else "O"]
        types += implied or [RNG.choice(["D", "D", "ST", "SP", "LIT", "BE"]) if fellowship in ("AA", "NA", "ES") else "D"]
        if fellowship in ("AA", "NA") and not {"W", "M", "Y"} & set(types) and RNG.random() < 0.1:
            types.append(RNG.choice(["W", "M", "LGBTQ"]))
        if mode != "online" and RNG.random() < 0.45:
            types.append("X")
        if mode == "online":
            types.append("ONL")
        if mode == "in_person" and RNG.random() < 0.04:
            types.append("TC")
        base = slug(f"{name} {venue[4] if mode != 'online' else 'online'} {DAY_WORDS[DAYS[(day - 1) % 7]]} {start.replace(':', '')}")
        s, k = base, 2
        while s in slugs:
            s, k = f"{base}-{k}", k + 1
        slugs.add(s)
        meeting = {"name": name, "slug": s, "day": day, "time": start, "end_time": end, "timezone": m["tz"],
                   "types": sorted(set(types)), "attendance_option": mode}
        if mode == "online":
            meeting.update(location="Online", region=m["region_name"])
        else:
            vname, addr, city, z, hood, lat, lon = venue
            meeting.update(location=vname, formatted_address=f"{addr}, {city}, {m['state']} {z}, USA", latitude=lat, longitude=lon,
                           region=hood)
        if fellowship in ("AA", "ES"):
            meeting["group"] = f"{name} Group" if not name.startswith("Grupo") else name
        if mode != "in_person":
            meeting_id = RNG.randint(80000000000, 89999999999)
            meeting["conference_url"] = f"https://meet.example.org/j/{meeting_id}"
            meeting["conference_phone"] = f"+1{RNG.choice(m['area'])}55501{RNG.randint(0, 99):02d},,{meeting_id}#"
        meeting["notes"] = "Fictional meeting for demonstration."
        meeting["updated"] = stamp().replace("T", " ").rstrip("Z")
        out.append(meeting)
    return out


# ---------------------------------------------------------------- main
CATS = ["housing", "employment", "healthcare", "mental-health", "substance-use-treatment", "food", "support-groups"]


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main():
    rows, totals = [], {c: 0 for c in CATS}
    for mid, m in METROS.items():
        services = metro_services(mid, m)
        feed = meetings(mid, m)
        write(OUT / "hsds" / f"{mid}.json", services)
        write(OUT / "meeting-guide" / f"{mid}-meetings.json", feed)
        counts = {c: sum(c in categories(s) for s in services) for c in CATS}
        for c in CATS:
            totals[c] += counts[c]
        rows.append((m["label"], len(services), counts, len(feed)))
    nat = national()
    write(OUT / "national" / "national-lines.json", nat)
    counts = {c: sum(c in categories(s) for s in nat) for c in CATS}
    for c in CATS:
        totals[c] += counts[c]
    rows.append(("National (real)", len(nat), counts, 0))
    print("| area | services | " + " | ".join(CATS) + " | meetings |")
    print("|---|" + "---:|" * (len(CATS) + 2))
    for label, n, cs, nm in rows:
        print(f"| {label} | {n} | " + " | ".join(str(cs[c]) for c in CATS) + f" | {nm} |")
    print(f"| **total** | **{sum(r[1] for r in rows)}** | " + " | ".join(f"**{totals[c]}**" for c in CATS) +
          f" | **{sum(r[3] for r in rows)}** |")
    print("\nA service with terms in two categories counts in both columns.")


if __name__ == "__main__":
    main()
