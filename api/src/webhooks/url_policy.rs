//! Where Waypoint may send webhooks: http(s) URLs whose host resolves only to public
//! addresses, so a partner cannot make Waypoint call into a private network. Checked when
//! an endpoint is created and again at every delivery (by the resolver the deliverer's
//! client uses, since DNS answers can change).

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::sync::Arc;

use reqwest::Url;

/// How a webhook URL's host name becomes addresses: the system's resolver (DNS), or a
/// fixed table of names (tests and fuzzing), with which a name not in the table cannot be
/// resolved and no query leaves the machine. IP literals are addresses already, either way.
#[derive(Debug, Clone, Default)]
pub enum HostResolver {
    #[default]
    System,
    Fixed(Arc<BTreeMap<String, Vec<IpAddr>>>),
}

impl HostResolver {
    /// A fixed table of host names (matched ignoring case) and their addresses.
    pub fn fixed<'a>(pairs: impl IntoIterator<Item = (&'a str, IpAddr)>) -> HostResolver {
        let mut table: BTreeMap<String, Vec<IpAddr>> = BTreeMap::new();
        for (name, ip) in pairs {
            table.entry(name.to_ascii_lowercase()).or_default().push(ip);
        }
        HostResolver::Fixed(Arc::new(table))
    }

    /// Every address of `host` (a name or an IP literal, without brackets), with `port`.
    pub fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, String> {
        if let Ok(ip) = host.parse::<IpAddr>() {
            return Ok(vec![SocketAddr::new(ip, port)]);
        }
        let addrs: Vec<SocketAddr> = match self {
            HostResolver::System => (host, port)
                .to_socket_addrs()
                .map_err(|e| format!("the host {host} cannot be resolved: {e}"))?
                .collect(),
            HostResolver::Fixed(table) => table
                .get(&host.to_ascii_lowercase())
                .ok_or_else(|| format!("the host {host} cannot be resolved"))?
                .iter()
                .map(|ip| SocketAddr::new(*ip, port))
                .collect(),
        };
        if addrs.is_empty() {
            return Err(format!("the host {host} has no addresses"));
        }
        Ok(addrs)
    }
}

/// Parses an endpoint URL: absolute, `http` or `https`, with a host.
pub fn parse(text: &str) -> Result<Url, String> {
    let url = Url::parse(text.trim()).map_err(|e| format!("not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "webhook URLs must be http or https, not {}",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("the URL has no host".into());
    }
    Ok(url)
}

/// True for addresses on the public internet; false for private, loopback, link-local,
/// unique-local, unspecified, multicast and other special-purpose ranges.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6) && tunnelled_v4(v6).iter().all(|v4| is_public_v4(*v4)),
        },
    }
}

/// The IPv4 addresses a tunnelling IPv6 address carries, which a relay would reach: 6to4
/// (`2002:AABB:CCDD::/48` carries A.B.C.D, RFC 3056) and Teredo (`2001:0::/32` carries its
/// server in bits 32–63 and its client, inverted, in the last 32 bits, RFC 4380).
fn tunnelled_v4(ip: Ipv6Addr) -> Vec<Ipv4Addr> {
    let s = ip.segments();
    let v4 = |hi: u16, lo: u16| Ipv4Addr::from(((hi as u32) << 16) | lo as u32);
    match (s[0], s[1]) {
        (0x2002, _) => vec![v4(s[1], s[2])],
        (0x2001, 0x0000) => vec![v4(s[2], s[3]), v4(!s[6], !s[7])],
        _ => Vec::new(),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0 // "this network"
        || a >= 240 // reserved
        || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || (a == 192 && b == 0 && ip.octets()[2] == 0)) // IETF protocol assignments
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local fc00::/7
        || (first & 0xffc0) == 0xfe80 // link-local fe80::/10
        || (first & 0xffc0) == 0xfec0 // site-local (deprecated) fec0::/10
        || first == 0x2001 && ip.segments()[1] == 0x0db8 // documentation
        || first == 0x0064 && ip.segments()[1] == 0xff9b // NAT64, may reach IPv4 inside
        || ip.segments()[..6] == [0; 6]) // IPv4-compatible (deprecated)
}

/// Refuses an address Waypoint must not call, unless private ones are allowed.
pub fn check_address(ip: IpAddr, allow_private: bool) -> Result<(), String> {
    if allow_private || is_public(ip) {
        Ok(())
    } else {
        Err(format!(
            "{ip} is a private, loopback or otherwise non-public address"
        ))
    }
}

