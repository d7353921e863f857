//! The page's stylesheet, icon and its one optional script, compiled into the binary and
//! served by Waypoint itself (no CDN, no external font). Their paths carry a version so
//! a browser may keep them for a day.

pub const STYLE_PATH: &str = "/assets/waypoint-2.css";
pub const SCRIPT_PATH: &str = "/assets/waypoint-2.js";
pub const ICON_PATH: &str = "/assets/waypoint-1.svg";

pub const STYLE: &str = include_str!("assets/waypoint.css");
pub const SCRIPT: &str = include_str!("assets/waypoint.js");
pub const ICON: &str = include_str!("assets/waypoint.svg");

/// The Content-Security-Policy of every page: only Waypoint's own stylesheet and script,
/// no inline script or style, forms sent only to Waypoint, never framed.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
