#!/usr/bin/env python3
"""Generates Waypoint's demonstration data set (run from the repository root):

    python3 seed-data/generate.py

Writes seed-data/hsds/<metro>.json (HSDS 3.1 compiled services), seed-data/hsds/
national-crisis.json and seed-data/meeting-guide/<metro>-meetings.json. Deterministic: the
same script gives the same files and ids.

Every organization, program, group, street address, phone number (555-01xx) and web
address (example.org) here is FICTIONAL, placed on real ZIP codes and cities of four US
metro areas so that geographic search has real geography to work on. The only real
listings are the national crisis services in national-crisis.json (988, 911 and the SAMHSA
National Helpline), which are described as they are.
"""
import json, pathlib, random, uuid
from collections import Counter

ROOT = pathlib.Path(__file__).resolve().parent
NS = uuid.UUID("6f1c0d2e-8a51-4c3e-9a35-3b0e6d9c1f00")
rng = random.Random(20261123)
FICTIONAL = " (Fictional organization for demonstration.)"


def uid(*parts):
    return str(uuid.uuid5(NS, "waypoint-seed:" + ":".join(map(str, parts))))


# Real ZIP codes with their approximate centroids (lat, lon), by metro.
METROS = {
    "baltimore-md": ("MD", "America/New_York", "410", [
        ("21201", "Baltimore", 39.2946, -76.6252), ("21202", "Baltimore", 39.2964, -76.6075),
        ("21205", "Baltimore", 39.3023, -76.5645), ("21206", "Baltimore", 39.3385, -76.5410),
        ("21207", "Gwynn Oak", 39.3293, -76.7320), ("21209", "Baltimore", 39.3717, -76.6705),
        ("21210", "Baltimore", 39.3561, -76.6353), ("21211", "Baltimore", 39.3299, -76.6393),
        ("21212", "Baltimore", 39.3686, -76.6153), ("21213", "Baltimore", 39.3147, -76.5770),
        ("21214", "Baltimore", 39.3522, -76.5643), ("21215", "Baltimore", 39.3447, -76.6830),
        ("21216", "Baltimore", 39.3093, -76.6714), ("21217", "Baltimore", 39.3082, -76.6388),
        ("21218", "Baltimore", 39.3301, -76.6011), ("21223", "Baltimore", 39.2830, -76.6540),
        ("21224", "Baltimore", 39.2760, -76.5560), ("21225", "Brooklyn", 39.2260, -76.6150),
        ("21229", "Baltimore", 39.2857, -76.7131), ("21230", "Baltimore", 39.2720, -76.6250),
        ("21231", "Baltimore", 39.2876, -76.5919), ("21239", "Baltimore", 39.3632, -76.5887),
        ("21204", "Towson", 39.4030, -76.6030), ("21222", "Dundalk", 39.2650, -76.4940),
        ("21228", "Catonsville", 39.2740, -76.7410), ("21061", "Glen Burnie", 39.1610, -76.6290),
        ("21044", "Columbia", 39.2150, -76.8790)]),
    "orange-county-ca": ("CA", "America/Los_Angeles", "714", [
        ("92701", "Santa Ana", 33.7482, -117.8583), ("92703", "Santa Ana", 33.7480, -117.9070),
        ("92704", "Santa Ana", 33.7196, -117.9075), ("92705", "Santa Ana", 33.7560, -117.8180),
        ("92706", "Santa Ana", 33.7660, -117.8820), ("92707", "Santa Ana", 33.7100, -117.8710),
        ("92801", "Anaheim", 33.8450, -117.9530), ("92804", "Anaheim", 33.8190, -117.9750),
        ("92805", "Anaheim", 33.8310, -117.9060), ("92806", "Anaheim", 33.8390, -117.8700),
        ("92614", "Irvine", 33.6810, -117.8320), ("92618", "Irvine", 33.6620, -117.7320),
        ("92626", "Costa Mesa", 33.6790, -117.9080), ("92627", "Costa Mesa", 33.6470, -117.9200),
        ("92647", "Huntington Beach", 33.7230, -118.0070), ("92648", "Huntington Beach", 33.6770, -118.0100),
        ("92840", "Garden Grove", 33.7850, -117.9320), ("92843", "Garden Grove", 33.7640, -117.9310),
        ("92844", "Garden Grove", 33.7660, -117.9700), ("92831", "Fullerton", 33.8790, -117.8950),
        ("92832", "Fullerton", 33.8680, -117.9280), ("92868", "Orange", 33.7880, -117.8760),
        ("92683", "Westminster", 33.7520, -117.9940), ("92780", "Tustin", 33.7370, -117.8200),
        ("92691", "Mission Viejo", 33.6150, -117.6680)]),
    "philadelphia-pa": ("PA", "America/New_York", "215", [
        ("19102", "Philadelphia", 39.9526, -75.1652), ("19103", "Philadelphia", 39.9528, -75.1740),
        ("19104", "Philadelphia", 39.9600, -75.1970), ("19106", "Philadelphia", 39.9480, -75.1470),
        ("19107", "Philadelphia", 39.9510, -75.1590), ("19121", "Philadelphia", 39.9810, -75.1740),
        ("19122", "Philadelphia", 39.9780, -75.1450), ("19123", "Philadelphia", 39.9640, -75.1460),
        ("19124", "Philadelphia", 40.0190, -75.0880), ("19125", "Philadelphia", 39.9790, -75.1270),
        ("19130", "Philadelphia", 39.9670, -75.1720), ("19131", "Philadelphia", 39.9840, -75.2280),
        ("19132", "Philadelphia", 39.9950, -75.1700), ("19133", "Philadelphia", 39.9930, -75.1410),
        ("19134", "Philadelphia", 39.9920, -75.1120), ("19139", "Philadelphia", 39.9610, -75.2300),
        ("19140", "Philadelphia", 40.0110, -75.1450), ("19141", "Philadelphia", 40.0370, -75.1450),
        ("19143", "Philadelphia", 39.9450, -75.2280), ("19144", "Philadelphia", 40.0330, -75.1740),
        ("19145", "Philadelphia", 39.9230, -75.1840), ("19146", "Philadelphia", 39.9380, -75.1800),
        ("19147", "Philadelphia", 39.9360, -75.1550), ("19148", "Philadelphia", 39.9200, -75.1530),
        ("19149", "Philadelphia", 40.0370, -75.0660), ("19013", "Chester", 39.8490, -75.3720),
        ("19401", "Norristown", 40.1240, -75.3390), ("19063", "Media", 39.9170, -75.3880)]),
    "columbus-oh": ("OH", "America/New_York", "614", [
        ("43201", "Columbus", 39.9900, -83.0000), ("43202", "Columbus", 40.0210, -83.0130),
        ("43203", "Columbus", 39.9720, -82.9680), ("43204", "Columbus", 39.9560, -83.0800),
        ("43205", "Columbus", 39.9570, -82.9640), ("43206", "Columbus", 39.9440, -82.9750),
        ("43207", "Columbus", 39.8990, -82.9670), ("43209", "Bexley", 39.9560, -82.9300),
        ("43211", "Columbus", 40.0110, -82.9730), ("43213", "Whitehall", 39.9700, -82.8680),
        ("43214", "Columbus", 40.0530, -83.0200), ("43215", "Columbus", 39.9650, -83.0050),
        ("43219", "Columbus", 40.0040, -82.9250), ("43220", "Columbus", 40.0490, -83.0670),
        ("43221", "Upper Arlington", 40.0250, -83.0770), ("43222", "Columbus", 39.9600, -83.0290),
        ("43223", "Columbus", 39.9340, -83.0420), ("43224", "Columbus", 40.0420, -82.9690),
        ("43227", "Columbus", 39.9450, -82.8910), ("43229", "Columbus", 40.0860, -82.9810),
        ("43232", "Columbus", 39.9230, -82.8700)]),
}
# Rough county or metro outlines for county-wide services (GeoJSON rings, lon/lat).
AREAS = {
    "baltimore-md": ("Baltimore City and County", [[-76.90, 39.19], [-76.40, 39.19], [-76.40, 39.72], [-76.90, 39.72]]),
    "orange-county-ca": ("Orange County", [[-118.12, 33.38], [-117.41, 33.38], [-117.41, 33.95], [-118.12, 33.95]]),
    "philadelphia-pa": ("Philadelphia and its suburban counties", [[-75.60, 39.80], [-74.95, 39.80], [-74.95, 40.25], [-75.60, 40.25]]),
    "columbus-oh": ("Franklin County", [[-83.25, 39.80], [-82.77, 39.80], [-82.77, 40.16], [-83.25, 40.16]]),
}
STATES = {"MD": ("Maryland", [[-79.49, 37.91], [-75.05, 37.91], [-75.05, 39.72], [-79.49, 39.72]]),
          "CA": ("California", [[-124.41, 32.53], [-114.13, 32.53], [-114.13, 42.01], [-124.41, 42.01]]),
          "PA": ("Pennsylvania", [[-80.52, 39.72], [-74.69, 39.72], [-74.69, 42.27], [-80.52, 42.27]]),
          "OH": ("Ohio", [[-84.82, 38.40], [-80.52, 38.40], [-80.52, 41.98], [-84.82, 41.98]])}
