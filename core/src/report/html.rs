//! The dossier report: one self-contained HTML file in the chosen language, built from the very
//! read the dossier screen shows ([`Store::dossier`]) — nothing is recomputed here, only written
//! out. Styles inline, PT Sans (OFL, `fonts/`) embedded as `data:` URIs, no reference to anything
//! outside the file; print CSS so the same page prints to PDF. Every instant is in the viewer's
//! zone and the partner's, through `zones` (the one clock). User text is escaped, never markup.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::sections;
use super::texts::{fill, text};
use crate::dossier::{Dossier, DossierQuery};
use crate::ids::parse_instant;
use crate::partner::validate_time_zone;
use crate::settings::Language;
use crate::store::Store;
use crate::zoned::ZonedInstant;
use crate::zones::in_zones;
use crate::Result;

crate::text_enum! {
    /// The report's file: the HTML itself, or a PDF printed from it.
    pub enum ReportFormat {
        Html = "html",
        Pdf = "pdf",
    }
}

/// Which report: the partner, the language it is written in, and the zone of the person reading.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReportQuery {
    pub partner_id: String,
    pub language: Language,
    pub viewer_time_zone: String,
}

impl Store {
    /// The dossier of `query.partner_id` as one self-contained HTML document in `query.language`.
    pub fn dossier_report(&self, query: &ReportQuery, now: DateTime<Utc>) -> Result<String> {
        let dossier = self.dossier(
            &DossierQuery {
                partner_id: query.partner_id.clone(),
                viewer_time_zone: query.viewer_time_zone.clone(),
            },
            now,
        )?;
        let zones = [
            validate_time_zone(&query.viewer_time_zone)?,
            validate_time_zone(&dossier.partner.home_time_zone)?,
        ];
        let page = Page {
            lang: query.language,
            zones,
            now,
        };
        Ok(page.render(&dossier))
    }
}

/// What every section writes with: the language and the two zones.
pub(super) struct Page {
    pub lang: Language,
    pub zones: [chrono_tz::Tz; 2],
    pub now: DateTime<Utc>,
}

impl Page {
    pub fn t(&self, key: &str) -> &'static str {
        text(self.lang, key)
    }

    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.lang, key, values)
    }

    /// A `YYYY-MM-DD` date as the language writes it.
    pub fn date(&self, iso: &str) -> String {
        let parts: Vec<&str> = iso.splitn(3, '-').collect();
        match (self.lang, parts.as_slice()) {
            (Language::Ru, [y, m, d]) => format!("{d}.{m}.{y}"),
            (Language::En, [y, m, d]) => format!("{m}/{d}/{y}"),
            _ => iso.to_owned(),
        }
    }

    /// An instant in both zones: "23.11.2026 12:00 MSK · 22.11.2026 01:00 PST".
    pub fn zoned(&self, at: &ZonedInstant) -> String {
        at.zones
            .iter()
            .map(|z| format!("{} {} {}", self.date(&z.date), z.time, z.abbreviation))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// A stored instant (RFC 3339) in both zones; as stored if it does not read.
    pub fn instant(&self, stored: &str) -> String {
        match parse_instant(stored) {
            Some(at) => self.zoned(&in_zones(at, &self.zones)),
            None => stored.to_owned(),
        }
    }

    fn render(&self, d: &Dossier) -> String {
        let lang = self.lang.as_str();
        let title = format!("{} — {}", self.t("report.title"), esc(&d.partner.name));
        let zones = self
            .zones
            .iter()
            .map(|z| z.name())
            .collect::<Vec<_>>()
            .join(", ");
        let generated = self.fill(
            "report.generated",
            &[
                ("date", &self.instant(&crate::ids::format_instant(self.now))),
                ("zones", zones.as_str()),
            ],
        );
        let mut body = String::new();
        body.push_str(&sections::profile(self, d));
        body.push_str(&sections::recommendation(self, d));
        body.push_str(&sections::signals(self, d));
        body.push_str(&sections::gates(self, d));
        body.push_str(&sections::flags(self, d));
        body.push_str(&sections::pilots(self, d));
        body.push_str(&sections::metrics(self, d));
        body.push_str(&sections::debriefs(self, d));
        body.push_str(&sections::decisions(self, d));
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>{title}</title>\n<style>\n{fonts}{STYLE}</style>\n</head>\n<body>\n\
             <header><h1>{title}</h1><p class=\"muted\">{generated}</p></header>\n{body}</body>\n</html>\n",
            fonts = font_faces(),
            generated = esc(&generated),
        )
    }
}

