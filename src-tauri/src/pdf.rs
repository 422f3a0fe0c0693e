//! The dossier report as PDF, on Linux: Tauri has no print API (tauri #4917, wry #707), so a
//! WebKitGTK view of our own, in an off-screen window with JavaScript off, loads the report's HTML
//! (self-contained: it refers to nothing) and WebKit's print operation writes it through GTK's
//! "Print to File" printer — its name is translated, so it is looked up with gettext in GTK's own
//! `gtk30` domain — with `output-uri` and `output-file-format=pdf` set, and no dialog. The file is
//! written under a temporary name beside the target and renamed once the print has finished. If
//! printing to the file fails, the print dialog opens instead, so the person can still print.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// How the PDF came out.
pub enum Printed {
    /// Written to the chosen file.
    Written,
    /// Printing to the file failed (the reason is logged); the print dialog was shown instead.
    DialogShown,
}

/// Prints `html` to the PDF file `target`, waiting (off the main thread) until it is written.
pub fn html_to_pdf(app: &tauri::AppHandle, html: String, target: &Path) -> Result<Printed, String> {
    let partial = vetta_core::export::partial_path(target);
    let (tx, rx) = mpsc::channel();
    let job = partial.clone();
    app.run_on_main_thread(move || start(html, job, tx))
        .map_err(|e| e.to_string())?;
    let outcome = rx
        .recv_timeout(Duration::from_secs(120))
        .map_err(|_| "the print operation did not finish in 120 s".to_owned())??;
    if let Printed::Written = outcome {
        let file = std::fs::File::open(&partial).map_err(|e| e.to_string())?;
        file.sync_all().map_err(|e| e.to_string())?;
        std::fs::rename(&partial, target).map_err(|e| e.to_string())?;
    } else {
        let _ = std::fs::remove_file(&partial);
    }
    Ok(outcome)
}

#[cfg(target_os = "linux")]
fn start(html: String, target: PathBuf, tx: mpsc::Sender<Result<Printed, String>>) {
    use gtk::prelude::*;
    use std::cell::Cell;
    use std::rc::Rc;
    use webkit2gtk::{
        LoadEvent, PrintOperation, PrintOperationExt, SettingsExt, WebView, WebViewExt,
    };

    let uri = match gtk::glib::filename_to_uri(&target, None) {
        Ok(uri) => uri,
        Err(e) => {
            let _ = tx.send(Err(e.to_string()));
            return;
        }
    };
    let window = gtk::OffscreenWindow::new();
    let view = WebView::new();
    if let Some(settings) = WebViewExt::settings(&view) {
        settings.set_enable_javascript(false);
    }
    window.add(&view);
    window.show_all();
    let printing = Rc::new(Cell::new(false));
    view.connect_load_changed(move |view, event| {
        if event != LoadEvent::Finished || printing.replace(true) {
            return;
        }
        let settings = gtk::PrintSettings::new();
        let printer = gtk::glib::dgettext(Some("gtk30"), "Print to File");
        settings.set_printer(&printer);
        settings.set(gtk::PRINT_SETTINGS_OUTPUT_FILE_FORMAT, Some("pdf"));
        settings.set(gtk::PRINT_SETTINGS_OUTPUT_URI, Some(&uri));
        let operation = PrintOperation::new(view);
        operation.set_print_settings(&settings);
        let page = gtk::PageSetup::new();
        page.set_paper_size(&gtk::PaperSize::new(Some(gtk::PAPER_NAME_A4)));
        operation.set_page_setup(&page);
        let failed = Rc::new(Cell::new(false));
        let (done_tx, done_window, done_failed) = (tx.clone(), window.clone(), failed.clone());
        operation.connect_finished(move |_| {
            if !done_failed.get() {
                let _ = done_tx.send(Ok(Printed::Written));
            }
            done_window.close();
        });
        let (fail_tx, fail_view) = (tx.clone(), view.clone());
        operation.connect_failed(move |_, error| {
            failed.set(true);
            eprintln!(
                "vetta: printing the report to a file failed: {error}; opening the print dialog"
            );
            let fallback = PrintOperation::new(&fail_view);
            fallback.run_dialog(None::<&gtk::Window>);
            let _ = fail_tx.send(Ok(Printed::DialogShown));
        });
        operation.print();
    });
    view.load_html(&html, None);
}

#[cfg(not(target_os = "linux"))]
fn start(_html: String, _target: PathBuf, tx: mpsc::Sender<Result<Printed, String>>) {
    let _ = tx.send(Err(
        "PDF is made through WebKitGTK, on Linux only".to_owned()
    ));
}