EXTRA_LANGUAGES = {"orange-county-ca": [("Vietnamese", "vi"), ("Korean", "ko")],
                   "philadelphia-pa": [("Russian", "ru"), ("Chinese", "zh")],
                   "columbus-oh": [("Somali", "so"), ("Arabic", "ar")], "baltimore-md": [("French", "fr")]}
STREETS = ["Harbor", "Maple", "Cedar", "Juniper", "Willow", "Hawthorn", "Linden", "Chestnut", "Sycamore",
           "Birch", "Magnolia", "Laurel", "Aspen", "Hickory", "Poplar", "Orchard", "Meadow", "Ridge"]
SUFFIXES = ["Street", "Avenue", "Road", "Boulevard", "Lane", "Way"]
PLACE_WORDS = ["Harbor", "Bridges", "Crossroads", "New Day", "Open Door", "Cornerstone", "Lantern",
               "Keystone", "Riverbend", "Northside", "Eastside", "Westgate", "Hillcrest", "Summit",
               "Beacon", "Pathways", "Compass", "Fresh Start", "Common Ground", "Evergreen"]

# Category → (share of services, OE terms (code, name), program name patterns, descriptions).
CATEGORIES = {
    "food": (0.17, [("102-04", "Food Pantry"), ("102-05", "Free Meals"), ("102-06-01", "Food Benefits"), ("101-03", "Emergency Food")],
             ["{w} Food Pantry", "{w} Community Kitchen", "{w} SNAP Enrollment Help", "{w} Emergency Groceries"],
             ["Free groceries for anyone who needs them; no ID required for a first visit.",
              "Hot free meals served to all, no questions asked.",
              "Help applying for SNAP (food stamps) and WIC benefits.",
              "Emergency food boxes the same day for families and individuals in a crisis."]),
    "housing": (0.14, [("103-01", "Emergency Shelter"), ("103-09", "Short-Term Housing"), ("103-03", "Help Pay for Housing"), ("103-02", "Help Find Housing")],
                ["{w} Night Shelter", "{w} Recovery Residence", "{w} Rent Help Program", "{w} Housing Navigation"],
                ["Emergency overnight shelter beds for adults; check-in from 7 pm.",
                 "Sober living recovery residence with peer support and house meetings.",
                 "One-time help with rent and utility bills to prevent eviction.",
                 "Housing navigators help people leaving treatment or jail find a place to live."]),
    "employment": (0.12, [("110-01-01", "Job Placement"), ("110-03", "Skills & Training"), ("110-01", "Help Find Work")],
                   ["{w} Jobs Center", "{w} Career Training", "{w} Second Chance Employment"],
                   ["Job placement, resume help and interview practice for people in recovery.",
                    "Free job training in construction, food service and warehouse work, with certificates.",
                    "Employment help for people with a criminal record; fair-chance employers."]),
    "healthcare": (0.14, [("106-06", "Medical Care"), ("106-02", "Dental Care"), ("106-12", "Vision Care")],
                   ["{w} Community Health Center", "{w} Dental Clinic", "{w} Free Clinic"],
                   ["Primary care, vaccinations and hepatitis C testing; uninsured patients welcome.",
                    "Low-cost dental cleanings, fillings and extractions on a sliding fee scale.",
                    "Free walk-in medical clinic for people without insurance."]),
    "mental-health": (0.13, [("106-07", "Mental Health"), ("106-07-01-01-03", "Outpatient mental health centers"), ("106-13", "Psychiatric Emergency Services")],
                      ["{w} Counseling Center", "{w} Behavioral Health Clinic", "{w} Crisis Walk-In Center"],
                      ["Individual and group counseling (therapy) for depression, anxiety and trauma.",
                       "Psychiatric care and medication management; accepts Medicaid.",
                       "Walk-in mental health crisis care around the clock."]),
    "substance-use-treatment": (0.18, [("106-01", "Substance Use Disorder"), ("106-01-01-01", "Outpatient Treatment"), ("106-01-01-02", "Residential Treatment"),
                                       ("106-01-02-01", "Medication-Assisted Treatment (MAT) Provided"), ("106-01-02-02", "Withdrawal Management")],
                                ["{w} Recovery Outpatient Program", "{w} Residential Treatment Center", "{w} Opioid Treatment Program", "{w} Detox Center"],
                                ["Outpatient addiction treatment with individual and group counseling, evenings available.",
                                 "Residential (inpatient) rehab for adults, 28 to 90 days.",
                                 "Methadone and buprenorphine (Suboxone) treatment for opioid use disorder, with counseling.",
                                 "Medically supervised withdrawal management (detox), admissions 24/7."]),
    "support-groups": (0.12, [("108-09-09", "Support Groups"), ("132-10", "Support Groups Services Provided")],
                       ["{w} Peer Recovery Center", "{w} Family Support Group", "{w} SMART Recovery Group"],
                       ["Peer recovery coaches and drop-in recovery meetings.",
                        "Support group for families and friends of people with addiction.",
                        "Science-based mutual-help recovery meetings."]),
}
# Support-group terms are not in the Open Eligibility branches that map to categories, so
# the seed tags them through a local taxonomy named for what they are.
LOCAL_SUPPORT = ("Waypoint", "support-group", "Support Groups")