/// Resolves the URL's host (blocking) and checks every address it gives.
pub fn check_resolved(
    url: &Url,
    allow_private: bool,
    resolver: &HostResolver,
) -> Result<(), String> {
    let host = url.host_str().ok_or("the URL has no host")?;
    let port = url.port_or_known_default().unwrap_or(443);
    let addrs = resolver.resolve(host.trim_start_matches('[').trim_end_matches(']'), port)?;
    for addr in &addrs {
        check_address(addr.ip(), allow_private)?;
    }
    Ok(())
}

/// The deliverer's DNS resolver: refuses names that resolve to a non-public address at the
/// moment of connecting. (IP-literal URLs do not reach a resolver: the deliverer checks
/// them with [`check_resolved`].)
#[derive(Debug, Clone)]
pub struct PublicOnlyResolver {
    pub allow_private: bool,
    pub hosts: HostResolver,
}

impl reqwest::dns::Resolve for PublicOnlyResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let (allow_private, hosts) = (self.allow_private, self.hosts.clone());
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs = actix_web::rt::task::spawn_blocking(move || {
                let addrs = hosts.resolve(&host, 0)?;
                for addr in &addrs {
                    check_address(addr.ip(), allow_private)?;
                }
                Ok::<_, String>(addrs)
            })
            .await
            .map_err(|e| e.to_string())??;
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn only_http_and_https_urls_with_a_host() {
        assert!(parse("https://hooks.example.org/waypoint").is_ok());
        assert!(parse("http://hooks.example.org:8080/x?y=1").is_ok());
        assert!(parse("ftp://hooks.example.org/").is_err());
        assert!(parse("file:///etc/passwd").is_err());
        assert!(parse("hooks.example.org/waypoint").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn private_and_special_ipv4_addresses_are_refused() {
        for refused in [
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "127.0.0.1",
            "127.8.8.8",
            "169.254.169.254",
            "0.0.0.0",
            "255.255.255.255",
            "100.64.0.1",
            "224.0.0.1",
        ] {
            assert!(!is_public(ip(refused)), "{refused}");
        }
        for allowed in ["8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1"] {
            assert!(is_public(ip(allowed)), "{allowed}");
        }
    }

    #[test]
    fn private_and_special_ipv6_addresses_are_refused() {
        for refused in [
            "::1",
            "::",
            "fd12:3456:789a::1",
            "fc00::1",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "2001:db8::1",
            // 6to4 wrapping 10.0.0.1, 192.168.1.1 and 127.0.0.1.
            "2002:a00:1::1",
            "2002:c0a8:101::",
            "2002:7f00:1::1",
            // Teredo: a client 10.0.0.1 (inverted: f5ff:fffe) through a public server, and a
            // public client through a private server 10.0.0.1.
            "2001:0:4136:e378:8000:63bf:f5ff:fffe",
            "2001:0:a00:1:8000:63bf:f7f7:f7f7",
        ] {
            assert!(!is_public(ip(refused)), "{refused}");
        }
        for allowed in [
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
            // 6to4 and Teredo wrapping public addresses (8.8.8.8).
            "2002:808:808::1",
            "2001:0:4136:e378:8000:63bf:f7f7:f7f7",
        ] {
            assert!(is_public(ip(allowed)), "{allowed}");
        }
    }

    #[test]
    fn resolved_hosts_are_checked_unless_private_is_allowed() {
        let hosts = HostResolver::fixed([
            ("localhost", ip("127.0.0.1")),
            ("hooks.example.org", ip("8.8.8.8")),
        ]);
        let loopback = parse("http://127.0.0.1:9/hook").unwrap();
        assert!(check_resolved(&loopback, false, &hosts).is_err());
        assert!(check_resolved(&loopback, true, &hosts).is_ok());
        let v6 = parse("http://[::1]:9/hook").unwrap();
        assert!(check_resolved(&v6, false, &hosts).is_err());
        let localhost = parse("http://LocalHost:9/hook").unwrap();
        assert!(check_resolved(&localhost, false, &hosts).is_err());
        assert!(check_resolved(&localhost, true, &hosts).is_ok());
        let public = parse("https://hooks.example.org/hook").unwrap();
        assert!(check_resolved(&public, false, &hosts).is_ok());
    }

    #[test]
    fn a_fixed_table_resolves_only_its_names() {
        let hosts = HostResolver::fixed([("hooks.example.org", ip("8.8.8.8"))]);
        let nowhere = parse("https://nowhere.example.org/hook").unwrap();
        let refused = check_resolved(&nowhere, true, &hosts).unwrap_err();
        assert!(refused.contains("cannot be resolved"), "{refused}");
        assert_eq!(
            hosts.resolve("8.8.4.4", 443).unwrap(),
            vec!["8.8.4.4:443".parse().unwrap()]
        );
    }
}
