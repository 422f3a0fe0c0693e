//! End-to-end: the workspace exported as JSON and restored into an empty data folder shows the same
//! data (and the two files' canonical dumps are identical but for the device id: the restoring
//! installation stays itself); the lists as CSV and Excel; the dossier report saved as HTML and as
//! PDF in Russian and English, read back with `pdftotext`.

mod e2e_support;

use std::path::{Path, PathBuf};

use e2e_support::{fail, flows, Harness, TestResult, EXPORTS_DIR};
use vetta_core::store::now;
use vetta_core::{testing, Store};

const NAME: &str = "Агентство «Тёплый свет»";

/// A partner with a gut check, decisions and a scoped pilot, written through core as the app would.
fn seed(dir: &Path) {
    let at = now();
    let (mut store, _) = Store::open_in_dir(dir, at).expect("creates the store");
    let partner = store
        .add_partner(&testing::new_partner(NAME), at)
        .expect("adds");
    testing::to_scoping(&mut store, &partner.id);
    testing::pilot_for(&mut store, &partner.id);
    store
        .add_partner(&testing::new_partner("=HYPERLINK(\"x\")"), at)
        .expect("adds");
}

fn exported(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir.join(EXPORTS_DIR))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    found.sort();
    Ok(found)
}

fn pdf_text(path: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let out = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .map_err(|e| fail(format!("pdftotext (apt package poppler-utils): {e}")))?;
    if !out.status.success() {
        return Err(fail(format!("pdftotext failed on {}", path.display())));
    }
    Ok(String::from_utf8(out.stdout)?)
}

async fn report(h: &Harness, lang: &str, format: &str) -> TestResult {
    h.set_value("[data-testid=report-lang]", 0, lang).await?;
    h.click(&format!("[data-testid=report-{format}]")).await?;
    h.wait_text("[data-testid=report-notice]", &format!(".{format}"))
        .await?;
    Ok(())
}

async fn export_body(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-en]").await?;
    h.click("[data-testid=nav-settings]").await?;
    h.click("[data-testid=export-csv]").await?;
    h.wait_text("[data-testid=export-notice]", "Partners")
        .await?;
    h.click("[data-testid=lang-ru]").await?;
    h.click("[data-testid=export-xlsx]").await?;
    h.wait_text("[data-testid=export-notice]", "Партнёры")
        .await?;
    h.scroll_to("[data-testid=export-workspace]").await?;
    h.screenshot("settings-ru").await?;

    let csv = std::fs::read_to_string(&exported(h.data_dir.path(), "csv")?[0])?;
    if !csv.starts_with("\u{feff}Partner,") || !csv.contains("\"'=HYPERLINK(\"\"x\"\")\"") {
        return Err(fail(format!("the CSV is not Excel-safe: {csv}")));
    }

    flows::open_from_board(h, "Тёплый").await?;
    report(h, "ru", "html").await?;
    report(h, "ru", "pdf").await?;
    h.screenshot("dossier-report-ru").await?;
    h.click("[data-testid=lang-en]").await?;
    report(h, "en", "pdf").await?;
    h.screenshot("dossier-report-en").await?;

    let html = std::fs::read_to_string(&exported(h.data_dir.path(), "html")?[0])?;
    if !html.contains("Досье партнёра") || !html.contains("Журнал решений")
    {
        return Err(fail("the HTML report lacks its Russian headings"));
    }
    let pdfs = exported(h.data_dir.path(), "pdf")?;
    let texts = pdfs
        .iter()
        .map(|p| pdf_text(p))
        .collect::<Result<Vec<_>, _>>()?;
    let all = texts.join("\n");
    for needle in [
        "Тёплый свет",
        "Досье партнёра",
        "Журнал решений",
        "Пилоты и кампании",
        "Partner dossier",
        "Decision log",
        "Pilots and campaigns",
    ] {
        if !all.contains(needle) {
            return Err(fail(format!("the PDFs lack “{needle}”: {all}")));
        }
    }
    // Pictures of the printed report's pages, beside the screenshots, to look at.
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
    for (pdf, lang) in pdfs.iter().zip(["en", "ru"]) {
        let _ = std::process::Command::new("pdftoppm")
            .args(["-png", "-r", "70", "-f", "1", "-l", "3"])
            .arg(pdf)
            .arg(shots.join(format!("export-report-pdf-{lang}")))
            .status();
    }
    if texts.len() != 2 {
        return Err(fail(format!("two PDFs, found {}", texts.len())));
    }
    // Last, so that nothing changes after it (the restore's dump is compared with this file's).
    h.click("[data-testid=nav-settings]").await?;
    h.click("[data-testid=export-workspace]").await?;
    h.wait_text("[data-testid=export-notice]", "vetta-workspace-")
        .await?;
    h.screenshot("settings-en").await?;
    Ok(())
}

async fn restore_body(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-en]").await?;
    h.click("[data-testid=nav-settings]").await?;
    h.click("[data-testid=restore-workspace]").await?;
    h.wait_text("[data-testid=export-notice]", "Restored")
        .await?;
    // The page reloads on the restored workspace: the partner is there.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    h.client()?
        .wait()
        .for_element(fantoccini::Locator::Css("main:not(.loading)"))
        .await?;
    flows::open_from_board(h, "Тёплый").await?;
    Ok(())
}

async fn refused_body(h: &mut Harness) -> TestResult {
    h.launch().await?;
    h.click("[data-testid=lang-ru]").await?;
    h.click("[data-testid=nav-settings]").await?;
    h.click("[data-testid=restore-workspace]").await?;
    h.wait_text("[data-testid=export-error]", "только в пустое")
        .await?;
    h.screenshot("refused-ru").await?;
    h.click("[data-testid=lang-en]").await?;
    h.wait_text("[data-testid=export-error]", "only into an empty workspace")
        .await?;
    Ok(())
}

#[tokio::test]
async fn export_restore_and_the_report_as_html_and_pdf() {
    let mut source = Harness::start_with("export", seed).await;
    let result = export_body(&mut source).await;
    source.quit().await;
    let file = exported(source.data_dir.path(), "json")
        .ok()
        .and_then(|f| f.into_iter().next());
    let source_dir = source.data_dir.path().to_owned();
    let offer = |dir: &Path| {
        if let Some(file) = &file {
            let name = file.file_name().expect("a file name");
            std::fs::copy(file, dir.join(EXPORTS_DIR).join(name)).expect("copies the export");
        }
    };
    let mut target = Harness::start_with("restore", offer).await;
    let result = match result {
        Ok(()) => restore_body(&mut target).await,
        Err(e) => Err(e),
    };
    target.quit().await;
    let result = result.and_then(|()| {
        let (a, _) = Store::open_in_dir(&source_dir, now())?;
        let (b, _) = Store::open_in_dir(target.data_dir.path(), now())?;
        if testing::workspace_dump(&a) != testing::workspace_dump(&b) {
            return Err(fail(
                "the restored workspace's dump differs from the exported one",
            ));
        }
        Ok(())
    });
    // Into a workspace that holds data, the same file is refused with the reason.
    let result = match result {
        Ok(()) => {
            let mut again = Harness::start_with("restore-refused", |dir| {
                seed(dir);
                offer(dir);
            })
            .await;
            let result = refused_body(&mut again).await;
            again.finish(result).await;
            Ok(())
        }
        Err(e) => Err(e),
    };
    target.finish(result).await;
    drop(source);
}
