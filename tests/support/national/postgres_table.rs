//! The yardstick: the same listings in one PostgreSQL table searched the usual way
//! (a `tsvector` with a GIN index, a latitude/longitude box narrowed to the exact distance,
//! and one statement answering the count and a page of 20), so Waypoint's figures come
//! with a ratio to what a team would otherwise build.

use std::io::Write;
use std::time::{Duration, Instant};

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Text};
use tantivy::schema::Value;
use waypoint_indexer::index::SearchIndex;
use waypoint_indexer::model::geography::Point;

use super::queries::BenchQuery;

/// The table, filled and indexed.
pub struct PostgresTable {
    conn: PgConnection,
    pub rows: u64,
    pub fill: Duration,
}

#[derive(QueryableByName)]
struct Counted {
    #[diesel(sql_type = BigInt)]
    total: i64,
}

/// One CSV field, quoted.
fn csv(value: &str) -> String {
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// A PostgreSQL text array literal of simple words (slugs, language codes).
fn array(values: &[String]) -> String {
    format!("{{{}}}", values.join(","))
}

impl PostgresTable {
    /// Fills a table in the database at `url` with every document of `index`.
    pub fn fill(url: &str, index: &SearchIndex) -> PostgresTable {
        let started = Instant::now();
        let mut conn = PgConnection::establish(url).expect("the comparison database opens");
        // The server reads the rows from a file, as COPY does fastest; the file must be
        // readable by the server's own user.
        let path = std::env::temp_dir().join(format!("waypoint-bench-{}.csv", std::process::id()));
        let rows = write_rows(index, &path);
        for statement in [
            "CREATE TABLE bench_services (
                id text PRIMARY KEY, name text NOT NULL, description text NOT NULL,
                category text[] NOT NULL, languages text[] NOT NULL, free boolean NOT NULL,
                latitude double precision NOT NULL, longitude double precision NOT NULL,
                tsv tsvector GENERATED ALWAYS AS
                    (to_tsvector('english', name || ' ' || description)) STORED)",
            &format!(
                "COPY bench_services (id, name, description, category, languages, free, latitude, longitude) FROM '{}' WITH (FORMAT csv)",
                path.display()
            ),
            "CREATE INDEX ON bench_services USING gin (tsv)",
            "CREATE INDEX ON bench_services (latitude, longitude)",
            "CREATE INDEX ON bench_services USING gin (category)",
            "ANALYZE bench_services",
        ] {
            diesel::sql_query(statement)
                .execute(&mut conn)
                .unwrap_or_else(|e| panic!("{e}: {statement}"));
        }
        let _ = std::fs::remove_file(&path);
        PostgresTable {
            conn,
            rows,
            fill: started.elapsed(),
        }
    }

    /// Runs one query: the count of every match and its first page.
    pub fn search(&mut self, q: &BenchQuery) -> i64 {
        let mut sql = String::from(
            "WITH m AS (SELECT id, ts_rank(tsv, query) AS rank,
                6371.0088 * 2 * asin(sqrt(power(sin(radians(latitude - $1) / 2), 2)
                  + cos(radians($1)) * cos(radians(latitude))
                  * power(sin(radians(longitude - $2) / 2), 2))) AS km
              FROM bench_services, plainto_tsquery('english', $3) AS query
              WHERE latitude BETWEEN $4 AND $5 AND longitude BETWEEN $6 AND $7",
        );
        let around = Point::lat_lon(q.lat, q.lon).box_around(q.radius_km);
        let (min, max) = (around.min(), around.max());
        let mut texts: Vec<String> = Vec::new();
        if q.text.is_some() {
            sql.push_str(" AND tsv @@ query");
        }
        if let Some(c) = q.category {
            texts.push(c.to_string());
            sql.push_str(&format!(" AND category @> ARRAY[${}]", 8 + texts.len() - 1));
        }
        if let Some(l) = q.language {
            texts.push(l.to_string());
            sql.push_str(&format!(
                " AND languages @> ARRAY[${}]",
                8 + texts.len() - 1
            ));
        }
        if q.free {
            sql.push_str(" AND free");
        }
        let radius = 8 + texts.len();
        sql.push_str(&format!(
            ") SELECT count(*) OVER () AS total FROM m WHERE km <= ${radius} ORDER BY {} LIMIT 20",
            if q.by_distance { "km" } else { "rank DESC, km" }
        ));
        let mut query = diesel::sql_query(sql)
            .into_boxed::<Pg>()
            .bind::<Double, _>(q.lat)
            .bind::<Double, _>(q.lon)
            .bind::<Text, _>(q.text.clone().unwrap_or_default())
            .bind::<Double, _>(min.y)
            .bind::<Double, _>(max.y)
            .bind::<Double, _>(min.x)
            .bind::<Double, _>(max.x);
        for t in texts {
            query = query.bind::<Text, _>(t);
        }
        let rows: Vec<Counted> = query
            .bind::<Double, _>(q.radius_km)
            .load(&mut self.conn)
            .expect("the comparison query runs");
        rows.first().map_or(0, |r| r.total)
    }
}

/// Writes every document of the index as a CSV row; answers how many.
fn write_rows(index: &SearchIndex, path: &std::path::Path) -> u64 {
    let file = std::fs::File::create(path).expect("the CSV file is written");
    let mut out = std::io::BufWriter::new(file);
    let searcher = index.searcher().expect("the index opens");
    let f = index.fields();
    let mut rows = 0;
    for segment in searcher.segment_readers() {
        let store = segment
            .get_store_reader(64)
            .expect("the document store opens");
        let filters = segment
            .fast_fields()
            .str("filter")
            .expect("the filter column opens");
        for doc_id in segment.doc_ids_alive() {
            let doc: tantivy::TantivyDocument = store.get(doc_id).expect("a stored document");
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            let all = |field| -> Vec<String> {
                doc.get_all(field)
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            };
            let number = |field| doc.get_first(field).and_then(|v| v.as_f64());
            let (Some(lat), Some(lon)) = (number(f.latitude), number(f.longitude)) else {
                continue;
            };
            let free = filters.as_ref().is_some_and(|column| {
                column.term_ords(doc_id).any(|ord| {
                    let mut term = String::new();
                    column.ord_to_str(ord, &mut term).is_ok() && term == "free:true"
                })
            });
            writeln!(
                out,
                "{},{},{},{},{},{},{lat},{lon}",
                csv(&text(f.id)),
                csv(&text(f.name)),
                csv(&text(f.description)),
                csv(&array(&all(f.category))),
                csv(&array(&all(f.language))),
                free,
            )
            .expect("the CSV file is written");
            rows += 1;
        }
    }
    out.flush().expect("the CSV file is written");
    rows
}
