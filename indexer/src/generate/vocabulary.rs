//! What generated services are and how they are named: the seven categories' shares, the
//! kinds of program in each (names, descriptions in the words people search with, taxonomy
//! terms, hours, cost), and the invented words that make organizations' names.

use super::hours::Style;
use crate::model::Category;

/// Services per 100 in each category (its first category: a co-occurring clinic also
/// counts as mental health). The real feeds in `../shared/datasets` (10,457 records) are
/// about 48% meetings, 19% food, 12% substance-use treatment, 10% mental health, 6%
/// healthcare, 2% employment and 1% housing, but each is a single-purpose feed (meetings
/// only, pantries only, treatment only); the one general 211 directory among them
/// (Baltimore) has health, food, support groups and employment first. These shares keep
/// meetings the largest group, as in any directory with Meeting Guide feeds, and give
/// housing and employment the room a 211 gives them.
pub const SHARES: [(u32, Category); 7] = [
    (38, Category::SupportGroups),
    (17, Category::Food),
    (13, Category::SubstanceUseTreatment),
    (11, Category::MentalHealth),
    (10, Category::Healthcare),
    (7, Category::Housing),
    (4, Category::Employment),
];

/// Of the support-groups share, the part that are fellowship meetings (the rest are peer
/// support groups and recovery community centres).
pub const MEETINGS_IN_SUPPORT_GROUPS: u64 = 88;

/// What a service costs, as its cost options and fees say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cost {
    Free,
    /// A sliding fee, and Medicaid, Medicare and insurance.
    Sliding,
    /// Medicaid and private insurance; state-funded care for the uninsured.
    Treatment,
    /// A weekly program fee (recovery housing).
    Rent,
}

/// How people reach a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// At its address.
    Place,
    /// At its address, for people of the county around it (a service area).
    PlaceForCounty,
    /// By phone and text, for the county (a virtual location and a service area).
    PhoneForCounty,
    /// By phone, for the whole state.
    PhoneForState,
}

pub struct Program {
    pub category: Category,
    /// Share within its category.
    pub weight: u32,
    /// Open Eligibility codes (see `TERMS`), or `crisis-line`.
    pub terms: &'static [&'static str],
    /// Name patterns: `{anchor}` (the organization's invented word), `{city}`, `{street}`.
    pub names: &'static [&'static str],
    pub descriptions: &'static [&'static str],
    pub hours: Style,
    pub cost: Cost,
    pub reach: Reach,
    /// Unit, and the range of its maximum.
    pub capacity: Option<(&'static str, u32, u32)>,
    pub minimum_age: Option<u32>,
    pub maximum_age: Option<u32>,
}

/// Open Eligibility terms the generator uses: code and name. Their categories come from
/// `seed-data/categories.csv`, as for any feed.
pub const TERMS: [(&str, &str); 31] = [
    ("101-03", "Emergency Food"),
    ("102-04", "Food Pantry"),
    ("102-05", "Free Meals"),
    ("102-03", "Food Delivery"),
    ("102-06-01", "Food Benefits"),
    ("103-01", "Emergency Shelter"),
    ("103-09", "Short-Term Housing"),
    ("103-03", "Help Pay for Housing"),
    ("103-02", "Help Find Housing"),
    ("110-01-01", "Job Placement"),
    ("110-03", "Skills & Training"),
    ("110-01", "Help Find Work"),
    ("106-06", "Medical Care"),
    ("106-02", "Dental Care"),
    ("106-12", "Vision Care"),
    ("106-05-03", "Health Insurance"),
    ("106-07", "Mental Health"),
    ("106-13", "Psychiatric Emergency Services"),
    ("106-07-01-01-03", "Outpatient mental health centers"),
    ("106-09-01", "Counseling"),
    ("106-01", "Substance Use Disorder"),
    ("106-01-01-01", "Outpatient Treatment"),
    (
        "106-01-01-01-02",
        "(Level 2.1) Intensive Outpatient Treatment",
    ),
    ("106-01-01-02", "Residential Treatment"),
    (
        "106-01-02-01",
        "Medication-Assisted Treatment (MAT) Provided",
    ),
    ("106-01-02-02", "Withdrawal Management"),
    ("108-09-09", "Support Groups"),
    ("132-10", "Support Groups Services Provided"),
    ("119-01", "Women"),
    ("113-03", "Veterans"),
    ("121-01", "Pregnancy"),
];

