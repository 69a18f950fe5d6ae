//! The seeded part of the demo caseload: deals accounts from a shuffled deck of (debt type, stage, hold)
//! cards so that every combination appears in the right proportion even in small caseloads, and builds each
//! into a household or a business with its story.

use super::names::{ADVISERS, CARE, HBOP_REASONS, PROFESSIONAL_DEPUTIES, SUNDRY_INVOICES};
use super::people::{self, address, business, business_address, office_address, partner, person, relative};
use super::plan::{AccountPlan, AddrRef, AddressPlan, CasePlan, NotePlan, PartyPlan, PartyRef};
use super::rng::Rng;
use super::showcase;
use super::story::{self, Charging, Env, InvoiceKind, Invoiced, Rated, Told};
use super::writer::Assembler;
use crate::error::Result;
use crate::model::{DebtType, HoldKind, Jurisdiction, PartyKind, Role, Stage};
use std::collections::VecDeque;

use DebtType::{AdultSocialCare as Asc, BusinessRates as Nndr, CouncilTax as Ct, HbOverpayment as Hbop, Sundry as Sun};
use HoldKind::*;
use Stage::*;

/// One card per thousand accounts: (debt type, the stage the account ends at, a hold on it). About 78%
/// council tax, 7% business rates, 7% HB overpayments, 5% sundry and 3% adult social care; holds on about 2%.
#[rustfmt::skip]
const DECK: &[(DebtType, Stage, Option<HoldKind>, u32)] = &[
    (Ct, Billed, None, 270),
    (Ct, Reminder, None, 71), (Ct, Reminder, Some(Dispute), 1), (Ct, Reminder, Some(Complaint), 1),
    (Ct, SecondReminder, None, 35),
    (Ct, FinalNotice, None, 28), (Ct, FinalNotice, Some(BreathingSpace), 1),
    (Ct, Summons, None, 24), (Ct, Summons, Some(BreathingSpace), 1),
    (Ct, LiabilityOrder, None, 33), (Ct, LiabilityOrder, Some(MentalHealthCrisis), 1),
    (Ct, AttachmentOfEarnings, None, 40),
    (Ct, DeductionFromBenefit, None, 34), (Ct, DeductionFromBenefit, Some(VulnerabilityReview), 1),
    (Ct, EnforcementAgent, None, 57), (Ct, EnforcementAgent, Some(BreathingSpace), 1),
    (Ct, ChargingOrder, None, 4),
    (Ct, Insolvency, Some(Dro), 2), (Ct, Insolvency, Some(Bankruptcy), 1), (Ct, Insolvency, Some(Iva), 1),
    (Ct, Committal, None, 3),
    (Ct, Arrangement, None, 67), (Ct, Arrangement, Some(VulnerabilityReview), 1),
    (Ct, WrittenOff, None, 17), (Ct, WrittenOff, Some(Deceased), 2),
    (Ct, Cleared, None, 82),
    (Nndr, Billed, None, 25), (Nndr, Reminder, None, 7), (Nndr, FinalNotice, None, 5), (Nndr, Summons, None, 4),
    (Nndr, LiabilityOrder, None, 5), (Nndr, EnforcementAgent, None, 8), (Nndr, Insolvency, None, 2),
    (Nndr, CountyCourt, None, 1), (Nndr, Arrangement, None, 5), (Nndr, WrittenOff, None, 2), (Nndr, Cleared, None, 6),
    (Hbop, Billed, None, 10), (Hbop, Reminder, None, 8), (Hbop, FinalNotice, None, 6),
    (Hbop, DeductionFromBenefit, None, 16), (Hbop, AttachmentOfEarnings, None, 5), (Hbop, CountyCourt, None, 2),
    (Hbop, Arrangement, None, 11), (Hbop, Arrangement, Some(VulnerabilityReview), 1), (Hbop, WrittenOff, None, 3),
    (Hbop, Cleared, None, 8),
    (Sun, Billed, None, 10), (Sun, Reminder, None, 7), (Sun, Reminder, Some(Complaint), 1), (Sun, FinalNotice, None, 6),
    (Sun, CountyCourt, None, 5), (Sun, EnforcementAgent, None, 2), (Sun, Arrangement, None, 6), (Sun, WrittenOff, None, 3),
    (Sun, Cleared, None, 10),
    (Asc, Billed, None, 8), (Asc, Reminder, None, 4), (Asc, FinalNotice, None, 3), (Asc, CountyCourt, None, 2),
    (Asc, Arrangement, None, 4), (Asc, WrittenOff, None, 1), (Asc, WrittenOff, Some(Deceased), 2), (Asc, Cleared, None, 5),
    (Asc, Cleared, Some(Deceased), 1),
];

