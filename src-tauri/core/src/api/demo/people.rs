//! Fictional people, businesses, addresses and contact details in valid formats that cannot reach anyone:
//! postcodes in areas that do not exist (AD, CY), phone numbers from Ofcom's ranges for drama, email at
//! example.com and example.org, NI numbers in the valid format, company numbers from a range Companies House
//! has not reached, and 12-digit UPRNs.

use super::names::*;
use super::plan::{AddressPlan, PartyPlan};
use super::rng::Rng;
use crate::model::{Jurisdiction, PartyKind};
use chrono::{Datelike, NaiveDate};

/// Letters used in the inward part of a postcode (never C, I, K, M, O or V).
const INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
/// First letter of an NI number prefix: not D, F, I, Q, U or V.
const NI_FIRST: &[u8] = b"ABCEGHJKLMNOPRSTWXYZ";
/// Second letter of an NI number prefix: not D, F, I, O, Q, U or V.
const NI_SECOND: &[u8] = b"ABCEGHJKLMNPRSTWXYZ";
/// Prefixes that are never allocated.
const NI_NEVER: &[&str] = &["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"];

/// Postcodes, phone numbers and UPRNs below these are kept for the hand-written showcase cases, so that a
/// search for one finds that case alone.
pub const SHOWCASE_PHONE_SUFFIX_BELOW: u64 = 100;

/// `AD1 4QT`.
pub fn postcode(rng: &mut Rng, district: &str) -> String {
    let digit = rng.below(10);
    let a = INWARD_LETTERS[rng.below(INWARD_LETTERS.len() as u64) as usize] as char;
    let b = INWARD_LETTERS[rng.below(INWARD_LETTERS.len() as u64) as usize] as char;
    format!("{district} {digit}{a}{b}")
}

/// Is this a postcode in the demo's format: an AD or CY district, a space, a digit and two inward letters?
#[cfg(test)]
pub fn is_demo_postcode(pc: &str) -> bool {
    let Some((out, inward)) = pc.split_once(' ') else { return false };
    let area_ok = (out.starts_with("AD") || out.starts_with("CY"))
        && out.len() >= 3
        && out.len() <= 4
        && out[2..].bytes().all(|b| b.is_ascii_digit());
    let ib = inward.as_bytes();
    area_ok
        && ib.len() == 3
        && ib[0].is_ascii_digit()
        && INWARD_LETTERS.contains(&ib[1])
        && INWARD_LETTERS.contains(&ib[2])
}

/// A mobile (07700 900100–900999) or a landline: 01632 960100–960999 or 0113 496 0100–0999 in England,
/// 029 2018 0100–0999 in Wales. The numbers ending 000–099 are kept for the showcase cases.
pub fn phone(rng: &mut Rng, j: Jurisdiction, mobile: bool) -> String {
    let n = SHOWCASE_PHONE_SUFFIX_BELOW + rng.below(1000 - SHOWCASE_PHONE_SUFFIX_BELOW);
    if mobile {
        return format!("07700 900{n:03}");
    }
    match j {
        Jurisdiction::Wales => format!("029 2018 0{n:03}"),
        Jurisdiction::England if rng.chance(700) => format!("01632 960{n:03}"),
        Jurisdiction::England => format!("0113 496 0{n:03}"),
    }
}

/// Is this one of Ofcom's drama numbers?
#[cfg(test)]
pub fn is_drama_number(p: &str) -> bool {
    let d: String = p.chars().filter(char::is_ascii_digit).collect();
    d.len() == 11
        && (d.starts_with("07700900")
            || d.starts_with("01632960")
            || d.starts_with("01134960")
            || d.starts_with("02920180"))
}

/// `AB123456C`: a valid-format National Insurance number.
pub fn ni_number(rng: &mut Rng) -> String {
    loop {
        let a = NI_FIRST[rng.below(NI_FIRST.len() as u64) as usize] as char;
        let b = NI_SECOND[rng.below(NI_SECOND.len() as u64) as usize] as char;
        let prefix = format!("{a}{b}");
        if NI_NEVER.contains(&prefix.as_str()) {
            continue;
        }
        let digits = rng.below(1_000_000);
        let suffix = (b'A' + rng.below(4) as u8) as char;
        return format!("{prefix}{digits:06}{suffix}");
    }
}