/// A section: its heading and its content, or "nothing recorded".
pub(super) fn section(page: &Page, key: &str, content: String) -> String {
    let content = if content.is_empty() {
        format!("<p class=\"muted\">{}</p>", page.t("report.none"))
    } else {
        content
    };
    format!(
        "<section id=\"{}\">\n<h2>{}</h2>\n{content}</section>\n",
        key.trim_start_matches("report."),
        page.t(key)
    )
}

/// A table: headings and rows of cells, each cell already HTML.
pub(super) fn table(headings: &[&str], rows: &[Vec<String>]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let head: String = headings.iter().map(|h| format!("<th>{h}</th>")).collect();
    let body: String = rows
        .iter()
        .map(|r| {
            let cells: String = r.iter().map(|c| format!("<td>{c}</td>")).collect();
            format!("<tr>{cells}</tr>\n")
        })
        .collect();
    format!("<table><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table>\n")
}

/// A person's text as HTML text: `& < > " '` escaped, line breaks kept. What could read as a
/// reference in the markup (`http`, `url(`, `@import`, `src=`) is written with character
/// references, so the file's source holds none of them while the text reads exactly as typed
/// (a flag's evidence link stays text, never a link to follow).
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let http = text
            .get(i..i + 4)
            .is_some_and(|s| s.eq_ignore_ascii_case("http"));
        match c {
            'h' if http => out.push_str("&#104;"),
            'H' if http => out.push_str("&#72;"),
            '(' => out.push_str("&#40;"),
            '@' => out.push_str("&#64;"),
            '=' => out.push_str("&#61;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// PT Sans, regular and bold, Cyrillic and Latin subsets (fonts/, from @fontsource/pt-sans 5.3.0;
/// OFL, fonts/OFL.txt), as `data:` URIs.
fn font_faces() -> String {
    const CYRILLIC: &str = "U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116";
    const LATIN: &str = "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,\
                         U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD";
    let faces: [(&[u8], u32, &str); 4] = [
        (
            include_bytes!("fonts/pt-sans-cyrillic-400-normal.woff2"),
            400,
            CYRILLIC,
        ),
        (
            include_bytes!("fonts/pt-sans-cyrillic-700-normal.woff2"),
            700,
            CYRILLIC,
        ),
        (
            include_bytes!("fonts/pt-sans-latin-400-normal.woff2"),
            400,
            LATIN,
        ),
        (
            include_bytes!("fonts/pt-sans-latin-700-normal.woff2"),
            700,
            LATIN,
        ),
    ];
    faces
        .iter()
        .map(|(bytes, weight, range)| {
            format!(
                "@font-face{{font-family:'PT Sans';font-style:normal;font-weight:{weight};\
                 src:url(data:font/woff2;base64,{}) format('woff2');unicode-range:{range}}}\n",
                base64(bytes)
            )
        })
        .collect()
}

/// Standard base64 with padding (RFC 4648), for the embedded fonts.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ABC[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

const STYLE: &str = "\
body{font-family:'PT Sans',sans-serif;font-size:11pt;line-height:1.4;color:#1d1d1f;\
max-width:60em;margin:2em auto;padding:0 1.5em}\n\
h1{font-size:20pt;margin:0 0 .2em}h2{font-size:14pt;margin:1.4em 0 .4em;\
border-bottom:1px solid #c8c8cc;padding-bottom:.15em}h3{font-size:12pt;margin:1em 0 .3em}\n\
.muted{color:#5c5c66}.bad{color:#a1261a;font-weight:700}.good{color:#1f6b33}\n\
table{border-collapse:collapse;width:100%;margin:.4em 0 .8em;font-size:10pt}\n\
th,td{text-align:left;vertical-align:top;border:1px solid #d5d5da;padding:.25em .45em}\n\
th{background:#f0f0f3}dl{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em;margin:.3em 0}\n\
dt{color:#5c5c66}dd{margin:0}ul{margin:.3em 0;padding-left:1.3em}\n\
@page{size:A4;margin:16mm 14mm}\n\
@media print{body{margin:0;max-width:none;padding:0;font-size:10pt}\
h2,h3{break-after:avoid}tr,dl,li{break-inside:avoid}a{color:inherit}}\n";

#[cfg(test)]
mod tests;