/// Terms that say who is served rather than what is offered (`link_type` eligibility).
pub const ELIGIBILITY_TERMS: [&str; 3] = ["119-01", "113-03", "121-01"];

const fn program(
    category: Category,
    weight: u32,
    terms: &'static [&'static str],
    names: &'static [&'static str],
    descriptions: &'static [&'static str],
    hours: Style,
    cost: Cost,
) -> Program {
    Program {
        category,
        weight,
        terms,
        names,
        descriptions,
        hours,
        cost,
        reach: Reach::Place,
        capacity: None,
        minimum_age: None,
        maximum_age: None,
    }
}

const fn reach(mut p: Program, reach: Reach) -> Program {
    p.reach = reach;
    p
}

const fn capacity(mut p: Program, unit: &'static str, lo: u32, hi: u32) -> Program {
    p.capacity = Some((unit, lo, hi));
    p
}

const fn ages(mut p: Program, minimum: Option<u32>, maximum: Option<u32>) -> Program {
    p.minimum_age = minimum;
    p.maximum_age = maximum;
    p
}

use Category as C;
use Cost::*;
use Style::*;

pub const PROGRAMS: &[Program] = &[
    // Food.
    program(
        C::Food,
        40,
        &["102-04"],
        &[
            "{city} Community Food Pantry",
            "{anchor} Food Pantry",
            "{street} Food Cupboard",
            "{anchor} Food Bank Distribution Site",
        ],
        &[
            "Free groceries, including fresh produce, bread and canned goods. Bring a bag; no ID is needed on a first visit.",
            "Client-choice food pantry where you pick your own groceries once a month. Proof of address is requested, but no one is turned away.",
            "Free bags of groceries and emergency food. Diapers and hygiene items when available.",
        ],
        Pantry,
        Free,
    ),
    program(
        C::Food,
        22,
        &["102-05"],
        &[
            "{anchor} Community Kitchen",
            "{city} Free Lunch Program",
            "{street} Supper Table",
            "{anchor} Soup Kitchen",
        ],
        &[
            "Free hot meals, no questions asked. Eat in, or take a bag meal with you.",
            "A free sit-down meal in the fellowship hall. Everyone is welcome.",
            "Soup kitchen serving free hot food, with take-home bread and produce when available.",
        ],
        Meals,
        Free,
    ),
    program(
        C::Food,
        12,
        &["101-03", "102-04"],
        &[
            "{anchor} Emergency Food Boxes",
            "{city} Emergency Food Assistance",
        ],
        &[
            "Same-day emergency food boxes for people who have run out of food. Call ahead or walk in.",
        ],
        Office,
        Free,
    ),
    program(
        C::Food,
        14,
        &["102-06-01"],
        &[
            "{anchor} SNAP and WIC Application Help",
            "{city} Food Benefits Enrollment",
        ],
        &[
            "Help applying for SNAP (food stamps) and WIC, including a document checklist and follow-up if your case stalls.",
            "Walk-in help to apply for or renew SNAP food benefits, in person or by phone.",
        ],
        Office,
        Free,
    ),
    reach(
        program(
            C::Food,
            12,
            &["102-03"],
            &["{anchor} Home-Delivered Meals", "{city} Meals on Wheels"],
            &[
                "Free or low-cost meals delivered to the homes of older adults and people who cannot shop or cook.",
                "Hot lunches delivered on weekdays, with frozen meals for the weekend.",
            ],
            Office,
            Free,
        ),
        Reach::PlaceForCounty,
    ),
    // Housing.
    ages(
        capacity(
            program(
                C::Housing,
                24,
                &["103-01"],
                &[
                    "{anchor} Night Shelter",
                    "{city} Emergency Shelter",
                    "{anchor} Rescue Mission",
                ],
                &[
                    "Overnight emergency shelter for adults, with dinner, showers and a locker. People on methadone or buprenorphine are welcome.",
                    "Low-barrier overnight homeless shelter with case managers who help with IDs, benefits and housing applications.",
                ],
                Overnight,
                Free,
            ),
            "Bed",
            30,
            120,
        ),
        Some(18),
        None,
    ),
    capacity(
        program(
            C::Housing,
            8,
            &["103-01", "119-01"],
            &[
                "{anchor} Women's Shelter",
                "{anchor} Family Shelter for Women and Children",
            ],
            &[
                "Overnight and emergency shelter for women and women with children, with on-site case management.",
            ],
            Overnight,
            Free,
        ),
        "Bed",
        20,
        60,
    ),
    capacity(
        program(
            C::Housing,
            14,
            &["103-09"],
            &[
                "{anchor} Transitional Housing Program",
                "{anchor} Bridge Housing",
                "{anchor} Halfway House",
            ],
            &[
                "Up to 24 months of transitional housing with case management for people leaving treatment, jail or homelessness.",
                "Short-term housing for people waiting for a permanent apartment, with weekly check-ins and help with the move.",
            ],
            Office,
            Free,
        ),
        "Bed",
        12,
        40,
    ),
    ages(
        capacity(
            program(
                C::Housing,
                20,
                &["103-09"],
                &[
                    "{anchor} Sober Living House",
                    "{street} Recovery Residence",
                    "{anchor} Recovery House for Women",
                ],
                &[
                    "A peer-run sober living home for people in early recovery. Residents stay substance-free, attend house meetings and pay weekly rent; medication for opioid use disorder is welcome.",
                    "Certified recovery residence (sober house) with a live-in house manager, curfew and weekly house meetings. Close to bus lines and meetings.",
                ],
                Office,
                Rent,
            ),
            "Bed",
            6,
            16,
        ),
        Some(18),
        None,
    ),
    reach(
        program(
            C::Housing,
            18,
            &["103-03"],
            &[
                "{anchor} Rent and Utility Assistance",
                "{city} Eviction Prevention Fund",
            ],
            &[
                "One-time help with back rent, a security deposit or a utility shut-off notice. Bring your lease and any court papers.",
                "Emergency rent help for households with an eviction notice, plus free advice on tenant rights.",
            ],
            Office,
            Free,
        ),
        Reach::PlaceForCounty,
    ),
    program(
        C::Housing,
        16,
        &["103-02"],
        &[
            "{anchor} Housing Navigation",
            "{city} Housing Search Help",
            "{anchor} Veterans Housing Help",
        ],
        &[
            "Housing navigators help you search for apartments, fill out applications and get through landlord screenings.",
            "Drop-in help with affordable housing lists, Section 8 applications and housing vouchers.",
        ],
        Office,
        Free,
    ),
    // Employment.
    ages(
        program(
            C::Employment,
            35,
            &["110-01-01"],
            &[
                "{anchor} Employment Center",
                "Jobs Forward {city}",
                "{anchor} Career Center",
            ],
            &[
                "Job placement with employers who hire people in recovery and people with records. Staff help with resumes, interviews and the first 90 days on the job.",
                "Matches job seekers with local employers in warehousing, food service and construction, with same-week interviews.",
            ],
            Office,
            Free,
        ),
        Some(18),
        None,
    ),
    ages(
        program(
            C::Employment,
            35,
            &["110-03"],
            &[
                "{anchor} Construction Pre-Apprenticeship",
                "{anchor} Culinary Job Training",
                "{anchor} CDL Training Program",
                "{city} Digital Skills Lab",
            ],
            &[
                "A 12-week paid job training program with OSHA-10 certification and placement help.",
                "A 14-week kitchen training program with a certificate in food safety and job placement.",
                "Free classes in computer basics, email, and online job applications.",
            ],
            Office,
            Free,
        ),
        Some(18),
        None,
    ),
    program(
        C::Employment,
        30,
        &["110-01"],
        &[
            "{city} Job Search Help",
            "{anchor} Reentry Employment Services",
            "{anchor} Veterans Employment Program",
        ],
        &[
            "Drop-in job search help: computers, printing, resumes and help replacing an ID or Social Security card.",
            "Job search help for people coming home from jail or prison, including record expungement referrals.",
        ],
        Office,
        Free,
    ),
    // Healthcare.
    program(
        C::Healthcare,
        40,
        &["106-06"],
        &[
            "{anchor} Community Health Center",
            "{city} Family Health Clinic",
            "{anchor} Free Clinic",
        ],
        &[
            "Primary care for adults and children, including checkups, chronic disease care, vaccines and lab tests.",
            "Family medicine, women's health and same-day sick visits. Help with Medicaid enrollment on site.",
        ],
        Clinic,
        Sliding,
    ),
    program(
        C::Healthcare,
        12,
        &["106-06"],
        &[
            "{anchor} HIV and Hepatitis C Testing",
            "{anchor} Harm Reduction Health Services",
        ],
        &[
            "Free rapid testing for HIV and hepatitis C, with same-week treatment. Naloxone (Narcan) and fentanyl test strips available.",
            "Syringe services, wound care, naloxone (Narcan) and testing, with no judgment.",
        ],
        Office,
        Free,
    ),
    program(
        C::Healthcare,
        8,
        &["106-06", "121-01"],
        &["{anchor} Prenatal Care Clinic"],
        &[
            "Prenatal and postpartum care, including for pregnant people who use drugs or take methadone or buprenorphine.",
        ],
        Clinic,
        Sliding,
    ),
    program(
        C::Healthcare,
        20,
        &["106-02"],
        &["{anchor} Dental Clinic", "{city} Community Dental"],
        &[
            "Exams, cleanings, fillings, extractions and dentures. Emergency dental visits most weekday mornings.",
            "Low-cost dental care for adults and children; Medicaid accepted.",
        ],
        Office,
        Sliding,
    ),
    program(
        C::Healthcare,
        8,
        &["106-12"],
        &["{anchor} Eye Clinic"],
        &["Eye exams and low-cost glasses, with free frames for adults on Medicaid."],
        Office,
        Sliding,
    ),
    program(
        C::Healthcare,
        12,
        &["106-05-03"],
        &[
            "{city} Health Insurance Enrollment Help",
            "{anchor} Medicaid Navigators",
        ],
        &[
            "Free help signing up for Medicaid, CHIP or a Marketplace health plan, and keeping your coverage.",
        ],
        Office,
        Free,
    ),
    // Mental health.
    program(
        C::MentalHealth,
        38,
        &["106-07", "106-07-01-01-03"],
        &[
            "{anchor} Counseling Center",
            "{city} Behavioral Health Clinic",
            "{anchor} Community Mental Health Center",
        ],
        &[
            "Individual and group therapy, psychiatric evaluation and medication management for adults.",
            "Outpatient mental health clinic for depression, anxiety, trauma and bipolar disorder. New patients seen within two weeks.",
        ],
        Clinic,
        Sliding,
    ),
    program(
        C::MentalHealth,
        14,
        &["106-09-01"],
        &[
            "{anchor} Walk-In Counseling",
            "{anchor} Family Counseling Services",
        ],
        &[
            "Walk-in counseling with a licensed therapist, no appointment needed. One to three sessions, then a referral if you need more.",
            "Counseling for individuals, couples and families, including grief and trauma.",
        ],
        Office,
        Sliding,
    ),
    capacity(
        program(
            C::MentalHealth,
            10,
            &["106-13", "106-07"],
            &[
                "{anchor} Crisis Stabilization Center",
                "{city} Mobile Crisis Team",
            ],
            &[
                "A 24/7 walk-in crisis center for people in a mental health or substance use crisis, as an alternative to the emergency room.",
                "Crisis counselors who come to you, 24/7, for a mental health or substance use crisis.",
            ],
            Always,
            Free,
        ),
        "Bed",
        8,
        16,
    ),
    program(
        C::MentalHealth,
        14,
        &["106-07", "106-01", "106-01-01-01"],
        &[
            "{anchor} Co-Occurring Disorders Clinic",
            "{anchor} Dual Diagnosis Program",
        ],
        &[
            "Treatment for people with both a mental illness and a substance use disorder, with therapy and psychiatry in one place.",
        ],
        Clinic,
        Treatment,
    ),
    program(
        C::MentalHealth,
        12,
        &["106-07", "113-03"],
        &["{anchor} Veterans Counseling"],
        &["Counseling for veterans and their families, including PTSD groups."],
        Office,
        Free,
    ),
    reach(
        program(
            C::MentalHealth,
            7,
            &["106-13", "106-07", "crisis-line"],
            &[
                "{anchor} Crisis Line ({city} area)",
                "{city} Area Crisis Hotline",
            ],
            &[
                "24/7 call and text line for anyone having a mental health or substance use crisis. Counselors can send a mobile crisis team and connect you to detox or a crisis bed.",
            ],
            Always,
            Free,
        ),
        Reach::PhoneForCounty,
    ),
    reach(
        program(
            C::MentalHealth,
            5,
            &["106-07", "108-09-09", "crisis-line"],
            &["{state} Peer Warm Line"],
            &[
                "A statewide warm line answered by peer specialists in recovery, for when you need to talk before things become a crisis. Not an emergency line: call 988 in a crisis.",
            ],
            Office,
            Free,
        ),
        Reach::PhoneForState,
    ),
    // Substance-use treatment.
    ages(
        capacity(
            program(
                C::SubstanceUseTreatment,
                30,
                &["106-01", "106-01-01-01-02"],
                &[
                    "{city} Recovery Outpatient Program",
                    "{anchor} Intensive Outpatient Program",
                    "{anchor} Addiction Treatment Services",
                ],
                &[
                    "Outpatient and intensive outpatient (IOP) treatment for alcohol and drug addiction: group and individual counseling three to five days a week, with evening groups for people who work.",
                    "Intensive outpatient rehab for alcohol and drug use, nine hours a week for about eight weeks, then step-down groups.",
                ],
                Clinic,
                Treatment,
            ),
            "Slot",
            20,
            60,
        ),
        Some(18),
        None,
    ),
    ages(
        capacity(
            program(
                C::SubstanceUseTreatment,
                14,
                &["106-01", "106-01-02-01"],
                &[
                    "{anchor} Opioid Treatment Program",
                    "{city} Methadone Clinic",
                ],
                &[
                    "Methadone and buprenorphine (Suboxone) treatment with daily dosing, counseling and take-home doses as you progress. Same-day intake most weekdays.",
                    "Methadone maintenance with counseling, hepatitis C testing and naloxone kits. New patients welcome on weekday mornings.",
                ],
                Dosing,
                Treatment,
            ),
            "Slot",
            150,
            500,
        ),
        Some(18),
        None,
    ),
    capacity(
        program(
            C::SubstanceUseTreatment,
            16,
            &["106-01", "106-01-02-01"],
            &["{anchor} Bridge Clinic", "{city} Suboxone Walk-In Clinic"],
            &[
                "Low-barrier buprenorphine (Suboxone) prescribing, often the same day, plus naltrexone (Vivitrol) injections and referrals to counseling.",
                "Walk-in buprenorphine (Suboxone) starts and refills with a peer recovery specialist on site. MAT for opioid addiction.",
            ],
            Clinic,
            Treatment,
        ),
        "Slot",
        40,
        120,
    ),
    ages(
        capacity(
            program(
                C::SubstanceUseTreatment,
                18,
                &["106-01", "106-01-01-02"],
                &[
                    "{anchor} Residential Treatment Center",
                    "{anchor} Recovery Lodge",
                    "{anchor} Rehab Center",
                ],
                &[
                    "Residential rehab for alcohol and drug addiction, usually 28 to 45 days, with medication for opioid use disorder continued or started.",
                    "A 30-bed inpatient rehab program with counseling, life skills and discharge planning to sober housing.",
                ],
                Always,
                Treatment,
            ),
            "Bed",
            16,
            60,
        ),
        Some(18),
        None,
    ),
    ages(
        capacity(
            program(
                C::SubstanceUseTreatment,
                14,
                &["106-01", "106-01-02-02"],
                &[
                    "{anchor} Withdrawal Management Unit",
                    "{city} Medical Detox",
                ],
                &[
                    "Medically monitored detox from alcohol, opioids and benzodiazepines, usually 3 to 7 days, with a plan for what comes next.",
                    "24/7 medical detox with buprenorphine inductions and direct transfers to residential or outpatient care.",
                ],
                Always,
                Treatment,
            ),
            "Bed",
            10,
            32,
        ),
        Some(18),
        None,
    ),
    ages(
        program(
            C::SubstanceUseTreatment,
            8,
            &["106-01", "106-01-01-01"],
            &["{anchor} Teen Recovery Program"],
            &[
                "Outpatient treatment for teens using alcohol, cannabis or other drugs, with family sessions every week.",
            ],
            Office,
            Treatment,
        ),
        Some(13),
        Some(17),
    ),
    // Support groups (besides meetings).
    program(
        C::SupportGroups,
        35,
        &["108-09-09", "132-10"],
        &[
            "{anchor} Peer Recovery Center",
            "{city} Recovery Community Center",
        ],
        &[
            "A recovery community center with peer recovery coaches, all-recovery support groups and a safe place to spend the day. Naloxone training every month.",
            "Drop-in peer support, all-pathways recovery groups, computers and coffee. Run by people in recovery.",
        ],
        DropIn,
        Free,
    ),
    program(
        C::SupportGroups,
        25,
        &["108-09-09"],
        &[
            "{anchor} Family Support Group",
            "{anchor} Parents of Addicted Loved Ones Group",
        ],
        &[
            "A weekly support group for parents, partners and family members of people with a substance use disorder.",
        ],
        Group,
        Free,
    ),
    program(
        C::SupportGroups,
        15,
        &["108-09-09"],
        &[
            "{anchor} Overdose Loss Support Group",
            "{anchor} Grief Support Group",
        ],
        &[
            "A support group for people who have lost someone to overdose. Newcomers welcome any time.",
        ],
        Group,
        Free,
    ),
    program(
        C::SupportGroups,
        25,
        &["108-09-09"],
        &[
            "{city} Medication-Assisted Recovery Support Group",
            "{anchor} Women's Recovery Circle",
        ],
        &[
            "A peer support group for people taking methadone, buprenorphine or naltrexone in recovery.",
            "A recovery support group with childcare during the meeting.",
        ],
        Group,
        Free,
    ),
];

