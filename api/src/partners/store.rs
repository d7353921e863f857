//! Partners and keys in the store. Every change runs in one transaction.

use diesel::prelude::*;
use waypoint_indexer::model::Keyword;
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::schema::{partner_keys, partner_organizations, partners};
use waypoint_indexer::with_conn;

use super::{IssuedKey, KeyInfo, NewPartner, Partner};
use crate::auth::{Role, keys};
use crate::clock;

type Row = (String, String, String, String, Option<String>);

fn organizations_of(conn: &mut DbConnection, partner_id: &str) -> QueryResult<Vec<String>> {
    with_conn!(conn, |c| partner_organizations::table
        .filter(partner_organizations::partner_id.eq(partner_id))
        .select(partner_organizations::organization_id)
        .order(partner_organizations::organization_id)
        .load(c))
}

fn from_row(conn: &mut DbConnection, row: Row) -> QueryResult<Partner> {
    let (id, name, role, created_at, disabled_at) = row;
    let organization_ids = organizations_of(conn, &id)?;
    Ok(Partner {
        role: Role::parse(&role).ok_or_else(|| {
            diesel::result::Error::DeserializationError(format!("unknown role {role:?}").into())
        })?,
        id,
        name,
        organization_ids,
        created_at,
        disabled_at,
    })
}