def term(code, name, taxonomy="Open Eligibility"):
    return {"id": uid("term", taxonomy, code), "code": code, "name": name, "description": name, "taxonomy": taxonomy}


def attribute(service_id, t):
    return {"id": uid("attr", service_id, t["id"]), "link_id": service_id, "link_type": "service",
            "link_entity": "service", "taxonomy_term_id": t["id"], "taxonomy_term": t}


def weekly(sid, days, opens, closes, n=0):
    return {"id": uid("schedule", sid, n), "freq": "WEEKLY", "byday": days, "opens_at": opens, "closes_at": closes}


def phone(key, area, n):
    return {"id": uid("phone", key, n), "number": f"{area}-555-01{rng.randint(0, 99):02d}", "type": "voice"}


def polygon(ring):
    return json.dumps({"type": "Polygon", "coordinates": [ring + [ring[0]]]})


def hours(category, sid, i):
    if category == "housing" and i % 4 == 0:
        return [weekly(sid, "MO,TU,WE,TH,FR,SA,SU", "19:00", "07:00")]
    if category == "food" and i % 4 == 0:
        return [weekly(sid, rng.choice(["TU,TH", "MO,WE,FR", "SA"]), "09:00", "12:00")]
    if category == "mental-health" and i % 3 == 2:
        return [weekly(sid, "MO,TU,WE,TH,FR,SA,SU", "00:00", "24:00")]
    if category == "substance-use-treatment" and i % 4 == 3:
        return [weekly(sid, "MO,TU,WE,TH,FR,SA,SU", "00:00", "24:00")]
    return [weekly(sid, "MO,TU,WE,TH,FR", "08:30" if i % 2 else "09:00", "17:00"),
            *([weekly(sid, "SA", "10:00", "14:00", 1)] if i % 3 == 0 else [])]