/// A second sentence, by category, so descriptions vary.
pub fn more(category: Category) -> &'static [&'static str] {
    match category {
        C::Food => &[
            "Volunteers can help carry groceries to your car.",
            "Halal and vegetarian options when available.",
            "No one is asked about immigration status.",
        ],
        C::Housing => &[
            "Staff help with IDs, birth certificates and benefits paperwork.",
            "Pets are considered case by case.",
            "People who take methadone or buprenorphine are welcome.",
        ],
        C::Employment => &[
            "Free bus passes for interviews.",
            "Open to people with criminal records.",
            "Evening sessions for people who work days.",
        ],
        C::Healthcare => &[
            "Same-day appointments most weekdays.",
            "Naloxone (Narcan) is free at the front desk.",
            "Lab and pharmacy on site.",
        ],
        C::MentalHealth => &[
            "Telehealth visits available.",
            "Peer specialists on staff.",
            "A case manager can help with housing and benefits.",
        ],
        C::SubstanceUseTreatment => &[
            "Peer recovery specialists on staff.",
            "Naloxone (Narcan) kits given to every patient.",
            "Walk-in assessments Monday to Friday mornings.",
        ],
        C::SupportGroups => &[
            "Coffee and snacks provided.",
            "No sign-up needed; just come.",
            "All pathways to recovery welcome.",
        ],
    }
}

