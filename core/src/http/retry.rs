//! Retries of requests that are safe to repeat: reads, and writes that carry their
//! idempotency key (the server answers a repeat with the first result).
//!
//! - Every attempt has its own time-out ([`RetryPolicy::attempt_timeout`]).
//! - Only transient failures are retried: no answer (connect, time-out, an answer cut off),
//!   408, 429, 5xx, and a 2xx that is not JSON (a captive portal's page). A refusal (4xx)
//!   is an answer and is never repeated.
//! - The waits grow exponentially with *full jitter* (a random wait between 0 and the
//!   exponential cap), so phones that failed together do not come back together; a
//!   `Retry-After` the server sent replaces the wait (capped).
//! - Attempts are bounded per request, and a client-wide budget bounds retries across
//!   requests: when the server keeps failing, retries stop instead of multiplying the load
//!   (a retry storm). Successes refill the budget slowly.
//!
//! The retry loop is `backon`'s (maintained; the `backoff` crate is not); the waits come
//! from [`FullJitter`] and the sleeper is injected, so tests need not wait.

use std::sync::Mutex;
use std::time::Duration;

use backon::{Retryable, Sleeper};

use super::ApiError;

/// How requests are timed and retried. [`RetryPolicy::default`] suits phones;
/// [`RetryPolicy::fast`] keeps tests quick.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// The longest one attempt may take, connect to last byte.
    pub attempt_timeout: Duration,
    /// Attempts per request, the first included (1: no retry).
    pub max_attempts: u32,
    /// The cap of the first wait; it doubles per retry.
    pub base_delay: Duration,
    /// No wait is longer than this.
    pub max_delay: Duration,
    /// A server's `Retry-After` is honoured up to this; a longer one is cut to it.
    pub max_retry_after: Duration,
    /// Retries the client may make before successes earn more (the storm guard).
    pub budget: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempt_timeout: Duration::from_secs(15),
            max_attempts: 4,
            base_delay: Duration::from_millis(300),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
            budget: 20,
        }
    }
}

impl RetryPolicy {
    /// Short waits for tests against the loopback sandbox.
    pub fn fast() -> Self {
        Self {
            attempt_timeout: Duration::from_secs(5),
            max_attempts: 4,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(100),
            max_retry_after: Duration::from_millis(200),
            budget: 1000,
        }
    }
}

/// Exponential back-off with full jitter: wait `n` is uniform in `0..=min(max, base * 2^n)`.
pub struct FullJitter {
    base: Duration,
    max: Duration,
    retries_left: u32,
    step: u32,
    rng: u64,
}

impl FullJitter {
    pub fn new(policy: &RetryPolicy, seed: u64) -> Self {
        Self {
            base: policy.base_delay,
            max: policy.max_delay,
            retries_left: policy.max_attempts.saturating_sub(1),
            step: 0,
            rng: seed,
        }
    }
}

impl Iterator for FullJitter {
    type Item = Duration;

    fn next(&mut self) -> Option<Duration> {
        if self.retries_left == 0 {
            return None;
        }
        self.retries_left -= 1;
        let cap = self
            .base
            .saturating_mul(1u32 << self.step.min(20))
            .min(self.max);
        self.step += 1;
        let cap_nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
        let wait = if cap_nanos == 0 {
            0
        } else {
            splitmix(&mut self.rng) % (cap_nanos + 1)
        };
        Some(Duration::from_nanos(wait))
    }
}

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A random seed for one request's jitter.
pub(crate) fn random_seed() -> u64 {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        // Jitter only needs spread, not secrecy.
        return std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
    }
    u64::from_le_bytes(bytes)
}

/// The client-wide retry budget: each retry takes a token, each success gives back a
/// tenth of one, up to the policy's budget (counted in tenths, so no rounding drifts).
#[derive(Debug)]
pub struct RetryBudget {
    tenths: Mutex<u32>,
    max_tenths: u32,
}