/// Is `ni` a valid-format NI number?
#[cfg(test)]
pub fn is_valid_ni(ni: &str) -> bool {
    let b = ni.as_bytes();
    b.len() == 9
        && NI_FIRST.contains(&b[0])
        && NI_SECOND.contains(&b[1])
        && !NI_NEVER.contains(&&ni[..2])
        && b[2..8].iter().all(u8::is_ascii_digit)
        && (b'A'..=b'D').contains(&b[8])
}

/// An England and Wales company number from the 98xxxxxx block (Companies House is near 16 million in
/// 2025, so these are decades from being issued); LLPs get `OC98xxxx`.
pub fn company_number(rng: &mut Rng, llp: bool) -> String {
    if llp {
        format!("OC98{:04}", rng.below(10_000))
    } else {
        format!("98{:06}", rng.below(1_000_000))
    }
}

/// A 12-digit UPRN from the 99 block: `n` → a unique number, spread by a multiplier coprime with 10^10.
pub fn uprn(n: u64) -> String {
    format!("99{:010}", (n.wrapping_mul(7_919) + 13) % 10_000_000_000)
}

/// Lower-case ASCII for email addresses: "Siân" → "sian", "O'Brien" → "obrien".
pub fn ascii_fold(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            let c = match c {
                'â' | 'á' | 'à' | 'ä' | 'Â' => 'a',
                'ê' | 'é' | 'è' | 'ë' | 'Ê' => 'e',
                'î' | 'í' | 'ï' | 'Î' => 'i',
                'ô' | 'ó' | 'ö' | 'Ô' => 'o',
                'û' | 'ú' | 'ü' | 'Û' => 'u',
                'ŵ' | 'Ŵ' => 'w',
                'ŷ' | 'ÿ' | 'Ŷ' => 'y',
                'ś' => 's',
                'ł' => 'l',
                c => c,
            };
            c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase())
        })
        .collect()
}

pub fn email(rng: &mut Rng, forename: &str, surname: &str) -> String {
    let f = ascii_fold(forename.split(' ').next().unwrap_or(forename));
    let s = ascii_fold(surname);
    let domain = if rng.chance(600) { "example.com" } else { "example.org" };
    match rng.below(4) {
        0 => format!("{f}.{s}@{domain}"),
        1 => format!("{f}{s}{}@{domain}", rng.range(1, 99)),
        2 => format!("{}{s}@{domain}", &f[..1.min(f.len())]),
        _ => format!("{s}.{f}{}@{domain}", rng.range(60, 99)),
    }
}

fn town(rng: &mut Rng, j: Jurisdiction) -> Town {
    match j {
        Jurisdiction::England => rng.weighted(ENGLISH_TOWNS),
        Jurisdiction::Wales => rng.weighted(WELSH_TOWNS),
    }
}

fn house_number(rng: &mut Rng) -> u64 {
    let a = rng.range(1, 180);
    let b = rng.range(1, 180);
    a.min(b) as u64
}

/// A home or business address in the area: number and street, sometimes a flat or a house name, sometimes a
/// locality, then town and county, and a postcode. `avoid` lists postcodes kept for the showcase cases.
pub fn address(rng: &mut Rng, j: Jurisdiction, uprn_n: Option<u64>, avoid: &[&str]) -> AddressPlan {
    let t = town(rng, j);
    let streets = match j {
        Jurisdiction::England => ENGLISH_STREETS,
        Jurisdiction::Wales => WELSH_STREETS,
    };
    let street = rng.pick_common(streets);
    let mut lines = Vec::with_capacity(5);
    let style = rng.below(100);
    if style < 12 {
        let blocks = match j {
            Jurisdiction::England => ENGLISH_BLOCKS,
            Jurisdiction::Wales => WELSH_BLOCKS,
        };
        lines.push(format!("Flat {}, {}", rng.range(1, 24), rng.pick(blocks)));
        lines.push(format!("{} {street}", house_number(rng)));
    } else if style < 17 {
        let names: &[&str] = match j {
            Jurisdiction::England => &["Rose Cottage", "The Old Bakery", "Hillcrest", "Orchard House", "Meadow Barn"],
            Jurisdiction::Wales => &["Bryn Awel", "Tŷ Newydd", "Hafan", "Glasfryn", "Cartref"],
        };
        lines.push(rng.pick(names).to_string());
        lines.push(street.to_string());
    } else {
        lines.push(format!("{} {street}", house_number(rng)));
    }
    if !t.localities.is_empty() && rng.chance(300) {
        lines.push(rng.pick(t.localities).to_string());
    }
    lines.push(t.name.to_string());
    // Revenues systems often carry the county; Royal Mail does not need it. About one address in five has it.
    if rng.chance(200) {
        lines.push(match j {
            Jurisdiction::England => ENGLISH_COUNTY.to_string(),
            Jurisdiction::Wales => WELSH_COUNTY.to_string(),
        });
    }
    let district = rng.pick(t.districts);
    let mut pc = postcode(rng, district);
    while avoid.contains(&pc.as_str()) {
        pc = postcode(rng, district);
    }
    AddressPlan { uprn: uprn_n.map(uprn), lines, postcode: pc }
}

