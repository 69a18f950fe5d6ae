//! The demo caseload: a deterministic generator of realistic fictional English and Welsh cases, for trying
//! the app, for the README and for tests. The same seed and the same `ctx` (who, `now`, `today`) give the
//! same names, references, amounts, dates and even ids; every date is on or before `ctx.today` and moves with
//! it, so the default caseload (made with today's date) always looks current.
//!
//! # Showcase cases
//!
//! The first seven accounts are written by hand and are the same whatever the seed (only their dates move
//! with `today`). Tests, the README and the end-to-end tests may rely on them:
//!
//! | reference | who | what it shows |
//! | --- | --- | --- |
//! | `CT00000001` | Mrs Margaret Ann Thornton, 14 Church Lane, Ashdown AD1 4QT, 07700 900001, margaret.thornton@example.com, NI JT482913C | Council tax, England, band C with single person discount, 12 instalments by Direct Debit over two years (last year and this). Every instalment paid except the latest one due at least 14 days ago, so the current stage is **reminder** |
//! | `CT00000002` | Mr David Okafor (liable) and Mrs Priya Okafor (joint and several), 7 Kingfisher Way, Kingsmere AD4 7HX, 07700 900002 / 07700 900003 | Council tax, England, band D. Last year: April and May paid, then a reminder (June), summons (July, £60.00 costs), **liability order** (August, £50.00 costs) and an **attachment of earnings** order (September) on Kingsmere Foods Ltd paying £85.00 a month since October. This year paid by Direct Debit. Current stage: attachment of earnings |
//! | `CT00000003` | Ms Siân Pritchard, Flat 2, Tŷ Afon, Heol y Bont, Aberhenfor CY1 3NW, 029 2018 0001 | Council tax, **Wales**, band B with single person discount. Missed instalment about 75–106 days ago, reminder, final notice (current stage), then a standard **Breathing Space** that started 12 days after the final notice and is in force today (60 days). Her debt adviser, Cyngor Arian Henfor (Henfor Money Advice), is on the account |
//! | `NNDR0000001` | Harbour Lights Café Ltd (company number 98000417), Harbour Street, Kingsmere AD5 2QA, 01632 960001 | Business rates, rateable value £18,250 at the small business multiplier. Last year: further notice, reminder, summons and liability order (£110.00 costs), then the **enforcement agent**, who sent two part payments (£1,500 and £1,200). This year paid by Direct Debit |
//! | `HBOP000001` | Mr Daniel Whitfield, 22 Mill Lane, Hollowbridge AD6 1LP, 07700 900004 | Housing Benefit overpayment of £1,284.60 (change in earnings not reported) invoiced about 210 days ago; reminder, final notice, then **deduction from benefit** (Universal Credit) at £25.20 a month |
//! | `SUN0000001` | Mr Rhys Llewellyn, Bryn Awel, Heol y Felin, Llanwydion CY4 2DJ, 07700 900005 | Sundry debt (Wales): works in default, £1,742.50, invoiced about 150 days ago; reminder, final notice, letter of claim, **county court** claim with a £115.00 fee |
//! | `ASC000001` | Mrs Dorothy May Pembridge, The Beeches Care Home, Marlbury AD7 3RS; her son Mr Simon Pembridge (**attorney**), 9 Orchard Close, Fenwick Cross AD8 5TU, 07700 900006 | Adult social care: four-weekly residential care invoices of £1,126.40; two unpaid; reminder, final notice (deferred payment agreement offered), then an **arrangement** of £300.00 a month agreed with the attorney. Letters go to the attorney's address |
//!
//! # The rest
//!
//! Accounts are dealt from shuffled decks of a thousand cards (debt type, final stage, hold), so even 2,000
//! accounts hold every debt type (about 78% council tax, 7% business rates, 7% HB overpayments, 5% sundry,
//! 3% adult social care), every recovery stage and a percent or two of holds. About 20% are Welsh (Welsh
//! names, places and postcodes), a quarter of council tax accounts have two liable people, a few percent have
//! a representative. Each account's ledger and stage history are told together (`demo/story.rs`), so
//! balances agree with the stages: cleared accounts sum to zero, written-off ones carry a write-off entry.
//!
//! Contact details cannot reach anyone: postcodes are in areas that do not exist (AD, CY), phone numbers come
//! from Ofcom's drama ranges, email addresses are at example.com and example.org, company numbers from a
//! block Companies House has not reached. Ids are UUIDv7s made from `ctx.now` and a counter, so two devices
//! that generate the same demo get the same ids: demo data is for one device, not for sharing.
//!
//! # How it is built
//!
//! | file | does |
//! | --- | --- |
//! | `demo/generate.rs` | the deck of cards, account references, households and businesses, representatives |
//! | `demo/story.rs` | one account's life: bills, statutory instalments (from `rules::instalments`), payments, recovery dates, costs, remedies, holds, notes |
//! | `demo/showcase.rs` | the seven hand-written accounts above |
//! | `demo/people.rs`, `demo/names.rs` | fictional names, addresses, phones, emails, NI and company numbers |
//! | `demo/writer.rs` | ids, rows and search keys (planning thread); inserts (the transaction's thread) |
//! | `demo/rng.rs` | SplitMix64, our own, so a seed means the same caseload on every version |
//!
//! Everything is written in one transaction (`Db::write`): planning runs on a second thread and hands rows
//! to this one, which only inserts; the secondary indexes of the tables it fills are dropped first and built
//! once at the end (the schema comes back byte for byte); search keys are computed in memory and inserted
//! last, in key order. The default 2,000 accounts take under a second in a release build. 450,000 accounts
//! (546,000 parties, 5.6 million ledger entries, 7.5 million search keys, a 5.2 GB database) took 202–261 s
//! on the 2-core development machine shared with other builds: the inserts are the bottleneck (foreign-key
//! checks and 36-character text ids cost most), then the index build and the WAL checkpoint at commit
//! (`tests/it/demo.rs`, `large_demo_caseload_is_timed`).