/// Organization name patterns and what the organization does, by category.
pub fn organization_kind(category: Category) -> (&'static [&'static str], &'static str) {
    match category {
        C::Food => (
            &[
                "{anchor} Food Network",
                "{anchor} Hunger Relief Alliance",
                "{anchor} Community Pantries",
                "{anchor} Fellowship Church",
            ],
            "runs food pantries and meal programs",
        ),
        C::Housing => (
            &[
                "{anchor} Shelter Partners",
                "{anchor} Housing Collaborative",
                "{anchor} Recovery Residences",
            ],
            "provides shelter and helps people into housing",
        ),
        C::Employment => (
            &[
                "{anchor} Workforce Partners",
                "{anchor} Career Bridge",
                "{anchor} Jobs Cooperative",
            ],
            "helps people find and keep work",
        ),
        C::Healthcare => (
            &[
                "{anchor} Community Health",
                "{anchor} Family Health Centers",
            ],
            "is a community health center serving patients regardless of ability to pay",
        ),
        C::MentalHealth => (
            &[
                "{anchor} Behavioral Health",
                "{anchor} Counseling Associates",
                "{anchor} Crisis and Peer Services",
            ],
            "provides mental health care",
        ),
        C::SubstanceUseTreatment => (
            &[
                "{anchor} Recovery Services",
                "{anchor} Treatment Centers",
                "{anchor} Addiction Medicine",
            ],
            "provides substance use disorder treatment",
        ),
        C::SupportGroups => (
            &[
                "{anchor} Peer Recovery Alliance",
                "{anchor} Recovery Community Organization",
            ],
            "is a peer-led recovery community organization",
        ),
    }
}