/// Where a business trades or has its office: a unit on an estate or a street number, never a flat or a
/// house name.
pub fn business_address(rng: &mut Rng, j: Jurisdiction, uprn_n: Option<u64>, avoid: &[&str]) -> AddressPlan {
    let t = town(rng, j);
    let (streets, estates, county) = match j {
        Jurisdiction::England => (ENGLISH_STREETS, ENGLISH_ESTATES, ENGLISH_COUNTY),
        Jurisdiction::Wales => (WELSH_STREETS, WELSH_ESTATES, WELSH_COUNTY),
    };
    let mut lines = Vec::with_capacity(4);
    if rng.chance(250) {
        lines.push(format!("Unit {}, {}", rng.range(1, 40), rng.pick(estates)));
    } else {
        lines.push(format!("{} {}", house_number(rng), rng.pick_common(streets)));
    }
    lines.push(t.name.to_string());
    if rng.chance(200) {
        lines.push(county.to_string());
    }
    let district = rng.pick(t.districts);
    let mut pc = postcode(rng, district);
    while avoid.contains(&pc.as_str()) {
        pc = postcode(rng, district);
    }
    AddressPlan { uprn: uprn_n.map(uprn), lines, postcode: pc }
}

/// An office address for a business in `town_name`.
pub fn office_address(rng: &mut Rng, j: Jurisdiction, town_name: &str, uprn_n: u64) -> AddressPlan {
    let mut a = business_address(rng, j, Some(uprn_n), &[]);
    let towns = match j {
        Jurisdiction::England => ENGLISH_TOWNS,
        Jurisdiction::Wales => WELSH_TOWNS,
    };
    if let Some((t, _)) = towns.iter().find(|(t, _)| t.name == town_name) {
        let at = a.lines.iter().position(|l| towns.iter().any(|(x, _)| x.name == l)).unwrap_or(a.lines.len() - 1);
        a.lines[at] = t.name.to_string();
        let district = t.districts[0];
        a.postcode = postcode(rng, district);
    }
    a
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sex {
    Female,
    Male,
}

/// A person's name, sex and date of birth; titles follow sex and age.
pub struct NewPerson {
    pub sex: Sex,
    pub born: NaiveDate,
    pub heritage: usize,
}

/// Which family of names: 0 English, 1 Welsh, 2.. the other heritages.
fn heritage(rng: &mut Rng, j: Jurisdiction) -> usize {
    let r = rng.below(100);
    match j {
        Jurisdiction::England => match r {
            0..=81 => 0,
            82..=83 => 1,
            _ => 2 + rng.weighted(&[(0, 4), (1, 5), (2, 3), (3, 3)]),
        },
        Jurisdiction::Wales => match r {
            0..=59 => 1,
            60..=94 => 0,
            _ => 2 + rng.weighted(&[(0, 4), (1, 5), (2, 3), (3, 3)]),
        },
    }
}

fn forename(rng: &mut Rng, heritage: usize, sex: Sex, born: i32) -> &'static str {
    let generation = if born < 1960 {
        0
    } else if born < 1985 {
        1
    } else {
        2
    };
    match heritage {
        0 => match sex {
            Sex::Female => rng.pick(ENGLISH_FEMALE[generation]),
            Sex::Male => rng.pick(ENGLISH_MALE[generation]),
        },
        1 => match sex {
            Sex::Female => rng.pick(WELSH_FEMALE),
            Sex::Male => rng.pick(WELSH_MALE),
        },
        h => match sex {
            Sex::Female => rng.pick(OTHER_HERITAGES[h - 2].0),
            Sex::Male => rng.pick(OTHER_HERITAGES[h - 2].1),
        },
    }
}

