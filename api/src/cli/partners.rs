//! `waypoint partners …`: create partners, rotate and revoke their keys, list them. Output
//! is JSON on stdout; a new key is shown only here, once. Each change is entered in the
//! audit log as done by the command line.

use serde_json::{Value, json};
use waypoint_indexer::config::DEFAULT_DATABASE_URL;
use waypoint_indexer::redact::SecretUrl;
use waypoint_indexer::store::Store;

use crate::audit::Actor;
use crate::auth::Role;
use crate::partners::{NewPartner, admin, store};

#[derive(Debug, clap::Args)]
pub struct PartnersArgs {
    /// sqlite://PATH or postgres://…
    #[arg(long, env = "WAYPOINT_DATABASE_URL", hide_env_values = true, default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: SecretUrl,
    #[command(subcommand)]
    pub command: PartnersCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum PartnersCommand {
    /// Create a partner and print its id and first API key.
    Create {
        #[arg(long)]
        name: String,
        /// referrer, provider, coordinator or admin.
        #[arg(long)]
        role: Role,
        /// An HSDS organization whose services this provider receives referrals for
        /// (repeatable).
        #[arg(long = "organization-id")]
        organization_ids: Vec<String>,
    },
    /// Revoke a partner's active keys (or only --key-id).
    RevokeKey {
        #[arg(long)]
        partner_id: String,
        #[arg(long)]
        key_id: Option<String>,
    },
    /// Revoke a partner's active keys and print a new one.
    RotateKey {
        #[arg(long)]
        partner_id: String,
    },
    /// List partners and their keys (never the keys themselves).
    List,
}

/// Runs a partners command; the JSON to print, or a message for stderr.
pub fn run(args: &PartnersArgs) -> Result<Value, String> {
    let store = Store::open(args.database_url.expose()).map_err(|e| e.to_string())?;
    let mut conn = store.connect().map_err(|e| e.to_string())?;
    let conn = &mut conn;
    let db = |e: diesel::result::Error| format!("database: {e}");
    match &args.command {
        PartnersCommand::Create {
            name,
            role,
            organization_ids,
        } => {
            let new = NewPartner {
                name: name.clone(),
                role: *role,
                organization_ids: organization_ids.clone(),
            };
            new.validate().map_err(|(_, detail)| detail)?;
            let unknown = store::unknown_organizations(conn, &new.organization_ids).map_err(db)?;
            if !unknown.is_empty() {
                return Err(crate::partners::unknown_organizations_message(&unknown));
            }
            let (partner, key) = conn
                .in_transaction(|conn| {
                    let (partner, key) = store::create(conn, &new)?;
                    admin::audit_created(conn, &Actor::command_line(), &partner, &key.key_id)?;
                    Ok((partner, key))
                })
                .map_err(db)?;
            Ok(json!({"partner_id": partner.id, "api_key": key.api_key, "key_id": key.key_id}))
        }
        PartnersCommand::RevokeKey { partner_id, key_id } => {
            let revoked = conn
                .in_transaction(|conn| {
                    let revoked = store::revoke_keys(conn, partner_id, key_id.as_deref())?;
                    if revoked.is_some_and(|n| n > 0) {
                        let actor = Actor::command_line();
                        admin::audit_keys_revoked(conn, &actor, partner_id, key_id.as_deref())?;
                    }
                    Ok(revoked)
                })
                .map_err(db)?;
            match revoked {
                Some(revoked) => Ok(json!({"partner_id": partner_id, "revoked": revoked})),
                None => Err(format!("no partner {partner_id}")),
            }
        }
        PartnersCommand::RotateKey { partner_id } => {
            let rotated = conn
                .in_transaction(|conn| {
                    let key = store::rotate_key(conn, partner_id)?;
                    if let Some(key) = &key {
                        let actor = Actor::command_line();
                        admin::audit_key_issued(conn, &actor, partner_id, &key.key_id, true)?;
                    }
                    Ok(key)
                })
                .map_err(db)?;
            match rotated {
                Some(key) => Ok(json!(key)),
                None => Err(format!("no partner {partner_id}")),
            }
        }
        PartnersCommand::List => {
            let mut listed = Vec::new();
            for partner in store::list(conn).map_err(db)? {
                let keys = store::keys_of(conn, &partner.id).map_err(db)?;
                let mut item = json!(partner);
                item["keys"] = json!(keys);
                listed.push(item);
            }
            Ok(Value::Array(listed))
        }
    }
}
