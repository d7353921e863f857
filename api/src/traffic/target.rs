//! What a request target (path and query string) must be before anything reads it: at
//! most `MAX_URI_BYTES`, only URL characters, and percent-encoding that is well formed and
//! decodes to UTF-8, so a bad byte is refused naming where it is instead of being read as
//! something else (`%FF` as U+FFFD, `%ZZ` as the text "%ZZ").

/// The longest path and query string the API takes: the longest real search with every
/// filter is well under 1 KiB.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// What is wrong with a request target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetFault {
    TooLong {
        bytes: usize,
    },
    /// `parameter` is `path`, a query parameter's name, or `query` when the name itself
    /// cannot be read.
    BadEncoding {
        parameter: String,
        detail: String,
    },
}

/// Checks a request target as sent (`/v1/search?q=food`), raw bytes and all.
pub fn check_target(target: &[u8]) -> Result<(), TargetFault> {
    if target.len() > MAX_URI_BYTES {
        return Err(TargetFault::TooLong {
            bytes: target.len(),
        });
    }
    let (path, query) = match target.iter().position(|&b| b == b'?') {
        Some(at) => (&target[..at], Some(&target[at + 1..])),
        None => (target, None),
    };
    check_component(path, false).map_err(|why| TargetFault::BadEncoding {
        parameter: "path".into(),
        detail: format!("the path {why}"),
    })?;
    for pair in query.into_iter().flat_map(|q| q.split(|&b| b == b'&')) {
        let name = pair.split(|&b| b == b'=').next().unwrap_or_default();
        if let Err(why) = check_component(pair, true) {
            let parameter = match check_component(name, true) {
                Ok(decoded) if !decoded.is_empty() => decoded,
                _ => "query".to_string(),
            };
            let detail = format!("the query parameter `{parameter}` {why}");
            return Err(TargetFault::BadEncoding { parameter, detail });
        }
    }
    Ok(())
}

/// Decodes one part of a target, or says what is wrong with it. In a query `+` is a space.
fn check_component(raw: &[u8], is_query: bool) -> Result<String, String> {
    let mut decoded = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        match b {
            b'%' => {
                let hex = raw.get(i + 1..i + 3).and_then(|h| {
                    std::str::from_utf8(h)
                        .ok()
                        .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                });
                let Some(byte) = hex else {
                    let shown = String::from_utf8_lossy(&raw[i..raw.len().min(i + 3)]).into_owned();
                    return Err(format!(
                        "has `{shown}`, which is not percent-encoding (`%` and two hex digits; a `%` itself is `%25`)"
                    ));
                };
                decoded.push(byte);
                i += 3;
                continue;
            }
            b'+' if is_query => decoded.push(b' '),
            0x21..=0x7e => decoded.push(b),
            _ => {
                return Err(format!(
                    "holds the byte 0x{b:02X}, which a URL may not carry as is: percent-encode it (%{b:02X})"
                ));
            }
        }
        i += 1;
    }
    String::from_utf8(decoded)
        .map_err(|_| "is percent-encoded bytes that are not UTF-8 text".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(target: &[u8]) -> (String, String) {
        match check_target(target).unwrap_err() {
            TargetFault::BadEncoding { parameter, detail } => (parameter, detail),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ordinary_targets_pass() {
        for t in [
            &b"/v1/search?q=food+bank&near=21202"[..],
            b"/v1/search?q=caf%C3%A9",
            b"/hsds/services",
            b"/",
            b"/v1/search?",
            b"/v1/search?q=%25",
        ] {
            assert_eq!(check_target(t), Ok(()), "{}", String::from_utf8_lossy(t));
        }
    }

    #[test]
    fn raw_bytes_are_refused_naming_the_parameter() {
        let (parameter, detail) = fault(b"/v1/search?near=21202&q=\xff");
        assert_eq!(parameter, "q");
        assert!(
            detail.contains("0xFF") && detail.contains("%FF"),
            "{detail}"
        );
        assert_eq!(fault(b"/v1/se\xc3\xa9rch").0, "path");
        assert_eq!(fault(b"/v1/search?q=a b").0, "q");
    }

    #[test]
    fn broken_percent_encoding_is_refused() {
        let (parameter, detail) = fault(b"/v1/search?q=%ZZ");
        assert_eq!(parameter, "q");
        assert!(detail.contains("`%ZZ`"), "{detail}");
        assert_eq!(fault(b"/v1/search?q=100%").0, "q");
        assert_eq!(fault(b"/v1/referrals/%G1").0, "path");
        // A name that cannot be read is named as the query.
        assert_eq!(fault(b"/v1/search?%ZZ=1").0, "query");
    }

    #[test]
    fn percent_encoded_bytes_must_be_utf8() {
        let (parameter, detail) = fault(b"/v1/search?q=%FF");
        assert_eq!(parameter, "q");
        assert!(detail.contains("UTF-8"), "{detail}");
        assert_eq!(fault(b"/v1/%C3").0, "path");
    }

    #[test]
    fn long_targets_are_too_long() {
        let long = format!("/v1/search?q={}", "a".repeat(MAX_URI_BYTES));
        assert_eq!(
            check_target(long.as_bytes()),
            Err(TargetFault::TooLong { bytes: long.len() })
        );
        let fits = format!("/?q={}", "a".repeat(MAX_URI_BYTES - 4));
        assert_eq!(check_target(fits.as_bytes()), Ok(()));
    }
}