fn surname(rng: &mut Rng, heritage: usize) -> String {
    let list = match heritage {
        0 => ENGLISH_SURNAMES,
        1 => WELSH_SURNAMES,
        h => OTHER_HERITAGES[h - 2].2,
    };
    let s = rng.pick_common(list);
    if heritage == 0 && rng.chance(12) {
        let t = rng.pick_common(ENGLISH_SURNAMES);
        if t != s {
            return format!("{s}-{t}");
        }
    }
    s.to_string()
}

/// A date of birth between 1935 and 2005, at least 18 years before `today`; working ages most common.
fn born(rng: &mut Rng, today: NaiveDate, oldest: i32, youngest: i32) -> NaiveDate {
    let youngest = youngest.min(2005).min(today.year() - 18).max(oldest);
    let y = {
        let a = rng.range(oldest as i64, youngest as i64);
        let b = rng.range(oldest as i64, youngest as i64);
        ((a + b) / 2) as i32
    };
    let day = rng.range(0, 364) as u64;
    NaiveDate::from_ymd_opt(y, 1, 1).unwrap() + chrono::Days::new(day)
}

fn title(rng: &mut Rng, sex: Sex, born: NaiveDate, married: bool) -> &'static str {
    if rng.chance(15) {
        return "Dr";
    }
    if rng.chance(5) {
        return "Mx";
    }
    match sex {
        Sex::Male => "Mr",
        Sex::Female if married => {
            if rng.chance(750) {
                "Mrs"
            } else {
                "Ms"
            }
        }
        Sex::Female if born.year() < 1960 => rng.pick(&["Mrs", "Mrs", "Miss", "Ms"]),
        Sex::Female => rng.pick(&["Ms", "Miss", "Mrs"]),
    }
}

/// Contact details: most people have a phone, many an email.
fn contacts(rng: &mut Rng, j: Jurisdiction, p: &mut PartyPlan) {
    if rng.chance(780) {
        let mobile = rng.chance(820);
        p.phones.push(phone(rng, j, mobile));
        if rng.chance(60) {
            p.phones.push(phone(rng, j, !mobile));
        }
    }
    if rng.chance(420) {
        p.emails.push(email(rng, &p.forenames, &p.surname));
    }
}

/// A person living in `j`, born between `oldest` and `youngest`.
pub fn person(rng: &mut Rng, j: Jurisdiction, today: NaiveDate, oldest: i32, youngest: i32) -> (PartyPlan, NewPerson) {
    let h = heritage(rng, j);
    let sex = if rng.chance(520) { Sex::Female } else { Sex::Male };
    let b = born(rng, today, oldest, youngest);
    let mut forenames = forename(rng, h, sex, b.year()).to_string();
    if rng.chance(350) {
        let middle = forename(rng, h, sex, b.year());
        if middle != forenames {
            forenames = format!("{forenames} {middle}");
        }
    }
    let married = rng.chance(450);
    let mut p = PartyPlan {
        kind: Some(PartyKind::Person),
        title: title(rng, sex, b, married).to_string(),
        forenames,
        surname: surname(rng, h),
        date_of_birth: Some(b),
        ni_number: rng.chance(650).then(|| ni_number(rng)),
        ..PartyPlan::default()
    };
    contacts(rng, j, &mut p);
    (p, NewPerson { sex, born: b, heritage: h })
}

