#![allow(dead_code)] // Each bench uses part of it.
//! What the launch and interaction benches share: the target and repository folders, and a
//! fresh Xvfb display with a tauri-driver on it, stopped when dropped.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub type Res<T> = Result<T, Box<dyn std::error::Error>>;

pub const WAIT: Duration = Duration::from_secs(60);

/// `<target>` from this bench's path: `<target>/release/deps/<bench>-…`.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the bench binary's path");
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .expect("the target directory")
}

pub fn repo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .expect("the repository root")
}

fn free_port() -> Res<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn free_display() -> Res<u32> {
    (90..400)
        .find(|n| {
            !Path::new(&format!("/tmp/.X{n}-lock")).exists()
                && !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
        })
        .ok_or_else(|| "no free X display".into())
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

/// An Xvfb display and a tauri-driver listening on `port`; the app it starts reads its data from
/// `data_dir` (`VETTA_DATA_DIR`, which tauri-driver passes on). Both stop when dropped.
pub struct Display {
    pub port: u16,
    xvfb: Child,
    pub driver: Child,
    display: u32,
    data_dir: Option<PathBuf>,
}

impl Display {
    pub fn start(data_dir: Option<&Path>) -> Res<Display> {
        let display = free_display()?;
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
            .spawn()?;
        let socket = format!("/tmp/.X11-unix/X{display}");
        let deadline = Instant::now() + WAIT;
        while !Path::new(&socket).exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let data_dir = data_dir.map(Path::to_path_buf);
        let (driver, port) = spawn_driver(display, data_dir.as_deref())?;
        Ok(Display {
            port,
            xvfb,
            driver,
            display,
            data_dir,
        })
    }

    /// The X display's name (`:N`), for tools that act on it (xdotool).
    pub fn x_display(&self) -> String {
        format!(":{}", self.display)
    }

    /// A fresh tauri-driver on the same display and data (the old one stopped).
    fn restart_driver(&mut self) -> Res<()> {
        terminate(&mut self.driver);
        let (driver, port) = spawn_driver(self.display, self.data_dir.as_deref())?;
        self.driver = driver;
        self.port = port;
        Ok(())
    }
}

/// A tauri-driver on `display`, once it accepts connections, and its port.
fn spawn_driver(display: u32, data_dir: Option<&Path>) -> Res<(Child, u16)> {
    let port = free_port()?;
    let native_port = free_port()?;
    let mut cmd = Command::new("tauri-driver");
    cmd.args([
        "--port",
        &port.to_string(),
        "--native-port",
        &native_port.to_string(),
    ])
    .env("DISPLAY", format!(":{display}"))
    .env("LANG", "C.UTF-8")
    .env_remove("WEBKIT_DISABLE_DMABUF_RENDERER")
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    if let Some(dir) = data_dir {
        cmd.env("VETTA_DATA_DIR", dir);
    }
    let driver = cmd.spawn()?;
    let deadline = Instant::now() + WAIT;
    while TcpStream::connect(("127.0.0.1", port)).is_err() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok((driver, port))
}

impl Drop for Display {
    fn drop(&mut self) {
        terminate(&mut self.driver);
        terminate(&mut self.xvfb);
    }
}

/// A WebDriver session on `display` starting `app`, and the instant its successful request
/// began (what a launch is timed from). The driver now and then drops the new-session request
/// and keeps dropping it (seen here, as in the end-to-end harness): a fresh driver gets past it.
pub async fn session(app: &Path, display: &mut Display) -> Res<(fantoccini::Client, Instant)> {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), serde_json::json!("wry"));
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": app }),
    );
    let mut attempt = 0;
    loop {
        attempt += 1;
        let started = Instant::now();
        match fantoccini::ClientBuilder::rustls()?
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{}", display.port))
            .await
        {
            Ok(client) => return Ok((client, started)),
            Err(e) if attempt < 4 => {
                eprintln!("new session failed ({e}); restarting the driver");
                display.restart_driver()?;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// The 1, 5 and 15 minute load averages.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The value at quantile `q` (0–1) of `v`, nearest rank.
pub fn quantile(v: &[f64], q: f64) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    v[rank - 1]
}
