//! Letters in the real window, through the real commands: send a letter from a person's record (preview,
//! issue, reprint), Settings → Letters (check finds a typo with its line, preview), and a print run issued to
//! every Council Tax account owing £100 or more (the background job), its print file written to the data
//! directory, and its dispatch recorded. Screenshots go to tests/e2e/screenshots/letters-*.png.

use fantoccini::Locator;
use recovery_desk_e2e::Harness;
use std::time::Duration;

async fn wait(c: &fantoccini::Client, css: &str, secs: u64) -> fantoccini::elements::Element {
    c.wait()
        .at_most(Duration::from_secs(secs))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
}

async fn go(c: &fantoccini::Client, hash: &str) {
    c.execute("location.hash = arguments[0]", vec![serde_json::json!(hash)]).await.unwrap();
}

async fn set(c: &fantoccini::Client, css: &str, value: &str) {
    c.execute(
        "const el = document.querySelector(arguments[0]); el.value = arguments[1]; el.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![serde_json::json!(css), serde_json::json!(value)],
    )
    .await
    .unwrap();
}

async fn text(c: &fantoccini::Client, css: &str) -> String {
    wait(c, css, 10).await.text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn send_a_letter_edit_a_template_and_dispatch_a_print_run() {
    let h = Harness::start(300).await;
    let c = &h.client;
    wait(c, "input[type=search]", 30).await;
    let (party, count): (String, i64) = h
        .db()
        .read(|tx| {
            Ok(tx.query_row(
                "SELECT ap.party_id, (SELECT count(*) FROM accounts) FROM accounts a JOIN account_parties ap ON ap.account_id = a.id
                 WHERE a.debt_type = 'council_tax' AND ap.role = 'liable'
                   AND (SELECT sum(amount_pence) FROM ledger_entries e WHERE e.account_id = a.id) > 0
                   AND (SELECT count(*) FROM account_parties x WHERE x.party_id = ap.party_id) = 1
                 LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    println!("party {party}, {count} accounts");
    go(c, &format!("#/person/{party}")).await;
    wait(c, "button[data-action=send]", 20).await.click().await.unwrap();
    wait(c, "#letter-template option", 20).await;
    set(c, "#letter-template", "ct_final_notice").await;
    wait(c, "#letter-fact-pay-by", 20).await.send_keys("2/12/2026").await.unwrap();
    wait(c, "#letter-fact-court-action-from", 5).await.send_keys("3/12/2026").await.unwrap();
    wait(c, "#letter-send button[data-action=preview]", 5).await.click().await.unwrap();
    wait(c, "letter-pages[data-preview] img", 30).await;
    h.screenshot("letters-preview").await;
    wait(c, "#letter-send button[type=submit]", 5).await.click().await.unwrap();
    wait(c, ".app-letters__table tbody tr", 30).await;
    let row = text(c, ".app-letters__table tbody tr").await;
    println!("row: {row}");
    assert!(row.contains("Council Tax final notice") && row.contains("Issued"), "{row}");
    h.screenshot("letters-person").await;
    let docs: i64 = h
        .db()
        .read(|tx| Ok(tx.query_row("SELECT count(*) FROM documents WHERE party_id = ?1", [&party], |r| r.get(0))?))
        .unwrap();
    assert_eq!(docs, 1);
    // Reprint opens nothing here (no viewer), but must answer.
    c.find(Locator::Css("button[data-letter-action=reprint]")).await.unwrap().click().await.unwrap();
    wait(c, "letter-pages[data-view] [data-pdf=open]", 20).await;

    go(c, "#/settings/letters/ct_final_notice").await;
    wait(c, "#template-body", 20).await;
    c.find(Locator::Css("button[data-action=check]")).await.unwrap().click().await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::XPath("//*[contains(., 'No problems found')]"))
        .await
        .unwrap();
    c.find(Locator::Css("button[data-action=preview]")).await.unwrap().click().await.unwrap();
    wait(c, "letter-pages img", 30).await;
    h.screenshot("letters-settings").await;
    // A typo is refused with its line.
    c.execute("const t = document.querySelector('#template-body'); t.value = t.value.replace('notice.pay_by', 'notice.pay_byy');", vec![]).await.unwrap();
    c.find(Locator::Css("button[data-action=check]")).await.unwrap().click().await.unwrap();
    let problem = text(c, ".govuk-error-summary__list a").await;
    println!("problem: {problem}");
    assert!(problem.starts_with("Line ") && problem.contains("notice.pay_byy"), "{problem}");

    go(c, "#/runs").await;
    wait(c, "#many-template option", 20).await;
    set(c, "#many-template", "ct_final_notice").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    wait(c, "#many-fact-pay-by", 20).await.send_keys("2/12/2026").await.unwrap();
    wait(c, "#many-fact-court-action-from", 5).await.send_keys("3/12/2026").await.unwrap();
    set(c, "#many-min", "100").await;
    c.find(Locator::Css("form[data-form=many] button[type=submit]")).await.unwrap().click().await.unwrap();
    let mut shot = false;
    let flash = loop {
        // The run goes on in the background; the screen polls it (a progress bar for long runs).
        if let Ok(el) = c.find(Locator::Css(".app-flash")).await {
            break el.text().await.unwrap();
        }
        if !shot && c.find(Locator::Css("#job-progress")).await.is_ok() {
            h.screenshot("letters-run-progress").await;
            println!("progress: {}", text(c, "#job-text").await);
            shot = true;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    println!("flash: {flash}");
    assert!(flash.contains("letters issued in run LR-"), "{flash}");
    h.screenshot("letters-run").await;
    wait(c, "button[data-action=make-file]", 10).await.click().await.unwrap();
    let ready = c
        .wait()
        .at_most(Duration::from_secs(180))
        .for_element(Locator::XPath("//*[contains(@class,'app-flash')][contains(., 'Print file ready')]"))
        .await
        .unwrap();
    println!("file: {}", ready.text().await.unwrap());
    let files: Vec<_> = std::fs::read_dir(h.data_dir.path().join("signed-in-files/print-runs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    println!("files: {files:?}");
    assert_eq!(files.len(), 1);
    c.find(Locator::Css("form[data-form=dispatch] button[type=submit]")).await.unwrap().click().await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::XPath("//*[contains(., 'Dispatch of run')]"))
        .await
        .unwrap();
    h.screenshot("letters-dispatched").await;
    let status: String =
        h.db().read(|tx| Ok(tx.query_row("SELECT status FROM letter_runs", [], |r| r.get(0))?)).unwrap();
    assert_eq!(status, "dispatched");
    h.stop().await;
}
