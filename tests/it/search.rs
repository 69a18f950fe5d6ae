//! Search finds people and organisations by every kind of key an officer types, ranked.

use crate::fixtures::case;
use recovery_core::api::{self, SearchInput};

fn names(db: &recovery_core::Db, q: &str) -> Vec<String> {
    api::search(db, SearchInput { query: q.into(), limit: None }).unwrap().into_iter().map(|h| h.name).collect()
}

#[test]
fn every_kind_of_query_finds_the_person() {
    let c = case();
    let jane = "Jane Elizabeth Ashworth".to_string();
    for q in [
        "Ashworth",
        "ashw",
        "Jane Ashworth",
        "J Ashworth",
        "ashworth elizabeth",
        "14 Larch",
        "larch close",
        "AD1 2BC",
        "ad12bc",
        "ad1 2bc",
        "CT10000001",
        "ct1000",
        "00001",
        "07700 900123",
        "+44 7700 900123",
        "+44 (0)7700-900123",
        "jane.ashworth@example.com",
        "JANE.ASH",
        "JK 12 34 56 C",
        "jk123456",
    ] {
        assert!(names(&c.db, q).contains(&jane), "{q:?} should find Jane, got {:?}", names(&c.db, q));
    }
}

#[test]
fn results_are_ranked_and_say_what_matched() {
    let c = case();
    let hits = api::search(&c.db, SearchInput { query: "Ashworth".into(), limit: None }).unwrap();
    // The two Ashworths by surname; not the appointee, who lives at the same address but is not called Ashworth.
    let got: Vec<(&str, &str)> = hits.iter().map(|h| (h.name.as_str(), h.matched.as_str())).collect();
    assert_eq!(got, [("Jane Elizabeth Ashworth", "Surname"), ("Thomas Ashworth", "Surname")]);
    let by_ref = api::search(&c.db, SearchInput { query: "CT10000001".into(), limit: None }).unwrap();
    assert_eq!(by_ref[0].matched, "Account reference CT10000001");
    assert_eq!(by_ref[0].accounts[0].reference, "CT10000001");
}

#[test]
fn organisations_are_found_by_name_and_company_number() {
    let c = case();
    assert_eq!(names(&c.db, "kestrel"), ["Kestrel Motors Ltd"]);
    assert_eq!(names(&c.db, "Kestrel Motors"), ["Kestrel Motors Ltd"]);
    assert_eq!(names(&c.db, "01234567"), ["Kestrel Motors Ltd"]);
    assert_eq!(names(&c.db, "NNDR1000001"), ["Kestrel Motors Ltd"]);
}

#[test]
fn nothing_matches_nonsense_and_every_word_must_match() {
    let c = case();
    assert!(names(&c.db, "zzyzx").is_empty());
    assert!(names(&c.db, "Jane Kestrel").is_empty());
    assert!(names(&c.db, "   ").is_empty());
    assert!(api::search(&c.db, SearchInput { query: "x".into(), limit: Some(0) }).is_err());
}

#[test]
fn welsh_letters_in_a_query_are_words_not_a_crash() {
    let c = case();
    for q in ["tŷnewydd", "Tŷ Afon", "Siân", "ŵŵŵŵŵŵŵŵ", "ŷ1 2ab"] {
        assert!(names(&c.db, q).is_empty(), "{q}");
    }
}

#[test]
fn a_reference_shaped_like_an_ni_number_is_found_as_a_reference() {
    use recovery_core::db::accounts::{self, NewAccount};
    use recovery_core::model::{DebtType, Jurisdiction, Role};
    let c = case();
    let ctx = crate::fixtures::ctx();
    c.db.write(|tx| {
        let id = accounts::insert_account(
            tx,
            &ctx,
            &NewAccount {
                reference: "HB0000301",
                debt_type: DebtType::HbOverpayment,
                jurisdiction: Jurisdiction::England,
                property_address_id: None,
                status: "open",
                opened_on: "2026-01-05",
                closed_on: None,
            },
        )?;
        accounts::insert_account_party(tx, &ctx, &id, &c.tom, Role::Liable, None)?;
        recovery_core::db::search::index_party(tx, &c.tom)
    })
    .unwrap();
    assert_eq!(names(&c.db, "HB0000301"), ["Thomas Ashworth"]);
    assert_eq!(names(&c.db, "JK123456C"), ["Jane Elizabeth Ashworth"], "an NI number is still an NI number");
}

#[test]
fn several_words_are_a_name_in_either_order_or_a_phrase_before_they_are_words_anywhere() {
    let c = case();
    // A name pair: the surname whole, the forename as typed so far, in either order.
    assert_eq!(names(&c.db, "Jane Ashworth"), ["Jane Elizabeth Ashworth"]);
    assert_eq!(names(&c.db, "ashworth t"), ["Thomas Ashworth"]);
    assert_eq!(names(&c.db, "Jane Elizabeth Ashworth"), ["Jane Elizabeth Ashworth"]);
    // A phrase of an address line from any word: "Larch Close" is a line; "close larch" is not a phrase,
    // so the words are matched one by one and still find whoever has both.
    let larch = names(&c.db, "larch close");
    assert!(larch.contains(&"Jane Elizabeth Ashworth".to_string()), "{larch:?}");
    assert_eq!(names(&c.db, "close larch"), larch);
    // Surname and a street: no name or phrase matches, so every word is matched on its own.
    assert!(names(&c.db, "ashworth larch").contains(&"Thomas Ashworth".to_string()));
    // The middle of a word is not a match.
    assert!(names(&c.db, "worth").is_empty());
}