impl RetryBudget {
    pub fn new(max: u32) -> Self {
        let max_tenths = max.saturating_mul(10);
        Self {
            tenths: Mutex::new(max_tenths),
            max_tenths,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, u32> {
        self.tenths.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes a token for one retry; false when the budget is spent.
    pub fn withdraw(&self) -> bool {
        let mut tenths = self.lock();
        if *tenths >= 10 {
            *tenths -= 10;
            true
        } else {
            false
        }
    }

    pub fn deposit(&self) {
        let mut tenths = self.lock();
        *tenths = (*tenths + 1).min(self.max_tenths);
    }

    /// Whole retries left.
    pub fn tokens(&self) -> u32 {
        *self.lock() / 10
    }
}

/// One failed attempt: the error, whether another attempt may help, and how long the
/// server asked to wait.
#[derive(Debug)]
pub struct Failure {
    pub error: ApiError,
    pub transient: bool,
    pub retry_after: Option<Duration>,
}

impl Failure {
    pub fn permanent(error: ApiError) -> Self {
        Self {
            error,
            transient: false,
            retry_after: None,
        }
    }

    pub fn transient(error: ApiError, retry_after: Option<Duration>) -> Self {
        Self {
            error,
            transient: true,
            retry_after,
        }
    }
}

/// Whether a status is worth another attempt (the server may do better in a moment).
pub fn transient_status(status: u16) -> bool {
    matches!(status, 408 | 429) || (500..=599).contains(&status)
}

/// `Retry-After` in seconds (the HTTP-date form is rare from APIs and is ignored).
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// Runs `attempt` until it succeeds, fails for good, or the attempts or the budget run
/// out; the error is then the last attempt's. `repeatable` false: one attempt only.
pub async fn run<T, F, Fut, S>(
    policy: &RetryPolicy,
    budget: &RetryBudget,
    sleeper: S,
    repeatable: bool,
    seed: u64,
    mut attempt: F,
) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
    S: Sleeper,
{
    if !repeatable {
        let result = attempt().await.map_err(|f| f.error);
        if result.is_ok() {
            budget.deposit();
        }
        return result;
    }
    let cap = policy.max_retry_after;
    let result = (&mut attempt)
        .retry(FullJitter::new(policy, seed))
        .sleep(sleeper)
        .when(|f: &Failure| f.transient && budget.withdraw())
        .adjust(move |f: &Failure, wait: Option<Duration>| {
            // Only while attempts remain: `None` ends the retries.
            wait.map(|w| f.retry_after.map_or(w, |asked| asked.min(cap)))
        })
        .notify(|f: &Failure, wait: Duration| {
            tracing::info!(error = %f.error, ?wait, "request failed; retrying");
        })
        .await;
    match result {
        Ok(value) => {
            budget.deposit();
            Ok(value)
        }
        Err(f) => Err(f.error),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    fn waits() -> (
        Arc<Mutex<Vec<Duration>>>,
        impl Fn(Duration) -> std::future::Ready<()> + 'static,
    ) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        (seen, move |d| {
            log.lock().unwrap().push(d);
            std::future::ready(())
        })
    }

    fn network() -> ApiError {
        ApiError::Network("down".into())
    }

    #[test]
    fn full_jitter_stays_under_an_exponential_cap_and_ends() {
        let policy = RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
            ..RetryPolicy::default()
        };
        for seed in 0..200 {
            let waits: Vec<Duration> = FullJitter::new(&policy, seed).collect();
            assert_eq!(waits.len(), 5, "attempts - 1 waits");
            let caps = [100, 200, 400, 800, 1000];
            for (wait, cap) in waits.iter().zip(caps) {
                assert!(*wait <= Duration::from_millis(cap), "{wait:?} > {cap} ms");
            }
        }
        // Full jitter spreads: over many seeds some first waits are short, some long.
        let firsts: Vec<Duration> = (0..200)
            .map(|s| FullJitter::new(&policy, s).next().unwrap())
            .collect();
        assert!(firsts.iter().any(|d| *d < Duration::from_millis(30)));
        assert!(firsts.iter().any(|d| *d > Duration::from_millis(70)));
    }

    #[tokio::test]
    async fn transient_failures_are_retried_up_to_the_attempt_limit() {
        let policy = RetryPolicy::fast();
        let budget = RetryBudget::new(100);
        let (seen, sleeper) = waits();
        let calls = AtomicU32::new(0);
        let result: Result<(), ApiError> = run(&policy, &budget, sleeper, true, 1, || {
            calls.fetch_add(1, Ordering::SeqCst);
            async { Err(Failure::transient(network(), None)) }
        })
        .await;
        assert_eq!(result, Err(network()));
        assert_eq!(calls.load(Ordering::SeqCst), policy.max_attempts);
        assert_eq!(seen.lock().unwrap().len(), 3);
    }

    #[tokio::test]
    async fn a_refusal_and_a_write_without_a_key_are_sent_once() {
        let policy = RetryPolicy::fast();
        let budget = RetryBudget::new(100);
        for (repeatable, failure) in [
            (true, Failure::permanent(network())),
            (false, Failure::transient(network(), None)),
        ] {
            let calls = AtomicU32::new(0);
            let (_, sleeper) = waits();
            let failure = Mutex::new(Some(failure));
            let _: Result<(), ApiError> = run(&policy, &budget, sleeper, repeatable, 1, || {
                calls.fetch_add(1, Ordering::SeqCst);
                let f = failure.lock().unwrap().take();
                async move { Err(f.unwrap_or_else(|| Failure::permanent(network()))) }
            })
            .await;
            assert_eq!(calls.load(Ordering::SeqCst), 1, "repeatable {repeatable}");
        }
    }

    #[tokio::test]
    async fn retry_after_replaces_the_wait_within_its_cap() {
        let policy = RetryPolicy::fast();
        let budget = RetryBudget::new(100);
        let (seen, sleeper) = waits();
        let calls = AtomicU32::new(0);
        let result = run(&policy, &budget, sleeper, true, 1, || {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            async move {
                match n {
                    0 => Err(Failure::transient(
                        network(),
                        Some(Duration::from_millis(150)),
                    )),
                    1 => Err(Failure::transient(
                        network(),
                        Some(Duration::from_secs(3600)),
                    )),
                    _ => Ok(7),
                }
            }
        })
        .await;
        assert_eq!(result, Ok(7));
        assert_eq!(
            *seen.lock().unwrap(),
            vec![Duration::from_millis(150), policy.max_retry_after]
        );
    }

    #[tokio::test]
    async fn a_spent_budget_stops_retries_until_successes_refill_it() {
        let policy = RetryPolicy::fast();
        let budget = RetryBudget::new(2);
        let calls = AtomicU32::new(0);
        for _ in 0..3 {
            let (_, sleeper) = waits();
            let _: Result<(), ApiError> = run(&policy, &budget, sleeper, true, 1, || {
                calls.fetch_add(1, Ordering::SeqCst);
                async { Err(Failure::transient(network(), None)) }
            })
            .await;
        }
        // 3 first attempts and only the 2 retries the budget allowed.
        assert_eq!(calls.load(Ordering::SeqCst), 5);
        assert_eq!(budget.tokens(), 0);
        assert!(!budget.withdraw());
        for _ in 0..10 {
            budget.deposit();
        }
        assert!(budget.withdraw());
    }

    #[test]
    fn retry_after_seconds_parse_and_statuses_classify() {
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(transient_status(s), "{s}");
        }
        for s in [400, 401, 403, 404, 409, 422] {
            assert!(!transient_status(s), "{s}");
        }
    }
}