def metro_services(metro, target):
    state, tz, area, zips = METROS[metro]
    services, counts = [], Counter()
    for category, (share, terms, names, descriptions) in CATEGORIES.items():
        for i in range(round(target * share)):
            zip_, city, lat, lon = zips[(i * 7 + len(category)) % len(zips)]
            word = PLACE_WORDS[(i + len(metro)) % len(PLACE_WORDS)]
            kind = i % len(names)
            name = names[kind].format(w=word) + ("" if i < len(PLACE_WORDS) else f" {city}")
            key = f"{metro}:{category}:{i}"
            sid, oid, lid = uid("service", key), uid("organization", key), uid("location", key)
            t = term(*terms[kind % len(terms)]) if category != "support-groups" else term(*LOCAL_SUPPORT[1:], taxonomy=LOCAL_SUPPORT[0])
            langs = [{"id": uid("language", key, "en"), "name": "English", "code": "en"}]
            if i % 3 == 0:
                langs.append({"id": uid("language", key, "es"), "name": "Spanish", "code": "es"})
            if i % 7 == 0:
                lname, lcode = EXTRA_LANGUAGES[metro][i % len(EXTRA_LANGUAGES[metro])]
                langs.append({"id": uid("language", key, lcode), "name": lname, "code": lcode})
            free = category in ("food", "support-groups") or kind == 2 and category == "healthcare"
            svc = {
                "id": sid, "name": name, "description": descriptions[kind % len(descriptions)],
                "url": f"https://{word.lower().replace(' ', '-')}-{i}.example.org", "email": None,
                "status": "inactive" if i % 41 == 40 else "active",
                "eligibility_description": rng.choice(["Adults 18 and older.", "Anyone in need.", "Residents of the area.", "Women and their children.", "Veterans and their families."]),
                "application_process": rng.choice(["Walk in during open hours.", "Call to make an appointment.", "Referral from a case manager or peer worker."]),
                "fees_description": "Free." if free else "Medicaid, Medicare and most insurance accepted; sliding fee scale for people without insurance.",
                "minimum_age": 18 if category in ("housing", "substance-use-treatment") and i % 2 else None,
                "organization": {"id": oid, "name": f"{word} {rng.choice(['Community Services', 'Health Partners', 'Alliance', 'Network', 'Collective'])} of {city}",
                                 "description": f"Community organization serving {city}, {state}.{FICTIONAL}", "website": None},
                "phones": [phone(key, area, 0)],
                "schedules": hours(category, sid, i),
                "languages": langs,
                "cost_options": [{"id": uid("cost", key), "option": "Free" if free else "Sliding fee scale", "amount": 0 if free else None, "currency": "USD"}],
                "attributes": [attribute(sid, t)] + ([attribute(sid, term("121-01", "Pregnancy"))] if category == "substance-use-treatment" and i % 5 == 0 else []),
                "service_at_locations": [{
                    "id": uid("sal", key), "service_id": sid, "location_id": lid,
                    "location": {"id": lid, "location_type": "physical", "name": name, "organization_id": oid,
                                 "latitude": round(lat + rng.uniform(-0.012, 0.012), 6), "longitude": round(lon + rng.uniform(-0.015, 0.015), 6),
                                 "addresses": [{"id": uid("address", key), "location_id": lid, "address_1": f"{rng.randint(100, 4999)} {rng.choice(STREETS)} {rng.choice(SUFFIXES)}",
                                                "city": city, "state_province": state, "postal_code": zip_, "country": "US", "address_type": "physical"}]}}],
            }
            if category == "substance-use-treatment" and i % 2 == 0:
                unit = "bed" if kind in (1, 3) else "slot"
                maximum = rng.choice([12, 20, 30, 40])
                svc["capacities"] = [{"id": uid("capacity", key), "unit": {"id": uid("unit", unit), "name": unit}, "available": rng.randint(0, maximum // 3),
                                      "maximum": maximum, "updated": f"2026-11-{rng.randint(1, 20):02d}T12:00:00Z"}]
            services.append(svc)
            counts[category] += 1
    # County-wide and statewide services reached wherever the caller is.
    county_name, ring = AREAS[metro]
    state_name, state_ring = STATES[state]
    for key, name, desc, code, tname, area_name, area_ring in [
        ("county-crisis", f"{county_name} Crisis Line", "Call or text any time for help in a mental health or substance use crisis; mobile crisis teams can come to you.", "106-13", "Psychiatric Emergency Services", county_name, ring),
        ("online-meeting", f"{county_name} Online Recovery Meeting", "Daily online recovery support meeting for anyone in the region; join by video or phone.", None, None, county_name, ring),
        ("warm-line", f"{state_name} Peer Warm Line", "Talk with a trained peer who has lived experience of recovery, every evening.", "106-07", "Mental Health", state_name, state_ring),
    ]:
        k = f"{metro}:{key}"
        sid, oid, lid = uid("service", k), uid("organization", k), uid("location", k)
        t = term(code, tname) if code else term(*LOCAL_SUPPORT[1:], taxonomy=LOCAL_SUPPORT[0])
        services.append({
            "id": sid, "name": name, "description": desc, "status": "active", "url": f"https://{key}.example.org",
            "organization": {"id": oid, "name": f"{county_name} Behavioral Health Collaborative", "description": f"Regional partnership serving {area_name}.{FICTIONAL}"},
            "phones": [phone(k, area, 0)], "languages": [{"id": uid("language", k, "en"), "name": "English", "code": "en"}, {"id": uid("language", k, "es"), "name": "Spanish", "code": "es"}],
            "schedules": [weekly(sid, "MO,TU,WE,TH,FR,SA,SU", "00:00" if key != "warm-line" else "17:00", "24:00" if key != "warm-line" else "23:00")],
            "cost_options": [{"id": uid("cost", k), "option": "Free", "amount": 0, "currency": "USD"}],
            "service_areas": [{"id": uid("area", k), "name": area_name, "extent": polygon(area_ring), "extent_type": "geojson"}],
            "attributes": [attribute(sid, t)],
            "service_at_locations": [{"id": uid("sal", k), "service_id": sid, "location_id": lid,
                                      "location": {"id": lid, "location_type": "virtual", "name": name, "organization_id": oid, "url": f"https://{key}.example.org"}}],
        })
        counts["mental-health" if code else "support-groups"] += 1
    return services, counts


MEETING_NAMES = ["Serenity", "Keep It Simple", "Living Sober", "Daily Reflections", "Big Book", "Step Sisters", "Just for Today",
                 "Hope Springs", "Came to Believe", "Sunrise", "Back to Basics", "Freedom", "Easy Does It", "New Beginnings"]
FELLOWSHIPS = [("AA", "Group"), ("NA", "NA Meeting"), ("Al-Anon", "Al-Anon Family Group"), ("SMART", "SMART Recovery")]
TYPES = ["O", "C", "D", "B", "ST", "BE", "SP", "W", "M", "Y", "X", "S", "LGBTQ", "MED"]


def metro_meetings(metro, n):
    state, tz, area, zips = METROS[metro]
    meetings = []
    for i in range(n):
        zip_, city, lat, lon = zips[(i * 5) % len(zips)]
        fellowship, suffix = FELLOWSHIPS[i % len(FELLOWSHIPS)]
        name = f"{MEETING_NAMES[i % len(MEETING_NAMES)]} {suffix}" + (f" ({city})" if i >= len(MEETING_NAMES) else "")
        types = sorted({rng.choice(["O", "C"]), *rng.sample(TYPES[2:], 2)})
        attendance = "online" if i % 9 == 4 else "hybrid" if i % 9 == 7 else "in_person"
        if attendance == "online":
            types.append("ONL")
        hh = rng.choice([6, 7, 10, 12, 17, 18, 19, 20])
        street = f"{rng.randint(100, 4999)} {rng.choice(STREETS)} {rng.choice(SUFFIXES)}"
        meetings.append({
            "name": name, "slug": f"{metro}-{i}-{name.lower().replace(' ', '-').replace('(', '').replace(')', '')}",
            "day": i % 7, "time": f"{hh:02d}:{rng.choice(['00', '30'])}", "end_time": f"{hh + 1:02d}:00", "timezone": tz,
            "types": types, "attendance_option": attendance,
            "location": f"{PLACE_WORDS[i % len(PLACE_WORDS)]} Fellowship Hall", "formatted_address": f"{street}, {city}, {state} {zip_}, USA",
            "latitude": round(lat + rng.uniform(-0.01, 0.01), 6), "longitude": round(lon + rng.uniform(-0.012, 0.012), 6),
            "region": city, "group": f"{MEETING_NAMES[i % len(MEETING_NAMES)]} {fellowship} Group (fictional)",
            "notes": "Fictional meeting for demonstration.", "updated": "2026-11-01 09:00:00",
            **({"conference_url": f"https://meet.example.org/{metro}-{i}"} if attendance != "in_person" else {}),
        })
    return meetings


def national():
    us = [[[-124.8, 24.4], [-66.9, 24.4], [-66.9, 49.4], [-124.8, 49.4], [-124.8, 24.4]]]
    ak = [[[-179.2, 51.2], [-129.9, 51.2], [-129.9, 71.4], [-179.2, 71.4], [-179.2, 51.2]]]
    hi = [[[-160.3, 18.9], [-154.8, 18.9], [-154.8, 22.3], [-160.3, 22.3], [-160.3, 18.9]]]
    pr = [[[-67.3, 17.9], [-65.2, 17.9], [-65.2, 18.6], [-67.3, 18.6], [-67.3, 17.9]]]
    extent = json.dumps({"type": "MultiPolygon", "coordinates": [us, ak, hi, pr]})
    crisis = term("crisis-line", "Crisis Line", taxonomy="Waypoint")
    out = []
    for key, name, org, desc, number, url, codes in [
        ("988", "988 Suicide & Crisis Lifeline", "988 Suicide & Crisis Lifeline",
         "National service. Call or text 988, or chat at 988lifeline.org, 24 hours a day, for free and confidential support in a suicidal, mental health or substance use crisis. English and Spanish; interpreters for other languages.",
         "988", "https://988lifeline.org", [("106-13", "Psychiatric Emergency Services")]),
        ("911", "Emergency services (911)", "Emergency services",
         "National service. Call 911 for a medical emergency, an overdose, or when someone is in immediate danger.",
         "911", None, [("101-06", "Immediate Safety"), ("106-13", "Psychiatric Emergency Services")]),
        ("samhsa-helpline", "SAMHSA National Helpline", "Substance Abuse and Mental Health Services Administration (SAMHSA)",
         "National service. Free, confidential treatment referral and information about mental health and substance use, 24 hours a day, 365 days a year, in English and Spanish.",
         "1-800-662-4357", "https://www.samhsa.gov/find-help/helplines/national-helpline", [("106-01", "Substance Use Disorder")]),
    ]:
        k = f"national:{key}"
        sid, oid, lid = uid("service", k), uid("organization", k), uid("location", k)
        out.append({
            "id": sid, "name": name, "description": desc, "status": "active", "url": url,
            "organization": {"id": oid, "name": org, "description": f"{org}. National service (real; not fictional)."},
            "phones": [{"id": uid("phone", k, 0), "number": number, "type": "voice", "description": "24/7"}],
            "languages": [{"id": uid("language", k, "en"), "name": "English", "code": "en"}, {"id": uid("language", k, "es"), "name": "Spanish", "code": "es"}],
            "schedules": [weekly(sid, "MO,TU,WE,TH,FR,SA,SU", "00:00", "24:00")],
            "cost_options": [{"id": uid("cost", k), "option": "Free", "amount": 0, "currency": "USD"}],
            "service_areas": [{"id": uid("area", k), "name": "United States", "extent": extent, "extent_type": "geojson"}],
            "attributes": [attribute(sid, term(c, n)) for c, n in codes] + [attribute(sid, crisis)],
            "service_at_locations": [{"id": uid("sal", k), "service_id": sid, "location_id": lid,
                                      "location": {"id": lid, "location_type": "virtual", "name": name, "organization_id": oid, "url": url}}],
        })
    return out


def main():
    (ROOT / "hsds").mkdir(exist_ok=True)
    (ROOT / "meeting-guide").mkdir(exist_ok=True)
    table = []
    for metro in METROS:
        services, counts = metro_services(metro, 290)
        (ROOT / "hsds" / f"{metro}.json").write_text(json.dumps(services, indent=1) + "\n")
        meetings = metro_meetings(metro, 70)
        (ROOT / "meeting-guide" / f"{metro}-meetings.json").write_text(json.dumps(meetings, indent=1) + "\n")
        counts["support-groups"] += len(meetings)
        table.append((metro, len(services), len(meetings), counts))
    (ROOT / "hsds" / "national-crisis.json").write_text(json.dumps(national(), indent=1) + "\n")
    cats = list(CATEGORIES)
    print("| metro | HSDS services | meetings | " + " | ".join(cats) + " |")
    print("|---|---|---|" + "---|" * len(cats))
    for metro, s, m, counts in table:
        print(f"| {metro} | {s} | {m} | " + " | ".join(str(counts[c]) for c in cats) + " |")
    total = sum(s + m for _, s, m, _ in table) + 3
    print(f"\nTotal: {total} services (including 3 national crisis services).")


if __name__ == "__main__":
    main()
