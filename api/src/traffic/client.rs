//! Which address a request comes from, for the limits: the peer of the connection, or,
//! only when that peer is a proxy the operator named, the address it says it forwarded.

use std::net::{IpAddr, Ipv6Addr};

/// The client address of a request (put in the request's extensions by the rate limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

/// Parses `WAYPOINT_TRUSTED_PROXIES`: comma-separated IP addresses.
pub fn parse_proxies(text: &str) -> Result<Vec<IpAddr>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpAddr>()
                .map_err(|_| format!("trusted proxy {s:?} is not an IP address"))
        })
        .collect()
}

/// The client behind `peer`: `peer` itself, unless it is a trusted proxy; then the last
/// address of `X-Forwarded-For` that is not one of the trusted proxies (each proxy appends
/// the address it saw, so earlier entries are the client's own word and can be forged).
pub fn client_address(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let Some(list) = forwarded_for else {
        return peer;
    };
    let mut found = peer;
    for entry in list.rsplit(',').map(str::trim) {
        match entry.parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => found = ip,
            Ok(ip) => return ip,
            // Something that is not an address: stop at the last one trusted.
            Err(_) => return found,
        }
    }
    found
}

/// The address limits count against: an IPv6 client by its /64 network (one household or
/// host gets a whole /64, so counting single addresses would let it take billions of
/// buckets), an IPv4 client by its address.
pub fn counted_address(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_ignored_unless_the_peer_is_trusted() {
        let peer = ip("203.0.113.7");
        assert_eq!(client_address(peer, Some("198.51.100.1"), &[]), peer);
        assert_eq!(
            client_address(peer, Some("198.51.100.1"), &[ip("10.0.0.1")]),
            peer
        );
    }

    #[test]
    fn a_trusted_proxy_gives_the_last_untrusted_forwarded_address() {
        let proxy = ip("10.0.0.1");
        let trusted = [proxy, ip("10.0.0.2")];
        // The client forged the first entry; the proxies appended the real one.
        assert_eq!(
            client_address(proxy, Some("1.2.3.4, 198.51.100.9, 10.0.0.2"), &trusted),
            ip("198.51.100.9")
        );
        assert_eq!(client_address(proxy, None, &trusted), proxy);
        assert_eq!(client_address(proxy, Some("junk"), &trusted), proxy);
    }

    #[test]
    fn proxies_parse_from_a_comma_list() {
        assert_eq!(
            parse_proxies(" 10.0.0.1, ::1 ,").unwrap(),
            vec![ip("10.0.0.1"), ip("::1")]
        );
        assert!(parse_proxies("10.0.0.0/8").is_err());
        assert!(parse_proxies("").unwrap().is_empty());
    }

    #[test]
    fn ipv6_clients_count_by_their_64() {
        assert_eq!(
            counted_address(ip("2001:db8:1:2:aaaa::1")),
            ip("2001:db8:1:2::")
        );
        assert_eq!(counted_address(ip("::ffff:1.2.3.4")), ip("1.2.3.4"));
        assert_eq!(counted_address(ip("1.2.3.4")), ip("1.2.3.4"));
    }
}