/// Creates a partner and its first key.
/// The organization ids of `ids` that no loaded listing has.
pub fn unknown_organizations(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<String>> {
    use waypoint_indexer::store::schema::organizations;
    let wanted: Vec<&str> = ids.iter().map(|i| i.trim()).collect();
    let known: Vec<String> = with_conn!(conn, |c| organizations::table
        .filter(organizations::id.eq_any(&wanted))
        .select(organizations::id)
        .load(c))?;
    Ok(wanted
        .into_iter()
        .filter(|w| !known.iter().any(|k| k == w))
        .map(str::to_string)
        .collect())
}

pub fn create(conn: &mut DbConnection, new: &NewPartner) -> QueryResult<(Partner, IssuedKey)> {
    conn.in_transaction(|conn| {
        let id = uuid::Uuid::new_v4().to_string();
        let now = clock::now();
        with_conn!(&mut *conn, |c| diesel::insert_into(partners::table)
            .values((
                partners::id.eq(&id),
                partners::name.eq(new.name.trim()),
                partners::role.eq(new.role.as_str()),
                partners::created_at.eq(&now),
            ))
            .execute(c))?;
        let mut orgs = new.organization_ids.clone();
        orgs.sort();
        orgs.dedup();
        for org in &orgs {
            with_conn!(&mut *conn, |c| diesel::insert_into(
                partner_organizations::table
            )
            .values((
                partner_organizations::partner_id.eq(&id),
                partner_organizations::organization_id.eq(org.trim()),
            ))
            .execute(c))?;
        }
        let key = insert_key(conn, &id)?;
        let partner = get(conn, &id)?.ok_or(diesel::result::Error::NotFound)?;
        Ok((partner, key))
    })
}

/// Issues an extra key, keeping the current ones (for rotation without downtime); `None`
/// when the partner does not exist.
pub fn add_key(conn: &mut DbConnection, partner_id: &str) -> QueryResult<Option<IssuedKey>> {
    conn.in_transaction(|conn| {
        if get(conn, partner_id)?.is_none() {
            return Ok(None);
        }
        insert_key(conn, partner_id).map(Some)
    })
}

fn insert_key(conn: &mut DbConnection, partner_id: &str) -> QueryResult<IssuedKey> {
    let api_key = keys::generate();
    let key_id = uuid::Uuid::new_v4().to_string();
    with_conn!(conn, |c| diesel::insert_into(partner_keys::table)
        .values((
            partner_keys::id.eq(&key_id),
            partner_keys::partner_id.eq(partner_id),
            partner_keys::key_hash.eq(keys::hash(&api_key)),
            partner_keys::created_at.eq(clock::now()),
        ))
        .execute(c))?;
    Ok(IssuedKey {
        partner_id: partner_id.to_string(),
        key_id,
        api_key,
    })
}

pub fn get(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Partner>> {
    let row: Option<Row> = with_conn!(&mut *conn, |c| partners::table
        .find(id)
        .select((
            partners::id,
            partners::name,
            partners::role,
            partners::created_at,
            partners::disabled_at,
        ))
        .first(c)
        .optional())?;
    row.map(|r| from_row(conn, r)).transpose()
}

pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<Partner>> {
    let rows: Vec<Row> = with_conn!(&mut *conn, |c| partners::table
        .select((
            partners::id,
            partners::name,
            partners::role,
            partners::created_at,
            partners::disabled_at,
        ))
        .order((partners::created_at, partners::id))
        .load(c))?;
    rows.into_iter().map(|r| from_row(conn, r)).collect()
}

pub fn keys_of(conn: &mut DbConnection, partner_id: &str) -> QueryResult<Vec<KeyInfo>> {
    let rows: Vec<(String, String, Option<String>)> = with_conn!(conn, |c| partner_keys::table
        .filter(partner_keys::partner_id.eq(partner_id))
        .select((
            partner_keys::id,
            partner_keys::created_at,
            partner_keys::revoked_at,
        ))
        .order((partner_keys::created_at, partner_keys::id))
        .load(c))?;
    Ok(rows
        .into_iter()
        .map(|(id, created_at, revoked_at)| KeyInfo {
            id,
            created_at,
            revoked_at,
        })
        .collect())
}

/// Revokes the partner's active keys (or only `key_id`); returns how many were revoked,
/// `None` when the partner does not exist.
pub fn revoke_keys(
    conn: &mut DbConnection,
    partner_id: &str,
    key_id: Option<&str>,
) -> QueryResult<Option<usize>> {
    conn.in_transaction(|conn| {
        if get(conn, partner_id)?.is_none() {
            return Ok(None);
        }
        let now = clock::now();
        let revoked = with_conn!(conn, |c| {
            let active = partner_keys::table
                .filter(partner_keys::partner_id.eq(partner_id))
                .filter(partner_keys::revoked_at.is_null());
            match key_id {
                Some(k) => diesel::update(active.filter(partner_keys::id.eq(k)))
                    .set(partner_keys::revoked_at.eq(&now))
                    .execute(c),
                None => diesel::update(active)
                    .set(partner_keys::revoked_at.eq(&now))
                    .execute(c),
            }
        })?;
        Ok(Some(revoked))
    })
}

/// Revokes every active key of the partner and issues a new one; `None` when the partner
/// does not exist.
pub fn rotate_key(conn: &mut DbConnection, partner_id: &str) -> QueryResult<Option<IssuedKey>> {
    conn.in_transaction(|conn| {
        if revoke_keys(conn, partner_id, None)?.is_none() {
            return Ok(None);
        }
        insert_key(conn, partner_id).map(Some)
    })
}

/// Disables a partner: none of its keys work any more. `None` when it does not exist.
pub fn disable(conn: &mut DbConnection, partner_id: &str) -> QueryResult<Option<Partner>> {
    conn.in_transaction(|conn| {
        let now = clock::now();
        with_conn!(&mut *conn, |c| diesel::update(
            partners::table
                .find(partner_id)
                .filter(partners::disabled_at.is_null())
        )
        .set(partners::disabled_at.eq(&now))
        .execute(c))?;
        get(conn, partner_id)
    })
}

/// The enabled partner holding the active key with this hash.
pub fn by_key_hash(conn: &mut DbConnection, key_hash: &str) -> QueryResult<Option<Partner>> {
    let id: Option<String> = with_conn!(&mut *conn, |c| partner_keys::table
        .inner_join(partners::table)
        .filter(partner_keys::key_hash.eq(key_hash))
        .filter(partner_keys::revoked_at.is_null())
        .filter(partners::disabled_at.is_null())
        .select(partners::id)
        .first(c)
        .optional())?;
    match id {
        Some(id) => get(conn, &id),
        None => Ok(None),
    }
}