/// Invented place-like words for organizations' names: "Heronbrook", "Junipergate".
const ANCHOR_STARTS: [&str; 28] = [
    "Alder", "Amber", "Aspen", "Birch", "Bramble", "Cedar", "Clover", "Copper", "Elder", "Fern",
    "Glen", "Hazel", "Heron", "Holly", "Juniper", "Kestrel", "Lark", "Linden", "Maple", "Quarry",
    "Raven", "Rowan", "Sorrel", "Sparrow", "Tansy", "Thistle", "Willow", "Wren",
];
const ANCHOR_ENDS: [&str; 14] = [
    "brook", "crest", "dale", "field", "gate", "haven", "hollow", "mere", "moor", "ridge", "stone",
    "vale", "wick", "well",
];

/// One invented word, by number (wrapping around).
pub fn anchor(n: u64) -> String {
    let start = ANCHOR_STARTS[(n % ANCHOR_STARTS.len() as u64) as usize];
    let end = ANCHOR_ENDS[((n / ANCHOR_STARTS.len() as u64) % ANCHOR_ENDS.len() as u64) as usize];
    format!("{start}{end}")
}

/// How many anchors there are.
pub const ANCHORS: u64 = (ANCHOR_STARTS.len() * ANCHOR_ENDS.len()) as u64;

/// Fills a name pattern.
pub fn fill(pattern: &str, anchor: &str, city: &str, street: &str, state: &str) -> String {
    pattern
        .replace("{anchor}", anchor)
        .replace("{city}", city)
        .replace("{street}", street)
        .replace("{state}", state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CategoryMap;

    #[test]
    fn shares_add_up_and_every_category_has_programs() {
        assert_eq!(SHARES.iter().map(|s| s.0).sum::<u32>(), 100);
        for (_, c) in SHARES {
            assert!(PROGRAMS.iter().any(|p| p.category == c), "{c}");
        }
    }

    #[test]
    fn every_program_s_terms_give_its_category() {
        let map = CategoryMap::shipped();
        for p in PROGRAMS {
            let terms = p.terms.iter().map(|code| {
                let name = TERMS.iter().find(|t| t.0 == *code).map_or(*code, |t| t.1);
                (Some("Open Eligibility"), Some(*code), name)
            });
            let cats = map.categorise(terms);
            assert!(cats.contains(&p.category), "{:?} → {cats:?}", p.names);
        }
    }
}