mod generate;
mod names;
mod people;
mod plan;
mod rng;
mod showcase;
mod story;
mod writer;

use crate::access::Permission;
use crate::db::parties::Stamp;
use crate::db::{accounts, audit, Ctx, Db};
use crate::error::{Error, Result};
use crate::rules::calendar::Calendar;
use serde::Serialize;

pub use showcase::REFERENCES as SHOWCASE_REFERENCES;

#[derive(Clone, Debug)]
pub struct DemoOptions {
    /// How many accounts, the seven showcase accounts included.
    pub accounts: usize,
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions { accounts: 2_000, seed: 1 }
    }
}

/// The tables the demo fills.
const DEMO_TABLES: &[&str] = &[
    "addresses",
    "parties",
    "party_contacts",
    "accounts",
    "account_parties",
    "liabilities",
    "ledger_entries",
    "recovery_stages",
    "holds",
    "notes",
    "local_search_keys",
];

/// The most accounts one run may write (twice the largest council in the product's scale section).
pub const MAX_DEMO_ACCOUNTS: usize = 1_000_000;

#[derive(Clone, Debug, Serialize)]
pub struct DemoReport {
    pub accounts: usize,
    pub parties: usize,
    pub ledger_entries: usize,
    pub seed: u64,
    pub addresses: usize,
    pub contacts: usize,
    pub liabilities: usize,
    pub stage_rows: usize,
    pub holds: usize,
    pub notes: usize,
    pub search_keys: usize,
    /// Bills with their instalments stored (every year with a charge).
    pub instalment_schedules: usize,
    pub instalments: usize,
    /// The hand-written accounts every demo starts with.
    pub showcase: Vec<String>,
}

/// The demo's team: a team leader who allocates the worklist and two officers (usernames as on the CLI's
/// `--user`). Fixed ids, so the same seed gives the same database.
pub const DEMO_USERS: [(&str, &str, &str, &str); 3] = [
    ("01900000-0000-7000-8000-000000000001", "team.leader", "Priya Shah", "team_leader"),
    ("01900000-0000-7000-8000-000000000002", "a.officer", "Alex Morgan", "officer"),
    ("01900000-0000-7000-8000-000000000003", "b.officer", "Bethan Rees", "officer"),
];

