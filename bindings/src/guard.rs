//! Panics never cross the FFI as a crash, and a fallible call never ends in an untyped
//! exception: every exported function that returns `Result<_, TamaruError>` runs its body
//! under [`sync`] or [`run`], which turn a panic (a bug in the core) into
//! [`TamaruError::Internal`]. Kotlin gets `TamaruException.Internal`, Swift
//! `TamaruError.internal`, and the app shows the core's text instead of dying.
//!
//! UniFFI catches panics by itself too, but hands them over as `InternalException`
//! (Kotlin) or `UniffiInternalError.rustPanic` (Swift), which no app switches on. Functions
//! that cannot fail (`check_password`, …) keep that fallback: their signature has no error.
//!
//! The core stays usable after a caught panic: its locks recover from poisoning
//! (`Storage::conn`), and nothing else is held across a call. The panic's message is not
//! put into the error (it may quote a value); the panic hook still prints it to the log.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

use tamaru_core::error::TamaruError;

/// Runs a synchronous body, a panic becoming [`TamaruError::Internal`].
pub(crate) fn sync<T>(body: impl FnOnce() -> Result<T, TamaruError>) -> Result<T, TamaruError> {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| Err(internal()))
}

/// Runs an async body, a panic in any of its polls becoming [`TamaruError::Internal`].
pub(crate) async fn run<T>(
    body: impl Future<Output = Result<T, TamaruError>>,
) -> Result<T, TamaruError> {
    CatchUnwind(Box::pin(body)).await
}

struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future<Output = Result<T, TamaruError>>, T> Future for CatchUnwind<F> {
    type Output = Result<T, TamaruError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.get_mut().0.as_mut();
        catch_unwind(AssertUnwindSafe(|| inner.poll(cx)))
            .unwrap_or_else(|_| Poll::Ready(Err(internal())))
    }
}

fn internal() -> TamaruError {
    tracing::error!("a panic in the core was caught at the FFI");
    TamaruError::Internal {
        detail: "the core failed unexpectedly".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_sync_body_is_a_typed_error() {
        let result: Result<(), TamaruError> = sync(|| panic!("card 4980123412341234"));
        let e = result.expect_err("caught");
        assert_eq!(e.code(), "internal");
        assert!(
            !format!("{e:?}").contains("4980"),
            "no panic text in the error"
        );
        assert_eq!(sync(|| Ok(7)), Ok(7));
    }

    #[tokio::test]
    async fn a_panic_after_an_await_is_a_typed_error() {
        let result: Result<(), TamaruError> = run(async {
            tokio::task::yield_now().await;
            panic!("later")
        })
        .await;
        assert_eq!(result.map_err(|e| e.code()), Err("internal"));
        assert_eq!(run(async { Ok(7) }).await, Ok(7));
    }
}
