//! Recovery runs in the real window, through the real commands, on the demo caseload: the imported
//! liabilities without instalments are scheduled from the Runs screen (none on the demo), a Council Tax reminder run is previewed (a background job),
//! its preparer is refused authorisation (segregation of duties), segregation is turned off in the run
//! settings, the run is authorised and committed (a background job) and shows as committed, with the database
//! agreeing; then a person under Breathing Space shows the hold banner and the held timetable. Screenshots go
//! to tests/e2e/screenshots/runs-*.png and held-person.png (docs/runs-preview.png and docs/held-person.png are
//! copied from them).

use fantoccini::{Client, Locator};
use recovery_desk_e2e::Harness;
use std::time::Duration;

async fn wait(c: &Client, css: &str, secs: u64) -> fantoccini::elements::Element {
    c.wait()
        .at_most(Duration::from_secs(secs))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
}

async fn wait_text(c: &Client, text: &str, secs: u64) -> fantoccini::elements::Element {
    c.wait()
        .at_most(Duration::from_secs(secs))
        .for_element(Locator::XPath(&format!("//*[contains(@class, 'app-flash') or contains(@class, 'govuk-error-summary') or @data-schedule-result][contains(., \"{text}\")]")))
        .await
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

async fn go(c: &Client, hash: &str) {
    c.execute("location.hash = arguments[0]", vec![serde_json::json!(hash)]).await.unwrap();
}

async fn click(c: &Client, css: &str) {
    // Scrolled into view and clicked by script: WebKitWebDriver refuses clicks on elements under the sticky header.
    wait(c, css, 20).await;
    c.execute("document.querySelector(arguments[0]).click()", vec![serde_json::json!(css)]).await.unwrap();
}

async fn scroll_to(c: &Client, css: &str) {
    c.execute(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'start'}); window.scrollBy(0, -24)",
        vec![serde_json::json!(css)],
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn preview_authorise_and_commit_a_reminder_run_then_see_a_held_person() {
    let h = Harness::start(300).await;
    let c = &h.client;
    wait(c, "input[type=search]", 30).await;

    // The demo stores every bill's instalments; a council that imported its caseload schedules the bills from
    // the Runs screen. Here the button finds nothing left to schedule, and the schedules are there.
    go(c, "#/recovery-runs").await;
    wait(c, ".app-rr-timetable tbody tr", 20).await;
    c.execute("document.querySelector('[data-schedule]').open = true", vec![]).await.unwrap();
    click(c, "button[data-action=schedule-missing]").await;
    let scheduled = wait_text(c, "scheduled", 60).await.text().await.unwrap();
    println!("schedule: {scheduled}");
    let schedules: i64 =
        h.db().read(|tx| Ok(tx.query_row("SELECT count(*) FROM instalment_schedules", [], |r| r.get(0))?)).unwrap();
    assert!(schedules > 0, "the demo's liabilities have schedules");

    // Preview today's Council Tax reminder run in the background.
    c.execute("document.querySelector('#rr-run').value = 'council_tax|reminder'", vec![]).await.unwrap();
    click(c, "form[data-form=preview] button[type=submit]").await;
    let mut saw_progress = false;
    let flash = loop {
        if let Ok(el) = c.find(Locator::Css(".app-flash")).await {
            break el.text().await.unwrap();
        }
        saw_progress |= c.find(Locator::Css("#rr-job-progress")).await.is_ok();
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    println!("preview: {flash} (progress bar seen: {saw_progress})");
    assert!(flash.contains("Preview ready"), "{flash}");
    wait(c, ".app-rr-items tbody tr", 20).await;
    let (run_id, selected, excluded): (String, i64, i64) = h
        .db()
        .read(|tx| {
            Ok(tx.query_row(
                "SELECT id, selected_count, excluded_count FROM recovery_runs WHERE status = 'prepared'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    println!("run {run_id}: {selected} in, {excluded} out");
    assert!(selected > 0, "the demo caseload has reminders due on {}", recovery_desk_e2e::TODAY);
    assert!(flash.contains(&format!("{selected} case")), "{flash}");
    h.screenshot("runs-preview-top").await;
    // The preview as CSV, written to the data directory: a header and a line per candidate.
    click(c, "button[data-action=csv]").await;
    let saved = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::XPath("//*[@data-csv-status][starts-with(., 'Saved: ')]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csv = std::fs::read_to_string(saved.trim_start_matches("Saved: ")).unwrap();
    assert!(csv.starts_with("account_reference,name,financial_year,in_run,exclusion"), "{csv}");
    assert_eq!(csv.lines().count() as i64, 1 + selected + excluded);
    scroll_to(c, "#rr-items-title").await;
    h.screenshot("runs-preview").await;

    // The officer who prepared it cannot authorise it while segregation of duties is on.
    click(c, "button[data-action=authorise]").await;
    let refusal = wait(c, "[data-refusal]", 10).await.text().await.unwrap();
    println!("refused: {refusal}");
    assert!(
        refusal.contains("You cannot authorise this run") && refusal.contains("segregation of duties"),
        "{refusal}"
    );
    h.screenshot("runs-segregation").await;

    // Turn segregation off in the run settings (this desk has one officer), then authorise and commit.
    go(c, "#/recovery-runs").await;
    wait(c, "form[data-form=settings]", 20).await;
    c.execute("document.querySelector('[data-settings]').open = true; document.querySelector('#rs-segregation').checked = false", vec![])
        .await
        .unwrap();
    click(c, "form[data-form=settings] button[type=submit]").await;
    wait_text(c, "Run settings saved", 20).await;
    go(c, &format!("#/recovery-runs/{run_id}")).await;
    click(c, "button[data-action=authorise]").await;
    wait_text(c, "Run authorised", 20).await;
    click(c, "button[data-action=commit]").await;
    let committed = wait_text(c, "Run committed", 120).await.text().await.unwrap();
    println!("commit: {committed}");
    let status = wait(c, ".app-run-facts .govuk-tag", 10).await.text().await.unwrap();
    assert_eq!(status, "Committed");
    h.screenshot("runs-committed").await;
    let (run_status, stages): (String, i64) = h
        .db()
        .read(|tx| {
            Ok(tx.query_row(
                "SELECT status, (SELECT count(*) FROM recovery_run_items i WHERE i.run_id = r.id AND i.status = 'committed')
                 FROM recovery_runs r WHERE r.id = ?1",
                [&run_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!(run_status, "committed");
    assert!(stages > 0 && stages <= selected, "{stages} committed of {selected} selected");
    assert!(committed.contains(&format!("{stages} notice")), "{committed}");

    // A person under Breathing Space: the banner says which hold and until when; the timetable is held.
    let hits =
        recovery_core::api::search(&h.db(), recovery_core::api::SearchInput { query: "Pritchard".into(), limit: None })
            .unwrap();
    let id = &hits.iter().find(|x| x.name.contains("Siân Pritchard")).expect("the showcase Welsh case").party_id;
    go(c, &format!("#/person/{id}")).await;
    let banner = wait(c, ".app-hold-banner", 20).await.text().await.unwrap();
    println!("banner: {banner}");
    assert!(
        banner.contains("Recovery is on hold") && banner.contains("Breathing Space") && banner.contains("until"),
        "{banner}"
    );
    let held = wait(c, ".app-timetable__held", 20).await.text().await.unwrap();
    println!("timetable: {held}");
    assert!(held.contains("Breathing Space"), "{held}");
    c.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    h.screenshot("held-person").await;
    scroll_to(c, ".app-timetable").await;
    h.screenshot("held-person-timetable").await;
    h.stop().await;
}