/// Fills an empty database with the demo caseload, in one transaction. Refuses (`Conflict`) a database that
/// already holds accounts.
pub fn generate_demo(db: &Db, ctx: &Ctx, options: DemoOptions) -> Result<DemoReport> {
    ctx.require(Permission::ImportData)?;
    let showcase = SHOWCASE_REFERENCES.len();
    if options.accounts < showcase || options.accounts > MAX_DEMO_ACCOUNTS {
        return Err(Error::validation(
            "accounts",
            format!("must be between {showcase} (the showcase cases) and {MAX_DEMO_ACCOUNTS}"),
        ));
    }
    let calendar = Calendar::shipped();
    let env = story::Env::new(ctx.today, &calendar);
    let at = ctx.at();
    db.write(|tx| {
        if accounts::any_accounts(tx)? {
            return Err(Error::Conflict(
                "this database already holds accounts; the demo caseload goes into an empty database only".into(),
            ));
        }
        tx.set_prepared_statement_cache_capacity(32);
        // Bulk load: the secondary indexes of the tables the demo fills are built once at the end.
        let indexes = accounts::secondary_indexes(tx, DEMO_TABLES)?;
        accounts::drop_indexes(tx, &indexes)?;
        // The liability summary the runs read is rebuilt once at the end, not kept row by row.
        let summary = crate::db::instalments::suspend_local_summary(tx)?;
        let stamp = Stamp::new(tx, &at, ctx);
        let ids = writer::Ids::new(ctx.now.timestamp_millis().max(0) as u64, options.seed);
        // Planning runs on a second thread and hands over rows ready to insert; this thread only inserts.
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<writer::Row>>(8);
        let mut sink = writer::Sink::new(tx, stamp);
        let (wrote, planned) = std::thread::scope(|scope| {
            let planner = scope.spawn(|| -> Result<()> {
                let mut out = writer::Assembler::new(ids, send);
                let mut g = generate::Generator::new(&env, options.seed);
                let mut written = g.write_fixed(&mut out)?;
                while written < options.accounts {
                    written += g.write_next(&mut out)?;
                }
                g.finish(&mut out)?;
                out.close()
            });
            let mut wrote = Ok(());
            for batch in receive.iter() {
                if let Err(e) = sink.write(&batch) {
                    wrote = Err(e);
                    break;
                }
            }
            drop(receive);
            let planned = planner.join().unwrap_or_else(|_| Err(Error::Internal("the demo planner panicked".into())));
            (wrote, planned)
        });
        wrote?;
        planned?;
        accounts::create_indexes(tx, &indexes)?;
        // Every bill gets its statutory instalments (or an invoice's payment terms), as a council's own system
        // would have issued them, so the recovery engine has a timetable for every year.
        // (The summary first: the bills to schedule are read from it.)
        crate::db::instalments::resume_local_summary(tx, &summary)?;
        for (id, username, name, role) in DEMO_USERS {
            let user = crate::db::tasks::UserRow {
                id: id.into(),
                username: username.into(),
                display_name: name.into(),
                role: role.into(),
            };
            crate::db::tasks::add_user(tx, ctx, &user)?;
        }
        let scheduled =
            super::recovery::schedule_missing_in(tx, ctx, &super::recovery::ScheduleMissingInput::default())?;
        let n = sink.written.clone();
        let report = DemoReport {
            accounts: n.accounts,
            parties: n.parties,
            ledger_entries: n.ledger_entries,
            seed: options.seed,
            addresses: n.addresses,
            contacts: n.contacts,
            liabilities: n.liabilities,
            stage_rows: n.stages,
            holds: n.holds,
            notes: n.notes,
            search_keys: n.search_keys,
            instalment_schedules: scheduled.scheduled,
            instalments: scheduled.instalments,
            showcase: SHOWCASE_REFERENCES.iter().map(|r| r.to_string()).collect(),
        };
        audit::record(
            tx,
            ctx,
            "generate_demo",
            "demo_caseload",
            &format!("seed-{}", options.seed),
            None,
            None,
            serde_json::json!({
                "seed": options.seed,
                "accounts": report.accounts,
                "parties": report.parties,
                "ledger_entries": report.ledger_entries,
                "today": ctx.today.to_string(),
            }),
        )?;
        Ok(report)
    })
}
