//! A self-check for tests and contract fuzzing (`WAYPOINT_CHECK_CONTRACT`): every answer
//! to a documented operation must be one its OpenAPI entry describes, a status it lists
//! and, for a problem, a `type` that status lists. An answer that is not becomes a 500
//! naming the mismatch, so any test that meets it fails, and the log says why.

use actix_web::body::{self, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse};

use super::known_parameters::{Operation, operation_at};

/// Why an answer of `status` (a problem of `problem_type`, if one) is not documented.
pub fn mismatch(op: &Operation, status: u16, problem_type: Option<&str>) -> Option<String> {
    let code = status.to_string();
    let range = format!("{}XX", status / 100);
    let Some((key, types)) = [code.as_str(), range.as_str(), "default"]
        .iter()
        .find_map(|k| op.answers.get_key_value(*k))
    else {
        return Some(format!(
            "{} {} answered {status}, which its documentation does not list",
            op.method, op.template
        ));
    };
    match (types, problem_type) {
        (Some(types), Some(t)) if !types.contains(t) => Some(format!(
            "{} {} answered {key} with the problem {t}, which its documentation does not list for {key}",
            op.method, op.template
        )),
        _ => None,
    }
}

pub async fn check_answers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let path = req.match_info().as_str().to_string();
    let op = operation_at(req.method().as_str(), &path);
    let res = next.call(req).await?.map_into_boxed_body();
    let Some(op) = op else {
        return Ok(res);
    };
    let status = res.status().as_u16();
    let is_problem = res
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if !is_problem {
        return Ok(match mismatch(op, status, None) {
            Some(why) => broken(res, why),
            None => res,
        });
    }
    let (req, response) = res.into_parts();
    let (head, payload) = response.into_parts();
    let bytes = body::to_bytes(payload).await.unwrap_or_default();
    let problem_type = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| v["type"].as_str().map(str::to_string))
        .unwrap_or_default();
    let res = ServiceResponse::new(req, head.set_body(BoxBody::new(bytes)));
    Ok(match mismatch(op, status, Some(&problem_type)) {
        Some(why) => broken(res, why),
        None => res,
    })
}

/// The answer replaced by a 500 that says what did not match.
fn broken(res: ServiceResponse<BoxBody>, why: String) -> ServiceResponse<BoxBody> {
    tracing::error!(mismatch = %why, "an answer its documentation does not describe");
    let (req, _) = res.into_parts();
    let answer = HttpResponse::InternalServerError()
        .content_type("text/plain")
        .body(format!("contract check: {why}"));
    ServiceResponse::new(req, answer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::ResponseError;

    const TYPES: &str = "https://waypoint.example.org/problems/";

    #[test]
    fn an_undocumented_status_or_problem_type_is_a_mismatch() {
        let admit = operation_at("POST", "/v1/waitlists/svc-1/entries/e-1/admit")
            .expect("admit is documented");
        assert_eq!(mismatch(admit, 200, None), None);
        assert_eq!(
            mismatch(admit, 409, Some(&format!("{TYPES}no-free-unit"))),
            None
        );
        let why = mismatch(admit, 409, Some(&format!("{TYPES}illegal-transition"))).unwrap();
        assert!(why.contains("illegal-transition"), "{why}");
        assert!(mismatch(admit, 302, None).unwrap().contains("302"));
    }

    /// The middleware in an app: a documented path answered as documented passes; an
    /// undocumented status or problem type becomes a 500 that names it.
    #[actix_web::test]
    async fn an_answer_the_document_does_not_describe_becomes_a_500() {
        use actix_web::{App, test, web};
        let app = test::init_service(
            App::new()
                .wrap(actix_web::middleware::from_fn(check_answers))
                .route(
                    "/v1/partners/me",
                    web::get().to(|| async { HttpResponse::ImATeapot().finish() }),
                )
                .route(
                    "/v1/referrals/{id}",
                    web::get().to(|| async {
                        crate::error::ApiError::NotFound("no such referral".into()).error_response()
                    }),
                )
                .route(
                    "/v1/webhooks",
                    web::post().to(|| async {
                        crate::error::ApiError::rule(
                            crate::problems::ProblemType::NoFreeUnit,
                            "not here",
                        )
                        .error_response()
                    }),
                ),
        )
        .await;
        let call = |path: &'static str| test::TestRequest::get().uri(path).to_request();
        let res = test::call_service(&app, call("/v1/referrals/r-1")).await;
        assert_eq!(res.status(), 404);
        let res = test::call_service(&app, call("/v1/partners/me")).await;
        assert_eq!(res.status(), 500);
        let body = test::read_body(res).await;
        assert!(String::from_utf8_lossy(&body).contains("answered 418"));
        let post = test::TestRequest::post().uri("/v1/webhooks").to_request();
        let res = test::call_service(&app, post).await;
        assert_eq!(res.status(), 500);
        let body = test::read_body(res).await;
        assert!(String::from_utf8_lossy(&body).contains("no-free-unit"));
    }
}
