//! Canonical URLs: the form under which one story is stored once.
//!
//! `http` and `https`, `www.` or not, a trailing slash, a fragment, tracking
//! parameters (`utm_*`, `fbclid`, ...) and parameter order do not make a
//! different story; AMP variants (`/amp`, `?amp`, `amp.` hosts) neither.

use url::Url;

const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "ocid",
    "cmpid",
    "xtor",
    "smid",
    "smtyp",
    "ref",
    "ref_src",
    "ref_url",
    "src",
    "share",
    "via",
    "_ga",
    "spm",
    "amp",
    "outputtype",
];

/// `raw` as an absolute http(s) address with a host, or `None`.
pub fn web_address(raw: &str) -> Option<Url> {
    Url::parse(raw.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

/// Canonical form of a URL, or `None` when it is not an absolute http(s) URL.
pub fn canonicalize(raw: &str) -> Option<String> {
    let mut url = web_address(raw)?;
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host
        .strip_prefix("www.")
        .or_else(|| host.strip_prefix("amp."))
        .unwrap_or(&host)
        .to_string();
    let mut params: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| {
            let k = k.to_ascii_lowercase();
            !k.starts_with("utm_")
                && !k.starts_with("at_")
                && !TRACKING_PARAMS.contains(&k.as_str())
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    params.sort();
    let mut path = url.path().to_string();
    for suffix in ["/amp", "/amp/", ".amp"] {
        if path.len() > suffix.len() && path.ends_with(suffix) {
            path.truncate(path.len() - suffix.len());
        }
    }
    while path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    url.set_fragment(None);
    url.set_query(None);
    url.set_path(&path);
    let mut out = format!("https://{host}{}", url.path());
    if !params.is_empty() {
        let query: Vec<String> = params
            .iter()
            .map(|(k, v)| {
                if v.is_empty() {
                    k.clone()
                } else {
                    format!("{k}={v}")
                }
            })
            .collect();
        out.push('?');
        out.push_str(&query.join("&"));
    }
    Some(out)
}

/// The host without `www.`, as shown for an outlet without a site name.
pub fn site_of(raw: &str) -> Option<String> {
    let url = Url::parse(raw).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// The first label of the host, the outlet's usual name for itself:
/// "https://www.rapid7.com/blog" -> "rapid7".
pub fn host_stem(raw: &str) -> Option<String> {
    let site = site_of(raw)?;
    site.split('.').next().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_of_one_story_share_a_canonical_url() {
        let want = Some("https://rfi.fr/en/africa/mali-france".to_string());
        for raw in [
            "https://www.rfi.fr/en/africa/mali-france",
            "http://rfi.fr/en/africa/mali-france/",
            "https://www.rfi.fr/en/africa/mali-france?utm_source=twitter&fbclid=abc#top",
            "https://www.rfi.fr/en/africa/mali-france/amp",
        ] {
            assert_eq!(canonicalize(raw), want, "{raw}");
        }
    }

    #[test]
    fn meaningful_parameters_stay_sorted() {
        assert_eq!(
            canonicalize("https://example.org/story?b=2&a=1&utm_medium=x").as_deref(),
            Some("https://example.org/story?a=1&b=2")
        );
    }

    #[test]
    fn host_stems_name_the_outlet() {
        assert_eq!(
            host_stem("https://www.rapid7.com/blog/x").as_deref(),
            Some("rapid7")
        );
        assert_eq!(host_stem("not a url"), None);
    }

    #[test]
    fn non_web_urls_have_no_canonical_form() {
        assert_eq!(canonicalize("file:///tmp/x.html"), None);
        assert_eq!(canonicalize("not a url"), None);
    }
}