type Card = (DebtType, Stage, Option<HoldKind>);

/// Cards dealt from shuffled decks of a thousand.
struct Deck {
    seed: u64,
    decks: u64,
    cards: Vec<Card>,
}

impl Deck {
    fn new(seed: u64) -> Deck {
        Deck { seed, decks: 0, cards: Vec::new() }
    }

    fn deal(&mut self) -> Card {
        if self.cards.is_empty() {
            for &(d, s, h, n) in DECK {
                for _ in 0..n {
                    self.cards.push((d, s, h));
                }
            }
            Rng::stream(self.seed, 0xDEC4, self.decks).shuffle(&mut self.cards);
            self.decks += 1;
        }
        self.cards.pop().expect("a full deck")
    }
}

/// Account references per debt type, rising by small random steps from a seeded start: unique and
/// realistic-looking. The showcase accounts use the numbers from 1, far below these.
struct References {
    next: [u64; 5],
    rng: Rng,
}

impl References {
    fn new(seed: u64) -> References {
        let mut rng = Rng::stream(seed, 0x4EF5, 0);
        let next = [
            10_000_000 + rng.below(30_000_000),
            1_000_000 + rng.below(2_000_000),
            100_000 + rng.below(300_000),
            1_000_000 + rng.below(2_000_000),
            100_000 + rng.below(300_000),
        ];
        References { next, rng }
    }

    fn next(&mut self, debt: DebtType) -> String {
        let (i, step) = match debt {
            Ct => (0, 13),
            Nndr => (1, 9),
            Hbop => (2, 5),
            Sun => (3, 9),
            Asc => (4, 5),
        };
        self.next[i] += 1 + self.rng.below(step);
        let n = self.next[i];
        match debt {
            Ct => format!("CT{n:08}"),
            Nndr => format!("NNDR{n:07}"),
            Hbop => format!("HBOP{n:06}"),
            Sun => format!("SUN{n:07}"),
            Asc => format!("ASC{n:06}"),
        }
    }
}

/// A party already written who acts for many: (party, address, welsh).
#[derive(Clone)]
struct Agency {
    party: PartyRef,
    address: AddrRef,
    welsh: bool,
}

/// A recent debtor who may turn up on another account (a council tax payer with an HB overpayment, say).
struct Recent {
    party: String,
    j: Jurisdiction,
}

pub struct Generator<'e> {
    env: &'e Env<'e>,
    seed: u64,
    deck: Deck,
    refs: References,
    advisers: Vec<Agency>,
    deputies: Vec<Agency>,
    recent: VecDeque<Recent>,
    uprns: u64,
    case_no: u64,
}

const RECENT: usize = 16;

fn agent(j: Jurisdiction) -> &'static str {
    match j {
        Jurisdiction::England => "Marlbury Enforcement Ltd",
        Jurisdiction::Wales => "Gorfodi Henfor Cyf (Henfor Enforcement)",
    }
}