/// A partner sharing the home: often the same surname, of the other sex mostly, a similar age.
pub fn partner(rng: &mut Rng, j: Jurisdiction, today: NaiveDate, of: &PartyPlan, who: &NewPerson) -> PartyPlan {
    let sex = if rng.chance(950) {
        match who.sex {
            Sex::Female => Sex::Male,
            Sex::Male => Sex::Female,
        }
    } else {
        who.sex
    };
    let y = (who.born.year() + rng.range(-6, 6) as i32).clamp(1935, (today.year() - 18).clamp(1935, 2005));
    let b = NaiveDate::from_ymd_opt(y, 1, 1).unwrap() + chrono::Days::new(rng.range(0, 364) as u64);
    let h = if rng.chance(850) { who.heritage } else { heritage(rng, j) };
    let same_name = rng.chance(600);
    let mut p = PartyPlan {
        kind: Some(PartyKind::Person),
        title: title(rng, sex, b, same_name).to_string(),
        forenames: forename(rng, h, sex, b.year()).to_string(),
        surname: if same_name { of.surname.clone() } else { surname(rng, h) },
        date_of_birth: Some(b),
        ni_number: rng.chance(600).then(|| ni_number(rng)),
        ..PartyPlan::default()
    };
    contacts(rng, j, &mut p);
    p
}

/// A grown-up son or daughter (or other relative) who acts for someone: appointee, attorney or lay deputy.
pub fn relative(rng: &mut Rng, j: Jurisdiction, today: NaiveDate, of: &PartyPlan) -> PartyPlan {
    let their_year = of.date_of_birth.map(|d| d.year()).unwrap_or(1950);
    let (mut p, _) = person(rng, j, today, (their_year + 20).min(1990), (their_year + 38).min(2000));
    if rng.chance(650) {
        p.surname = of.surname.clone();
    }
    if p.phones.is_empty() {
        p.phones.push(phone(rng, j, true));
    }
    p
}

/// A business that pays rates: its name (with "Ltd", "Limited", "LLP" or Welsh "Cyf"), company number, and
/// what its property is and is worth.
pub struct Business {
    pub party: PartyPlan,
    pub property: &'static str,
    pub rv_low: u32,
    pub rv_high: u32,
}

pub fn business(rng: &mut Rng, j: Jurisdiction) -> Business {
    let (kind, property, lo, hi) = rng.pick(BUSINESSES);
    let first = if j == Jurisdiction::Wales && rng.chance(450) {
        rng.pick(WELSH_BUSINESS_WORDS).to_string()
    } else if rng.chance(250) {
        let s = rng.pick_common(if j == Jurisdiction::Wales { WELSH_SURNAMES } else { ENGLISH_SURNAMES });
        if rng.chance(500) {
            format!("{s} & Sons")
        } else {
            format!("{s}'s")
        }
    } else {
        rng.pick(BUSINESS_WORDS).to_string()
    };
    let llp = matches!(kind, "Accountants" | "Dental Practice") && rng.chance(500);
    let suffix = if llp {
        "LLP"
    } else if j == Jurisdiction::Wales && rng.chance(300) {
        "Cyf"
    } else {
        rng.weighted(&[("Ltd", 70), ("Limited", 15), ("", 15)])
    };
    let name = if suffix.is_empty() { format!("{first} {kind}") } else { format!("{first} {kind} {suffix}") };
    let mut party = PartyPlan {
        kind: Some(PartyKind::Organisation),
        company_number: (!suffix.is_empty()).then(|| company_number(rng, llp)),
        ..PartyPlan::default()
    };
    if rng.chance(900) {
        let mobile = rng.chance(250);
        party.phones.push(phone(rng, j, mobile));
    }
    if rng.chance(650) {
        let slug: String = ascii_fold(&first).chars().take(14).collect();
        let who = if rng.chance(500) { "accounts" } else { "info" };
        let domain = if rng.chance(500) { "example.com" } else { "example.org" };
        party.emails.push(format!("{who}.{slug}@{domain}"));
    }
    party.organisation_name = name;
    Business { party, property, rv_low: lo, rv_high: hi }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_identifiers_are_in_their_valid_formats() {
        let mut r = Rng::new(3);
        for _ in 0..2000 {
            assert!(is_valid_ni(&ni_number(&mut r)));
            let pc = postcode(&mut r, "AD4");
            assert!(is_demo_postcode(&pc), "{pc}");
            for j in [Jurisdiction::England, Jurisdiction::Wales] {
                for m in [true, false] {
                    let p = phone(&mut r, j, m);
                    assert!(is_drama_number(&p), "{p}");
                }
            }
        }
        assert_eq!(uprn(0).len(), 12);
        assert_ne!(uprn(1), uprn(2));
        assert_eq!(ascii_fold("Siân O'Brien-Llŷr"), "sianobrienllyr");
    }
}
