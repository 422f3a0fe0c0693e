use super::*;
use crate::seed::{self, Spec};
use crate::testing::{self, t0};

/// Every partner of a seeded workspace, as a report in both languages.
fn reports() -> Vec<(String, String, Language)> {
    let mut store = testing::store();
    seed::generate(&mut store, &Spec::scaled(11, 2000), t0()).expect("generates");
    let mut hostile = testing::new_partner("<script>alert(1)</script> «Тёплый свет» & http://x");
    hostile.notes = "url(http://evil) @import 'x'; <img src=x>".into();
    store.add_partner(&hostile, t0()).expect("adds");
    let ids: Vec<(String, String)> = store
        .conn
        .prepare("SELECT id, name FROM partners")
        .expect("prepares")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("queries")
        .collect::<std::result::Result<_, _>>()
        .expect("reads");
    let mut out = Vec::new();
    for (id, name) in ids {
        for lang in Language::ALL {
            let html = store
                .dossier_report(
                    &ReportQuery {
                        partner_id: id.clone(),
                        language: *lang,
                        viewer_time_zone: "Europe/Moscow".into(),
                    },
                    t0(),
                )
                .expect("writes a report");
            out.push((name.clone(), html, *lang));
        }
    }
    out
}

#[test]
fn a_report_refers_to_nothing_outside_itself() {
    for (name, html, _) in reports() {
        // The embedded fonts' base64 may spell anything: scan what is around them.
        let lower = without_data(&html).to_lowercase();
        assert!(
            lower.matches("url(data:").count() >= 4,
            "the fonts are embedded"
        );
        if let Some(i) = lower.find("http") {
            panic!("{name}: http in {:?}", &html[i.saturating_sub(120)..i + 40]);
        }
        assert!(!lower.contains("@import"), "{name}: @import");
        for (i, _) in lower.match_indices("url(") {
            assert!(
                lower[i..].starts_with("url(data:"),
                "{name}: url( not data:"
            );
        }
        for (i, _) in lower.match_indices("src=") {
            assert!(lower[i..].starts_with("src=\"data:"), "{name}: src=");
        }
        assert!(!lower.contains("<script"), "{name}: a script");
        assert!(!lower.contains("<img"), "{name}: an image");
    }
}

/// `html` with the payload of each `data:` URI left out (up to its closing parenthesis).
fn without_data(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("data:") {
        out.push_str(&rest[..i + 5]);
        rest = &rest[i + 5..];
        rest = &rest[rest.find(')').unwrap_or(rest.len())..];
    }
    out + rest
}

#[test]
fn every_section_is_there_in_the_chosen_language_with_the_name() {
    let keys = [
        "report.profile",
        "report.recommendation",
        "report.signals",
        "report.gates",
        "report.flags",
        "report.pilots",
        "report.metrics",
        "report.debriefs",
        "report.decisions",
    ];
    let mut with_pilots = 0;
    for (name, html, lang) in reports() {
        assert!(html.contains(&esc(&name)), "{name}");
        for key in keys {
            assert!(
                html.contains(&format!("<h2>{}</h2>", text(lang, key))),
                "{name}: {key}"
            );
        }
        let other = match lang {
            Language::Ru => Language::En,
            Language::En => Language::Ru,
        };
        assert!(
            !html.contains(text(other, "report.decisions")),
            "one language only"
        );
        if html.contains(text(lang, "report.deadline")) {
            with_pilots += 1;
            // Deadlines in both zones: Moscow's and the partner's.
            assert!(html.contains("MSK"), "{name}");
        }
    }
    assert!(with_pilots > 0, "some partner has a pilot");
}

#[test]
fn base64_matches_the_standard() {
    assert_eq!(base64(b""), "");
    assert_eq!(base64(b"f"), "Zg==");
    assert_eq!(base64(b"fo"), "Zm8=");
    assert_eq!(base64(b"foo"), "Zm9v");
    assert_eq!(base64(b"foobar"), "Zm9vYmFy");
}