impl<'e> Generator<'e> {
    pub fn new(env: &'e Env<'e>, seed: u64) -> Generator<'e> {
        Generator {
            env,
            seed,
            deck: Deck::new(seed),
            refs: References::new(seed),
            advisers: Vec::new(),
            deputies: Vec::new(),
            recent: VecDeque::new(),
            uprns: 100,
            case_no: 0,
        }
    }

    fn uprn(&mut self) -> Option<u64> {
        self.uprns += 1;
        Some(self.uprns)
    }

    /// Money advice agencies and professional deputies: written first (they act for many), and the
    /// showcase cases.
    pub fn write_fixed(&mut self, w: &mut Assembler) -> Result<usize> {
        let mut rng = Rng::new(0xA6E4C1E5);
        let mut case = CasePlan::default();
        let mut kinds = Vec::new();
        for (list, is_adviser) in [(ADVISERS, true), (PROFESSIONAL_DEPUTIES, false)] {
            for &(name, town, welsh, email) in list {
                let j = if welsh { Jurisdiction::Wales } else { Jurisdiction::England };
                self.uprns += 1;
                let a = case.add_address(office_address(&mut rng, j, town, self.uprns));
                case.parties.push(PartyPlan {
                    kind: Some(PartyKind::Organisation),
                    organisation_name: name.to_string(),
                    company_number: name
                        .ends_with("LLP")
                        .then(|| people::company_number(&mut rng, true))
                        .or_else(|| name.ends_with("Cyf").then(|| people::company_number(&mut rng, false))),
                    address: Some(a),
                    phones: vec![people::phone(&mut rng, j, false)],
                    emails: vec![email.to_string()],
                    ..PartyPlan::default()
                });
                kinds.push((is_adviser, welsh, a));
            }
        }
        let ids = w.write(&case)?;
        for (i, (is_adviser, welsh, a)) in kinds.into_iter().enumerate() {
            let agency = Agency {
                party: PartyRef::Written(ids.parties[i].clone()),
                address: AddrRef::Written {
                    id: ids.addresses[a].clone(),
                    lines: case.addresses[a].lines.clone(),
                    postcode: case.addresses[a].postcode.clone(),
                },
                welsh,
            };
            if is_adviser {
                self.advisers.push(agency);
            } else {
                self.deputies.push(agency);
            }
        }
        let welsh_adviser = self.advisers.iter().find(|a| a.welsh).expect("a Welsh adviser").party.clone();
        let mut n = 0;
        for case in showcase::cases(self.env, &welsh_adviser) {
            let ids = w.write(&case)?;
            n += case.accounts.len();
            for p in ids.parties {
                w.flush(&p)?;
            }
        }
        Ok(n)
    }

    fn agency(&self, rng: &mut Rng, list: &[Agency], j: Jurisdiction) -> Agency {
        let welsh = j == Jurisdiction::Wales;
        let fits: Vec<&Agency> = list.iter().filter(|a| a.welsh == welsh).collect();
        (rng.pick(&fits)).clone()
    }

    /// Writes one more case from the deck; returns how many accounts it added.
    pub fn write_next(&mut self, w: &mut Assembler) -> Result<usize> {
        let (debt, stage, hold) = self.deck.deal();
        let mut rng = Rng::stream(self.seed, 0xCA5E, self.case_no);
        self.case_no += 1;
        let j = if stage == Committal || !rng.chance(200) { Jurisdiction::England } else { Jurisdiction::Wales };
        let reference = self.refs.next(debt);
        let (case, keep) = match debt {
            Ct => self.council_tax(&mut rng, j, stage, hold, reference),
            Nndr => self.business_rates(&mut rng, j, stage, hold, reference),
            _ => self.invoiced(&mut rng, j, debt, stage, hold, reference),
        };
        let ids = w.write(&case)?;
        for (i, id) in ids.parties.iter().enumerate() {
            if keep == Some(i) {
                continue;
            }
            w.flush(id)?;
        }
        if let Some(i) = keep {
            self.recent.push_back(Recent { party: ids.parties[i].clone(), j });
            if self.recent.len() > RECENT {
                let old = self.recent.pop_front().expect("recent");
                w.flush(&old.party)?;
            }
        }
        Ok(case.accounts.len())
    }

    /// Flushes the search keys of the recent debtors and the agencies.
    pub fn finish(&mut self, w: &mut Assembler) -> Result<()> {
        while let Some(r) = self.recent.pop_front() {
            w.flush(&r.party)?;
        }
        w.flush_all()
    }

    fn account(
        &self,
        reference: String,
        debt: DebtType,
        j: Jurisdiction,
        property: Option<AddrRef>,
        told: Told,
    ) -> AccountPlan {
        let mut book = told.book;
        book.finish();
        AccountPlan {
            reference,
            debt_type: debt,
            jurisdiction: j,
            property,
            opened_on: told.opened_on,
            closed_on: told.closed_on,
            parties: Vec::new(),
            liabilities: book.liabilities,
            entries: book.entries,
            stages: book.stages,
            holds: book.holds,
            notes: book
                .notes
                .into_iter()
                .map(|(at, body)| NotePlan { party: PartyRef::Liable, about_account: true, at, body })
                .collect(),
        }
    }

    /// Someone acting for the debtor, now and then: a relative as appointee or attorney, a deputy, or a money
    /// adviser (always, when the story put a Breathing Space on the account).
    #[allow(clippy::too_many_arguments)]
    fn representatives(
        &self,
        rng: &mut Rng,
        case: &mut CasePlan,
        acc: &mut AccountPlan,
        j: Jurisdiction,
        debtor: usize,
        adviser_needed: bool,
        care: bool,
    ) {
        if adviser_needed || (!care && rng.chance(15)) {
            let a = self.agency(rng, &self.advisers, j);
            acc.parties.push((a.party, Role::DebtAdviser, None));
            return;
        }
        let r = rng.below(1000);
        let (appointee, attorney, deputy) = if care { (50, 400, 500) } else { (15, 25, 30) };
        let role = if r < appointee {
            Role::Appointee
        } else if r < attorney {
            Role::Attorney
        } else if r < deputy {
            Role::Deputy
        } else {
            return;
        };
        if role == Role::Deputy && rng.chance(600) {
            let d = self.agency(rng, &self.deputies, j);
            acc.parties[0].2 = Some(d.address.clone());
            acc.parties.push((d.party, Role::Deputy, None));
            return;
        }
        let rel = relative(rng, j, self.env.today, &case.parties[debtor]);
        let home = case.add_address(address(rng, j, None, &showcase::POSTCODES));
        let mut rel = rel;
        rel.address = Some(home);
        let rel = case.add_party(rel);
        if role != Role::Appointee {
            acc.parties[0].2 = Some(AddrRef::New(home));
        }
        acc.parties.push((rel, role, None));
    }

    fn council_tax(
        &mut self,
        rng: &mut Rng,
        j: Jurisdiction,
        stage: Stage,
        hold: Option<HoldKind>,
        reference: String,
    ) -> (CasePlan, Option<usize>) {
        let env = self.env;
        let joint = rng.chance(250);
        let charging_order = stage == ChargingOrder;
        let band = if charging_order {
            2 + rng.below(4) as usize
        } else {
            rng.weighted(&[(0usize, 22), (1, 21), (2, 22), (3, 15), (4, 10), (5, 5), (6, 4), (7, 1)])
        };
        let single = !joint && !charging_order && rng.chance(550);
        let owner = charging_order || rng.chance(550);
        let spec = Rated {
            debt: Ct,
            j,
            charging: Charging::Band { band, single },
            target: stage,
            hold,
            owner,
            person: true,
            agent: agent(j),
        };
        let told = story::rated(env, rng, &spec, &reference);
        let mut case = CasePlan::default();
        let uprn = self.uprn();
        let property = case.add_address(address(rng, j, uprn, &showcase::POSTCODES));
        let deceased = told.book.holds.iter().any(|h| h.kind == Deceased);
        let home = if told.closed_on.is_some() && !deceased && rng.chance(700) {
            let uprn = self.uprn();
            case.add_address(address(rng, j, uprn, &showcase::POSTCODES))
        } else {
            property
        };
        let (mut me, who) = person(rng, j, env.today, 1935, 2004);
        me.address = Some(home);
        let partner_plan = joint.then(|| {
            let mut p = partner(rng, j, env.today, &me, &who);
            p.address = Some(home);
            p
        });
        let adviser = told.adviser_needed;
        let mut acc = self.account(reference, Ct, j, Some(AddrRef::New(property)), told);
        let me_ref = case.add_party(me);
        acc.parties.push((me_ref, Role::Liable, None));
        if let Some(p) = partner_plan {
            let p = case.add_party(p);
            acc.parties.push((p, Role::JointAndSeveral, None));
        }
        self.representatives(rng, &mut case, &mut acc, j, 0, adviser, false);
        case.accounts.push(acc);
        (case, Some(0))
    }

    fn business_rates(
        &mut self,
        rng: &mut Rng,
        j: Jurisdiction,
        stage: Stage,
        hold: Option<HoldKind>,
        reference: String,
    ) -> (CasePlan, Option<usize>) {
        let env = self.env;
        let b = business(rng, j);
        let sole_trader = rng.chance(200);
        let rv = rng.range(b.rv_low as i64, b.rv_high as i64) / 50 * 50;
        let spec = Rated {
            debt: Nndr,
            j,
            charging: Charging::Rates { rv, property: b.property },
            target: stage,
            hold,
            owner: false,
            person: sole_trader,
            agent: agent(j),
        };
        let told = story::rated(env, rng, &spec, &reference);
        let mut case = CasePlan::default();
        let uprn = self.uprn();
        let mut premises = business_address(rng, j, uprn, &showcase::POSTCODES);
        let trading = b
            .party
            .organisation_name
            .trim_end_matches(" Ltd")
            .trim_end_matches(" Limited")
            .trim_end_matches(" LLP")
            .trim_end_matches(" Cyf")
            .to_string();
        premises.lines.insert(0, trading);
        premises.lines.truncate(5);
        let premises = case.add_address(premises);
        let party = if sole_trader {
            let (mut p, _) = person(rng, j, env.today, 1950, 2000);
            p.address = Some(premises);
            p
        } else {
            let mut p = b.party;
            p.address = Some(if rng.chance(300) {
                let uprn = self.uprn();
                case.add_address(business_address(rng, j, uprn, &showcase::POSTCODES))
            } else {
                premises
            });
            p
        };
        let adviser = told.adviser_needed;
        let mut acc = self.account(reference, Nndr, j, Some(AddrRef::New(premises)), told);
        let p = case.add_party(party);
        acc.parties.push((p, Role::Liable, None));
        if adviser {
            let a = self.agency(rng, &self.advisers, j);
            acc.parties.push((a.party, Role::DebtAdviser, None));
        }
        case.accounts.push(acc);
        (case, None)
    }

    #[allow(clippy::too_many_arguments)]
    fn invoiced(
        &mut self,
        rng: &mut Rng,
        j: Jurisdiction,
        debt: DebtType,
        stage: Stage,
        hold: Option<HoldKind>,
        reference: String,
    ) -> (CasePlan, Option<usize>) {
        let env = self.env;
        let welsh = j == Jurisdiction::Wales;
        let (kind, business_like) = match debt {
            Hbop => (InvoiceKind::Overpayment { reason: rng.pick(HBOP_REASONS) }, false),
            Sun => {
                let (what, low, high, biz) = rng.pick(SUNDRY_INVOICES);
                (InvoiceKind::Sundry { what, low, high }, biz && rng.chance(800))
            }
            _ => {
                let options: Vec<_> = CARE.iter().filter(|c| c.2 == welsh).collect();
                let &(service, residential, _) = rng.pick(&options);
                (InvoiceKind::Care { service, residential }, false)
            }
        };
        let spec = Invoiced { debt, kind: kind.clone(), target: stage, hold };
        let told = story::invoiced(env, rng, &spec, &reference);
        let adviser = told.adviser_needed;
        let mut case = CasePlan::default();
        let mut acc = self.account(reference, debt, j, None, told);
        // An HB overpayment is often owed by someone already paying council tax here.
        if debt == Hbop && rng.chance(250) {
            if let Some(r) = self.recent.iter().rev().find(|r| r.j == j) {
                acc.parties.push((PartyRef::Written(r.party.clone()), Role::Liable, None));
                if adviser {
                    let a = self.agency(rng, &self.advisers, j);
                    acc.parties.push((a.party, Role::DebtAdviser, None));
                }
                case.accounts.push(acc);
                return (case, None);
            }
        }
        let debtor = if business_like {
            let mut b = business(rng, j).party;
            let uprn = self.uprn();
            b.address = Some(case.add_address(business_address(rng, j, uprn, &showcase::POSTCODES)));
            b
        } else {
            let (oldest, youngest) = if debt == Asc { (1935, 1958) } else { (1940, 2004) };
            let (mut p, _) = person(rng, j, env.today, oldest, youngest);
            let home = match &kind {
                InvoiceKind::Care { service, residential: true } => {
                    case.add_address(care_home(rng, j, service, self.seed))
                }
                _ => {
                    let uprn = self.uprn();
                    case.add_address(address(rng, j, uprn, &showcase::POSTCODES))
                }
            };
            if debt == Asc && rng.chance(500) {
                p.phones.clear();
                p.emails.clear();
            }
            p.address = Some(home);
            p
        };
        let is_person = debtor.kind == Some(PartyKind::Person);
        let d = case.add_party(debtor);
        acc.parties.push((d, Role::Liable, None));
        if is_person {
            self.representatives(rng, &mut case, &mut acc, j, 0, adviser, debt == Asc);
        } else if adviser {
            let a = self.agency(rng, &self.advisers, j);
            acc.parties.push((a.party, Role::DebtAdviser, None));
        }
        case.accounts.push(acc);
        let keep = (debt == Hbop && is_person).then_some(0);
        (case, keep)
    }
}

/// A room in a care home: the home's street address and postcode are fixed by its name (and the seed).
fn care_home(rng: &mut Rng, j: Jurisdiction, name: &str, seed: u64) -> AddressPlan {
    let key = name.bytes().fold(seed, |h, b| super::rng::mix(h ^ b as u64));
    let mut fixed = Rng::new(key);
    let mut a = address(&mut fixed, j, None, &showcase::POSTCODES);
    a.lines.retain(|l| !l.starts_with("Flat "));
    a.lines.insert(0, format!("Room {}, {name}", rng.range(1, 48)));
    a.lines.truncate(5);
    a
}
