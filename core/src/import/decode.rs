//! A file's bytes → text: the byte-order mark, UTF-16 without one (Excel's "Unicode text"), valid
//! UTF-8, else `chardetng`'s guess (Windows-1251 for Russian Excel's plain CSV). A chosen encoding
//! replaces the guess; bytes it cannot decode are refused, never replaced silently.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::FileProblem;
use crate::{Error, Result};

/// The largest file read: above it the file is refused by its size, before it is read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The encodings a person can choose, by their WHATWG names.
pub const ENCODINGS: &[&str] = &[
    "UTF-8",
    "windows-1251",
    "UTF-16LE",
    "UTF-16BE",
    "KOI8-R",
    "IBM866",
    "windows-1252",
];

pub(crate) fn refused(problem: FileProblem) -> Error {
    Error::FileRefused {
        problem,
        max_megabytes: (MAX_FILE_BYTES / (1024 * 1024)) as u32,
    }
}

/// Refuses a file by its size alone (the caller asks before reading it).
pub fn check_size(len: u64) -> Result<()> {
    if len == 0 {
        return Err(refused(FileProblem::Empty));
    }
    if len > MAX_FILE_BYTES {
        return Err(refused(FileProblem::TooLarge));
    }
    Ok(())
}

/// The encoding for a chosen name, if it is one of [`ENCODINGS`].
pub fn encoding_named(name: &str) -> Result<&'static Encoding> {
    ENCODINGS
        .iter()
        .find(|n| n.eq_ignore_ascii_case(name))
        .and_then(|n| Encoding::for_label(n.as_bytes()))
        .ok_or_else(|| refused(FileProblem::Undecodable))
}

/// UTF-16 without a mark: most odd (LE) or even (BE) bytes of the first 4 KiB are zero.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let zero_odd = head.chunks(2).filter(|p| p[1] == 0 && p[0] != 0).count();
    let zero_even = head.chunks(2).filter(|p| p[0] == 0 && p[1] != 0).count();
    if zero_odd * 10 >= pairs * 6 {
        Some(UTF_16LE)
    } else if zero_even * 10 >= pairs * 6 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Counts of well-formed multi-byte UTF-8 sequences and of bytes that break UTF-8.
fn utf8_mix(bytes: &[u8]) -> (usize, usize) {
    let (mut good, mut bad) = (0, 0);
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                good += std::str::from_utf8(&rest[..valid])
                    .map(|s| s.chars().filter(|c| !c.is_ascii()).count())
                    .unwrap_or(0);
                bad += 1;
                let skip = e.error_len().unwrap_or(rest.len() - valid).max(1);
                rest = &rest[(valid + skip).min(rest.len())..];
            }
        }
    }
    (good, bad)
}

/// The encoding the bytes are most likely in, and whether that was a guess (no mark, not UTF-8).
/// How much of a file the code-page guess reads.
const DETECT_BYTES: usize = 256 * 1024;

pub fn detect(bytes: &[u8]) -> Result<&'static Encoding> {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return Ok(enc);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return Ok(enc);
    }
    let (good, bad) = utf8_mix(bytes);
    if bad == 0 {
        return Ok(UTF_8);
    }
    // Both well-formed UTF-8 letters and bytes that are not: two encodings in one file.
    if good >= 3 && good * 4 >= bad {
        return Err(refused(FileProblem::MixedEncodings));
    }
    // The first 256 KiB say which single-byte code page it is as well as the whole file does (a
    // 100,000-row file spent a tenth of its import here); every byte is still decoded with it.
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes[..bytes.len().min(DETECT_BYTES)], true);
    Ok(detector.guess(None, chardetng::Utf8Detection::Deny))
}

/// Decodes with `encoding` (its mark, if any, dropped). Bytes it cannot decode, or NUL
/// characters (a binary file renamed `.csv`), refuse the file.
pub fn decode(bytes: &[u8], encoding: &'static Encoding) -> Result<String> {
    let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
    if text.contains('\0') {
        return Err(refused(FileProblem::Binary));
    }
    if had_errors {
        return Err(refused(FileProblem::Undecodable));
    }
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    if controls * 100 > text.chars().count().max(1) {
        return Err(refused(FileProblem::Binary));
    }
    Ok(text.into_owned())
}

/// The name a choice shows: the encoding's WHATWG name, as listed in [`ENCODINGS`] when it is.
pub fn name(encoding: &'static Encoding) -> String {
    encoding.name().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_excel_bytes_are_guessed_as_windows_1251() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("Название;Город\nАгентство Север;Москва\n");
        let enc = detect(&bytes).expect("a table");
        assert_eq!(enc.name(), "windows-1251");
        assert!(decode(&bytes, enc).expect("decodes").contains("Москва"));
    }

    #[test]
    fn utf16_with_and_without_a_mark() {
        let text = "Name\tCity\nNorth\tМосква\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(detect(&le).expect("le"), UTF_16LE);
        let mut marked = vec![0xFF, 0xFE];
        marked.extend(&le);
        assert_eq!(
            decode(&marked, detect(&marked).expect("bom")).expect("text"),
            text
        );
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let problem = |r: Result<String>| match r {
            Err(Error::FileRefused { problem, .. }) => problem,
            other => panic!("expected a refusal, got {other:?}"),
        };
        assert!(matches!(
            check_size(0),
            Err(Error::FileRefused {
                problem: FileProblem::Empty,
                ..
            })
        ));
        assert!(matches!(
            check_size(200 * 1024 * 1024),
            Err(Error::FileRefused {
                problem: FileProblem::TooLarge,
                ..
            })
        ));
        let binary = [
            0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 1, 2,
        ];
        assert_eq!(
            problem(detect(&binary).and_then(|e| decode(&binary, e))),
            FileProblem::Binary
        );
        let mut mixed = "Имя;Город\nСевер;Москва\n".as_bytes().to_vec();
        mixed.extend(encoding_rs::WINDOWS_1251.encode("Юг;Казань\n").0.iter());
        assert_eq!(
            problem(detect(&mixed).map(|_| String::new())),
            FileProblem::MixedEncodings
        );
        let cp1251 = encoding_rs::WINDOWS_1251
            .encode("Юг;Казань\n")
            .0
            .into_owned();
        assert_eq!(problem(decode(&cp1251, UTF_8)), FileProblem::Undecodable);
    }
}
