//! Values made fit for HSDS on the way out: the schemas type and constrain fields that
//! feeds fill loosely (extensions as numbers, enumerations, URIs, email addresses).

/// HSDS types a phone extension as a number: digits become one, and anything else (or
/// digits with a leading zero, which a number would lose) is kept in the description.
pub fn phone_extension(
    extension: Option<&str>,
    description: Option<String>,
) -> (Option<f64>, Option<String>) {
    let Some(ext) = extension.map(str::trim).filter(|e| !e.is_empty()) else {
        return (None, description);
    };
    let digits = ext.chars().all(|c| c.is_ascii_digit());
    if digits
        && (ext.len() == 1 || !ext.starts_with('0'))
        && ext.len() <= 15
        && let Ok(n) = ext.parse::<f64>()
    {
        return (Some(n), description);
    }
    let told = format!("extension {ext}");
    let description = match description {
        Some(d) if !d.is_empty() => format!("{d} ({told})"),
        _ => told,
    };
    (None, Some(description))
}

/// HSDS knows only WEEKLY and MONTHLY recurrences; another value is left out rather than
/// sent invalid (the description and hours still say when).
pub fn schedule_freq(freq: Option<String>) -> Option<String> {
    freq.map(|f| f.trim().to_ascii_uppercase())
        .filter(|f| f == "WEEKLY" || f == "MONTHLY")
}

/// HSDS address types are physical, postal or virtual; "mailing" means postal and anything
/// unknown is taken as physical, as the importers do.
pub fn address_type(value: &str) -> String {
    match value.trim().to_ascii_lowercase().as_str() {
        "postal" | "mailing" | "mail" => "postal",
        "virtual" => "virtual",
        _ => "physical",
    }
    .to_string()
}

/// A web address HSDS accepts (an absolute URI), from what a feed gave: surrounding blanks
/// and stray punctuation are dropped and a bare "www.example.org" gets `http://`. One that
/// still is not a URI is left out rather than sent broken.
pub fn web_address(value: Option<String>) -> Option<String> {
    let v = value?;
    let v = v
        .trim()
        .trim_matches(|c: char| c.is_whitespace() || "`'\",;<>".contains(c));
    if v.is_empty() {
        return None;
    }
    let v = if v.contains("://") || v.starts_with("mailto:") || v.starts_with("tel:") {
        v.to_string()
    } else if v.contains('.') && !v.contains('@') {
        format!("http://{v}")
    } else {
        return None;
    };
    let allowed = |c: char| c.is_ascii_graphic() && !"<>\"{}|\\^`".contains(c);
    let scheme_ok = v
        .split_once(':')
        .is_some_and(|(s, _)| s.chars().next().is_some_and(|c| c.is_ascii_alphabetic()));
    (scheme_ok && v.chars().all(allowed)).then_some(v)
}

/// An email address as HSDS accepts it (one `@`, a dotted domain, no blanks); anything
/// else is left out.
pub fn email_address(value: Option<String>) -> Option<String> {
    let v = value?;
    let v = v.trim().trim_start_matches("mailto:").trim();
    let (local, domain) = v.split_once('@')?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && v.chars().all(|c| c.is_ascii_graphic() || !c.is_ascii())
        && !v.contains(['<', '>', '(', ')', ',', ';', '"', '[', ']', '\\']);
    ok.then(|| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_numbers_or_told_in_the_description() {
        assert_eq!(phone_extension(Some("123"), None), (Some(123.0), None));
        assert_eq!(
            phone_extension(Some("0123"), Some("Front desk".into())),
            (None, Some("Front desk (extension 0123)".into()))
        );
        assert_eq!(
            phone_extension(Some("ext. 4"), None),
            (None, Some("extension ext. 4".into()))
        );
        assert_eq!(phone_extension(Some("  "), None), (None, None));
    }

    #[test]
    fn only_hsds_recurrences_and_address_types_are_sent() {
        assert_eq!(schedule_freq(Some("weekly".into())), Some("WEEKLY".into()));
        assert_eq!(schedule_freq(Some("DAILY".into())), None);
        assert_eq!(address_type("Mailing"), "postal");
        assert_eq!(address_type("virtual"), "virtual");
        assert_eq!(address_type("street"), "physical");
    }

    #[test]
    fn web_addresses_are_cleaned_or_left_out() {
        let w = |s: &str| web_address(Some(s.to_string()));
        assert_eq!(
            w("http://www.example.org    `"),
            Some("http://www.example.org".into())
        );
        assert_eq!(
            w("www.example.org/food"),
            Some("http://www.example.org/food".into())
        );
        assert_eq!(w("https://example.org/a b"), None);
        assert_eq!(w("call us"), None);
        assert_eq!(w(""), None);
    }

    #[test]
    fn email_addresses_are_checked() {
        let e = |s: &str| email_address(Some(s.to_string()));
        assert_eq!(e(" testy@example.org "), Some("testy@example.org".into()));
        assert_eq!(
            e("mailto:testy@example.org"),
            Some("testy@example.org".into())
        );
        assert_eq!(e("testy at example dot org"), None);
        assert_eq!(e("testy@localhost"), None);
        assert_eq!(e("a@b.org, c@d.org"), None);
    }
}
