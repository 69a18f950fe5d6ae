//! The real app window: demo data → search a known surname → open the person → the balance shown equals
//! the ledger sum. Screenshots go to tests/e2e/screenshots/.

use fantoccini::{key::Key, Locator};
use recovery_desk_e2e::Harness;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn search_a_surname_open_the_person_and_see_the_ledger_balance() {
    let h = Harness::start(300).await;
    let c = &h.client;
    let search =
        c.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css("input[type=search]")).await.unwrap();
    // Cold start to a usable window, measured through WebDriver (an upper bound: it includes starting
    // WebKitWebDriver). A figure for the closing note, not an assertion.
    println!("cold start to a usable window: {} ms", h.launched_at.elapsed().as_millis());
    search.send_keys("Thornton").await.unwrap();
    let first = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath("//a[contains(@href, '#/person/')][contains(., 'Thornton')]"))
        .await
        .unwrap();
    h.screenshot("search").await;
    first.click().await.unwrap();
    let total = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("[data-total]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    h.screenshot("person").await;

    // What the ledger says, straight from the database the app is using: the sum of every ledger entry on
    // every account the person is liable on.
    let url = c.current_url().await.unwrap();
    let party_id = url.fragment().unwrap().trim_start_matches("/person/").to_string();
    let pence: i64 = h
        .db()
        .read(|tx| {
            Ok(tx.query_row(
                "SELECT coalesce(sum(e.amount_pence), 0) FROM ledger_entries e
                 WHERE e.account_id IN (SELECT account_id FROM account_parties
                                        WHERE party_id = ?1 AND role IN ('liable', 'joint_and_several'))",
                [&party_id],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    let want = format!("£{}", thousands(&recovery_core::Money::from_pence(pence.abs()).to_string()));
    assert_eq!(total.trim(), want, "the balance on screen is the ledger sum");
    assert!(pence > 0, "the showcase case owes money");

    // Keyboard: `/` goes back to the search box from anywhere.
    c.find(Locator::Css("body")).await.unwrap().send_keys("/").await.unwrap();
    let focused = c.active_element().await.unwrap();
    assert_eq!(focused.attr("type").await.unwrap().as_deref(), Some("search"));
    focused.send_keys(&format!("CT00000001{}", char::from(Key::Enter))).await.unwrap();
    h.stop().await;
}

/// "2763.57" → "2,763.57", as the UI shows money.
fn thousands(plain: &str) -> String {
    let (whole, pence) = plain.split_once('.').unwrap();
    let (sign, digits) = whole.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", whole));
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}.{pence}")
}
