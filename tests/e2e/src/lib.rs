//! The harness for end-to-end tests: a virtual display (Xvfb) if there is none, `tauri-driver` on port 4444
//! driving WebKitWebDriver (`RECOVERY_DESK_E2E_PORT` picks another, the native driver one above it, so two
//! worktrees can run their e2e tests at once), a temp data directory with the demo caseload, and a WebDriver
//! session on the real app binary. Dropping the harness stops tauri-driver with SIGTERM (SIGKILL would leave WebKitWebDriver
//! behind) and Xvfb.

use chrono::{NaiveDate, TimeZone, Utc};
use fantoccini::{Client, ClientBuilder, Locator};
use recovery_core::db::DbKey;
use recovery_core::{api, Ctx, Db};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const TODAY: &str = "2026-11-25";

pub fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

pub fn ctx() -> Ctx {
    Ctx::new("e2e.officer", Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap(), today())
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The app binary, built by `make test` (`cargo build -p recovery-desk`) before the e2e tests run.
pub fn app_binary() -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target"));
    let bin = target.join("debug/recovery-desk");
    assert!(bin.exists(), "{} is missing: run `cargo build -p recovery-desk` first", bin.display());
    bin
}

fn which(name: &str) -> Option<PathBuf> {
    let home = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin"));
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .chain(home)
        .map(|d| d.join(name))
        .find(|p| p.exists())
}

pub struct Harness {
    pub data_dir: tempfile::TempDir,
    /// The demo database's recovery key: the tests read the database the app uses with it.
    pub key: DbKey,
    /// When the WebDriver session (and so the app) was asked for: cold start is measured from here.
    pub launched_at: Instant,
    pub client: Client,
    driver: Child,
    xvfb: Option<Child>,
}

impl Harness {
    /// Seeds a demo caseload with `accounts` accounts and starts the app on it.
    /// The app on an encrypted demo database of `accounts` accounts, signed in as the team leader through the
    /// sign-in form (every demo user's password is [`api::DEMO_PASSWORD`]).
    pub async fn start(accounts: usize) -> Harness {
        let h = Harness::start_signed_out(accounts).await;
        h.sign_in("team.leader", api::DEMO_PASSWORD).await;
        h
    }

    /// The app on an encrypted demo database, at its sign-in form.
    pub async fn start_signed_out(accounts: usize) -> Harness {
        let data_dir = tempfile::tempdir().unwrap();
        let key = {
            let path = data_dir.path().join("recovery-desk.db");
            let (_db, recovery_key) = api::set_up_demo(&path, &ctx(), api::DemoOptions { accounts, seed: 7 }).unwrap();
            DbKey::from_recovery_text(&recovery_key).unwrap()
        };
        let mut xvfb = None;
        let display = match std::env::var("DISPLAY") {
            Ok(d) if !d.is_empty() => d,
            _ => {
                let d = ":97".to_string();
                xvfb = Some(
                    Command::new("Xvfb")
                        .args([d.as_str(), "-screen", "0", "1400x1000x24", "-nolisten", "tcp"])
                        .stdout(Stdio::null())
                        .stderr(Stdio::null())
                        .spawn()
                        .expect("Xvfb (apt install xvfb)"),
                );
                std::thread::sleep(Duration::from_millis(500));
                d
            }
        };
        let port = driver_port();
        let driver = Command::new(which("tauri-driver").expect("tauri-driver (cargo install tauri-driver --locked)"))
            .args(["--port", &port.to_string(), "--native-port", &(port + 1).to_string()])
            .env("DISPLAY", &display)
            .env("RECOVERY_DESK_DATA_DIR", data_dir.path())
            .env("RECOVERY_DESK_TODAY", TODAY)
            .env("RECOVERY_DESK_NO_DEMO", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tauri-driver");
        let launched_at = Instant::now();
        let client = connect().await;
        Harness { data_dir, key, launched_at, client, driver, xvfb }
    }

    /// Signs in through the real window's form and waits for the search box.
    pub async fn sign_in(&self, username: &str, password: &str) {
        let c = &self.client;
        let wait = |css: &'static str| async move {
            c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css(css)).await.unwrap()
        };
        let user = wait("#sign-in-username").await;
        user.clear().await.unwrap();
        user.send_keys(username).await.unwrap();
        wait("#sign-in-password").await.send_keys(password).await.unwrap();
        wait(".app-sign-in button[type=submit]").await.click().await.unwrap();
        wait("input[type=search]").await;
    }

    /// The case database the app is using, opened with its key (for asserting what the screen shows against
    /// the ledger).
    pub fn db(&self) -> Db {
        api::open_with_key(self.data_dir.path().join("recovery-desk.db"), Some(&self.key), &ctx()).unwrap()
    }

    pub async fn screenshot(&self, name: &str) {
        let dir = workspace_root().join("tests/e2e/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    pub async fn stop(self) {
        let _ = self.client.clone().close().await;
    }
}

/// The port tauri-driver listens on: `RECOVERY_DESK_E2E_PORT`, else 4444.
fn driver_port() -> u16 {
    std::env::var("RECOVERY_DESK_E2E_PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(4444)
}

async fn connect() -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "wry".into());
    caps.insert("tauri:options".into(), serde_json::json!({ "application": app_binary().to_string_lossy() }));
    let started = Instant::now();
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{}", driver_port()))
            .await
        {
            Ok(c) => return c,
            Err(e) if started.elapsed() < Duration::from_secs(30) => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(e) => panic!("could not start a WebDriver session on the app: {e}"),
        }
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        // SIGTERM lets tauri-driver stop WebKitWebDriver and the app.
        let _ = Command::new("kill").args(["-TERM", &self.driver.id().to_string()]).status();
        let _ = self.driver.wait();
        if let Some(x) = &mut self.xvfb {
            let _ = x.kill();
            let _ = x.wait();
        }
    }
}
