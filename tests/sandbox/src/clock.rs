//! The sandbox's clock: real time plus an offset tests can move forward, or, once frozen,
//! a fixed whole second plus that offset.

use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Default)]
pub struct SandboxClock {
    offset_seconds: AtomicI64,
    /// Set by [`freeze`](Self::freeze): the instant time stands at, before the offset.
    frozen_at: Mutex<Option<DateTime<Utc>>>,
}

impl SandboxClock {
    pub fn now(&self) -> DateTime<Utc> {
        let base = self
            .frozen_at
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .unwrap_or_else(Utc::now);
        base + Duration::seconds(self.offset_seconds.load(Ordering::SeqCst))
    }

    pub fn unix(&self) -> i64 {
        self.now().timestamp()
    }

    pub fn advance(&self, seconds: i64) {
        self.offset_seconds.fetch_add(seconds, Ordering::SeqCst);
    }

    /// Stops real time at the start of the current second, so that only [`advance`] moves
    /// the clock: a test probing a boundary ("still locked 1 s before", "a new Japan day at
    /// midnight") lands on it exactly, whatever the requests in between cost. Idempotent.
    ///
    /// [`advance`]: Self::advance
    pub fn freeze(&self) {
        let mut frozen = self.frozen_at.lock().unwrap_or_else(|p| p.into_inner());
        if frozen.is_none() {
            let now = Utc::now();
            *frozen = DateTime::from_timestamp(now.timestamp(), 0).or(Some(now));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frozen_clock_moves_only_when_advanced_and_stands_on_a_whole_second() {
        let clock = SandboxClock::default();
        clock.advance(10);
        clock.freeze();
        let frozen = clock.now();
        assert_eq!(frozen.timestamp_subsec_nanos(), 0);
        assert!(
            (frozen - Utc::now() - Duration::seconds(10))
                .num_seconds()
                .abs()
                <= 1
        );
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(clock.now(), frozen, "real time does not move it");
        clock.advance(59);
        assert_eq!(clock.now(), frozen + Duration::seconds(59));
        clock.freeze();
        assert_eq!(
            clock.now(),
            frozen + Duration::seconds(59),
            "freezing again changes nothing"
        );
    }

    #[test]
    fn a_running_clock_follows_real_time_plus_the_offset() {
        let clock = SandboxClock::default();
        clock.advance(3600);
        let lead = clock.now() - Utc::now();
        assert!((lead.num_milliseconds() - 3_600_000).abs() < 1000, "{lead}");
    }
}
