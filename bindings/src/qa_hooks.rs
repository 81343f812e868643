//! QA hooks (feature `qa-hooks`, off in every app build): ways to make the core fail as a
//! bug would, which no member action can reach, so tests in Kotlin and Swift can prove a
//! panic arrives as `TamaruError.Internal` and that the core works on afterwards.

use tamaru_core::error::TamaruError;

use crate::MemberApp;

#[uniffi::export(async_runtime = "tokio")]
impl MemberApp {
    /// Panics inside a synchronous call (QA only).
    pub fn qa_panic(&self) -> Result<(), TamaruError> {
        crate::guard::sync(move || panic!("QA hook: a panic on purpose"))
    }

    /// Panics inside an async call after it has yielded once (QA only).
    pub async fn qa_panic_async(&self) -> Result<(), TamaruError> {
        crate::guard::run(async move {
            tokio::task::yield_now().await;
            panic!("QA hook: a panic on purpose, after an await")
        })
        .await
    }
}
