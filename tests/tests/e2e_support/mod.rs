// Each e2e test binary uses its own subset of these helpers.
#![allow(dead_code)]

//! Drives the real Vetta binary in a real window: Xvfb for the display, tauri-driver in front of
//! WebKitWebDriver, fantoccini as the WebDriver client. Each test gets its own display, driver port
//! and data directory, so tests cannot see each other's data.

pub mod days;
pub mod flows;
pub mod frames;
pub mod pilots;
pub mod sharing;
pub mod typing;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// How long to wait for the window or an element before calling it a failure.
pub(crate) const WAIT: Duration = Duration::from_secs(20);

/// Where the app saves (and opens) the files a person would choose in a dialog, in the data folder.
pub const EXPORTS_DIR: &str = "exports";

/// WebDriver's words for an element the UI re-rendered between finding and using it.
pub const STALE: [&str; 2] = ["not found", "Stale element"];

pub fn fail(message: impl Into<String>) -> Box<dyn std::error::Error> {
    message.into().into()
}

fn app_binary() -> PathBuf {
    let path = std::env::var_os("VETTA_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/debug/vetta"));
    assert!(
        path.is_file(),
        "the app binary {} is missing: build it with `make app-build` (or run `make e2e`)",
        path.display()
    );
    path
}

fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

fn free_display() -> u32 {
    (90..400)
        .find(|n| {
            !Path::new(&format!("/tmp/.X{n}-lock")).exists()
                && !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
        })
        .expect("a free X display number")
}

fn terminate(child: &mut Child) {
    // SIGTERM, not SIGKILL: tauri-driver then stops WebKitWebDriver too.
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// How the app learns its data folder: named outright (`VETTA_DATA_DIR`), or found as an installed
/// app finds it, in the OS data folder (`XDG_DATA_HOME/<identifier>`), here under a temp folder.
#[derive(Clone, Copy, PartialEq)]
enum DataEnv {
    Named,
    OsDataHome,
}

/// The app's identifier, which names its folder in the OS data folder.
fn identifier() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/tauri.conf.json");
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("tauri.conf.json reads"))
            .expect("tauri.conf.json parses");
    config["identifier"]
        .as_str()
        .expect("tauri.conf.json names an identifier")
        .to_owned()
}

/// Starts tauri-driver on fresh ports for `display`; returns it and its port once it listens.
fn spawn_driver(display: u32, data_dir: &Path, data_env: DataEnv) -> (Child, u16) {
    let port = free_port();
    let native_port = free_port();
    let mut driver = Command::new("tauri-driver");
    driver.args([
        "--port",
        &port.to_string(),
        "--native-port",
        &native_port.to_string(),
    ]);
    // Variables set for tauri-driver reach the app it launches.
    match data_env {
        DataEnv::Named => driver.env("VETTA_DATA_DIR", data_dir),
        DataEnv::OsDataHome => driver
            .env("XDG_DATA_HOME", data_dir)
            .env_remove("VETTA_DATA_DIR"),
    };
    let driver = driver
        .env("DISPLAY", format!(":{display}"))
        // A debug build's stand-in for the native save and open dialogs (src-tauri/src/files.rs).
        .env("VETTA_TEST_DIALOG_DIR", data_dir.join(EXPORTS_DIR))
        .env("LANG", "C.UTF-8")
        .env_remove("WEBKIT_DISABLE_DMABUF_RENDERER")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("tauri-driver starts (cargo install tauri-driver)");
    let deadline = Instant::now() + WAIT;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "tauri-driver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (driver, port)
}

pub struct Harness {
    name: &'static str,
    display: u32,
    xvfb: Option<Child>,
    driver: Child,
    port: u16,
    /// Shared with [`Harness::second_app`]'s harness, which runs on the same folder.
    pub data_dir: std::sync::Arc<tempfile::TempDir>,
    data_env: DataEnv,
    client: Option<Client>,
}

impl Harness {
    /// Starts a display and a driver; the app itself starts with [`Harness::launch`].
    pub async fn start(name: &'static str) -> Harness {
        Harness::start_with(name, |_| {}).await
    }

    /// Like [`Harness::start`], after `prepare` has put files into the empty data directory.
    pub async fn start_with(name: &'static str, prepare: impl FnOnce(&Path)) -> Harness {
        Harness::start_on(name, DataEnv::Named, prepare).await
    }

    /// Like [`Harness::start_with`], but the app finds its folder in the OS data folder (a temp
    /// `XDG_DATA_HOME`), as the installed app does; `prepare` gets that folder, created empty.
    pub async fn start_in_os_data_folder(
        name: &'static str,
        prepare: impl FnOnce(&Path),
    ) -> Harness {
        Harness::start_on(name, DataEnv::OsDataHome, |home| {
            let folder = home.join(identifier());
            std::fs::create_dir_all(&folder).expect("creates the app's data folder");
            prepare(&folder);
        })
        .await
    }

    async fn start_on(
        name: &'static str,
        data_env: DataEnv,
        prepare: impl FnOnce(&Path),
    ) -> Harness {
        let data_dir = tempfile::tempdir().expect("a temp data dir");
        std::fs::create_dir_all(data_dir.path().join(EXPORTS_DIR)).expect("an exports folder");
        prepare(data_dir.path());
        let display = free_display();
        let xvfb = Command::new("Xvfb")
            .args([
                format!(":{display}"),
                "-screen".into(),
                "0".into(),
                "1280x860x24".into(),
                "-nolisten".into(),
                "tcp".into(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts (apt package xvfb)");
        let socket = format!("/tmp/.X11-unix/X{display}");
        let deadline = Instant::now() + WAIT;
        while !Path::new(&socket).exists() {
            assert!(
                Instant::now() < deadline,
                "Xvfb did not open display :{display}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let (driver, port) = spawn_driver(display, data_dir.path(), data_env);
        Harness {
            name,
            display,
            xvfb: Some(xvfb),
            driver,
            port,
            data_dir: std::sync::Arc::new(data_dir),
            data_env,
            client: None,
        }
    }

    /// A second start of the app on the same data folder and display, in its own WebDriver
    /// session (its own driver): what a person starting Vetta twice sees. Launch it with
    /// [`Harness::launch`]; finishing it stops only its driver.
    pub fn second_app(&self, name: &'static str) -> Harness {
        let (driver, port) = spawn_driver(self.display, self.data_dir.path(), self.data_env);
        Harness {
            name,
            display: self.display,
            xvfb: None,
            driver,
            port,
            data_dir: std::sync::Arc::clone(&self.data_dir),
            data_env: self.data_env,
            client: None,
        }
    }

    /// The folder the app keeps its data in.
    pub fn app_folder(&self) -> PathBuf {
        match self.data_env {
            DataEnv::Named => self.data_dir.path().to_owned(),
            DataEnv::OsDataHome => self.data_dir.path().join(identifier()),
        }
    }

    pub fn db_path(&self) -> PathBuf {
        self.app_folder().join("vetta.sqlite3")
    }

    /// Launches the app (a new WebDriver session) and waits for its first screen.
    pub async fn launch(&mut self) -> Result<&Client, Box<dyn std::error::Error>> {
        self.quit().await;
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), serde_json::json!("wry"));
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app_binary() }),
        );
        // tauri-driver may accept connections a moment before it answers them: retry briefly.
        let mut url = format!("http://127.0.0.1:{}", self.port);
        let mut attempt = 0;
        let client = loop {
            attempt += 1;
            match ClientBuilder::rustls()?
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(e) if attempt < 4 => {
                    // Seen now and then here: the driver drops the new-session request and keeps
                    // dropping it. A fresh driver (same display, same data) gets past it.
                    eprintln!(
                        "{}: new session failed ({e}); restarting the driver",
                        self.name
                    );
                    terminate(&mut self.driver);
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    let (driver, port) =
                        spawn_driver(self.display, self.data_dir.path(), self.data_env);
                    self.driver = driver;
                    self.port = port;
                    url = format!("http://127.0.0.1:{}", self.port);
                }
                Err(e) => return Err(e.into()),
            }
        };
        self.client = Some(client);
        let client = self.client()?;
        client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css("main:not(.loading)"))
            .await?;
        Ok(client)
    }

    pub fn client(&self) -> Result<&Client, Box<dyn std::error::Error>> {
        self.client
            .as_ref()
            .ok_or_else(|| fail("the app is not running"))
    }

    /// Ends the session, which closes the app.
    pub async fn quit(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = client.close().await;
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    }

    pub async fn el(&self, css: &str) -> Result<Element, Box<dyn std::error::Error>> {
        Ok(self
            .client()?
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await?)
    }

    pub async fn text(&self, css: &str) -> Result<String, Box<dyn std::error::Error>> {
        self.el(css).await?;
        self.inner_text(css).await
    }

    /// The rendered text of the first element matching `css` ("" if there is none). Read through
    /// `innerText`: WebKitWebDriver's own text command fails on some elements.
    async fn inner_text(&self, css: &str) -> Result<String, Box<dyn std::error::Error>> {
        self.prop_of(css, "innerText").await
    }

    /// A property of the first element matching `css`, read in the page (no handle to go stale).
    async fn prop_of(&self, css: &str, prop: &str) -> Result<String, Box<dyn std::error::Error>> {
        let value = self
            .client()?
            .execute(
                "const el = document.querySelector(arguments[0]); return el ? String(el[arguments[1]] ?? '') : '';",
                vec![serde_json::json!(css), serde_json::json!(prop)],
            )
            .await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Waits until the element's text contains `expected`; fails with what it showed instead.
    pub async fn wait_text(
        &self,
        css: &str,
        expected: &str,
    ) -> Result<String, Box<dyn std::error::Error>> {
        // Every text contains "": such a wait could never fail, so it is refused.
        if expected.is_empty() {
            return Err(fail(format!(
                "{css}: waiting for empty text proves nothing"
            )));
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let shown = self.inner_text(css).await.unwrap_or_default();
            if shown.contains(expected) {
                return Ok(shown);
            }
            if Instant::now() > deadline {
                return Err(fail(format!(
                    "{css}: expected text containing {expected:?}, saw {shown:?}"
                )));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the focused element matches `css` (a step made from the keyboard).
    pub async fn wait_focus(&self, css: &str) -> TestResult {
        let deadline = Instant::now() + WAIT;
        loop {
            if self.has_focus(css).await? {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(fail(format!("{css} never had the focus")));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// All text the window shows, as the user sees it.
    pub async fn visible_text(&self) -> Result<String, Box<dyn std::error::Error>> {
        let value = self
            .client()?
            .execute("return document.body.innerText;", vec![])
            .await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// The `index`-th (from 0) element matching `css`, waiting for it to exist.
    pub async fn nth(
        &self,
        css: &str,
        index: usize,
    ) -> Result<Element, Box<dyn std::error::Error>> {
        let deadline = Instant::now() + WAIT;
        loop {
            let found = self.client()?.find_all(Locator::Css(css)).await?;
            if let Some(el) = found.into_iter().nth(index) {
                return Ok(el);
            }
            if Instant::now() > deadline {
                return Err(fail(format!("{css}: no element number {index}")));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Types into the `index`-th element matching `css`.
    pub async fn type_nth(&self, css: &str, index: usize, text: &str) -> TestResult {
        let el = self.nth(css, index).await?;
        el.clear().await?;
        el.send_keys(text).await?;
        Ok(())
    }

    /// Sets a control's value as a person picking it would (date and time inputs, selects), firing
    /// `input` and `change`.
    pub async fn set_value(&self, css: &str, index: usize, value: &str) -> TestResult {
        let el = self.nth(css, index).await?;
        let arg = serde_json::to_value(&el)?;
        self.client()?
            .execute(
                "const el = arguments[0];
                 el.value = arguments[1];
                 el.dispatchEvent(new Event('input', { bubbles: true }));
                 el.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![arg, serde_json::json!(value)],
            )
            .await?;
        Ok(())
    }

    /// Clicks the first element matching `css` whose text contains `text`, waiting for it.
    pub async fn click_containing(&self, css: &str, text: &str) -> TestResult {
        let deadline = Instant::now() + WAIT;
        loop {
            let index = self
                .client()?
                .execute(
                    "return [...document.querySelectorAll(arguments[0])]
                        .findIndex((el) => el.innerText.includes(arguments[1]));",
                    vec![serde_json::json!(css), serde_json::json!(text)],
                )
                .await?
                .as_i64()
                .unwrap_or(-1);
            if let Ok(index) = usize::try_from(index) {
                let el = self.nth(css, index).await?;
                self.scroll_into_view(&el, "center").await?;
                el.click().await?;
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(fail(format!("{css}: nothing containing {text:?}")));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Scrolls the element to the top of the window (for screenshots of a section).
    pub async fn scroll_to(&self, css: &str) -> TestResult {
        let el = self.el(css).await?;
        self.scroll_into_view(&el, "start").await
    }

    /// `block` is where the element lands in the window: "start", "center" or "end".
    async fn scroll_into_view(&self, el: &Element, block: &str) -> TestResult {
        let arg = serde_json::to_value(el)?;
        self.client()?
            .execute_async(
                // Instant, not animated, and then two frames for layout to settle: a click
                // computed against a page still scrolling lands somewhere else.
                "const done = arguments[arguments.length - 1];
                 arguments[0].scrollIntoView({ block: arguments[1], behavior: 'instant' });
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![arg, serde_json::json!(block)],
            )
            .await?;
        Ok(())
    }

    /// Presses Escape in the focused element (closes dialogs).
    pub async fn send_escape(&self) -> TestResult {
        self.client()?
            .active_element()
            .await?
            .send_keys("\u{E00C}")
            .await?;
        Ok(())
    }

    pub async fn click(&self, css: &str) -> TestResult {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.click_once(css).await {
                Ok(()) => return Ok(()),
                Err(e) if attempt < 5 && STALE.iter().any(|m| e.to_string().contains(m)) => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    async fn click_once(&self, css: &str) -> TestResult {
        self.enabled(css).await?.click().await?;
        Ok(())
    }

    /// The element, centred in view, once it can be pressed. A person presses a button once it is
    /// enabled: a disabled one (busy while its write reaches the screen) swallows the click.
    pub async fn enabled(&self, css: &str) -> Result<Element, Box<dyn std::error::Error>> {
        let el = self.el(css).await?;
        // WebDriver scrolls an element only just into view; a click at the very bottom edge of
        // the window can miss it under Xvfb. Centre it first, as a person would scroll.
        self.scroll_into_view(&el, "center").await?;
        let deadline = Instant::now() + WAIT;
        while !el.is_enabled().await? {
            if Instant::now() > deadline {
                return Err(fail(format!("{css}: still disabled after {WAIT:?}")));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok(el)
    }

    pub async fn value_of(&self, css: &str) -> Result<String, Box<dyn std::error::Error>> {
        self.el(css).await?;
        self.prop_of(css, "value").await
    }

    /// Saves a PNG of the window under `target/e2e-screenshots/`.
    pub async fn screenshot(&self, label: &str) -> Result<PathBuf, Box<dyn std::error::Error>> {
        let client = self.client()?;
        // Two animation frames, so the picture shows the last DOM change (not the one before it).
        client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await?;
        let png = client.screenshot().await?;
        let dir = target_dir().join("e2e-screenshots");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{}-{label}.png", self.name));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Ends the test: on failure, a screenshot first; then the app, driver and display stop.
    pub async fn finish(mut self, result: TestResult) {
        if let Err(error) = result {
            let shot = match self.screenshot("failure").await {
                Ok(path) => format!("screenshot: {}", path.display()),
                Err(e) => format!("no screenshot: {e}"),
            };
            self.quit().await;
            panic!("{} failed: {error}\n{shot}", self.name);
        }
        self.quit().await;
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        terminate(&mut self.driver);
        if let Some(mut xvfb) = self.xvfb.take() {
            terminate(&mut xvfb);
        }
    }
}
