package jp.tamaru.android.screens

import java.time.Instant
import java.time.LocalDate
import java.time.ZoneOffset

// The date pickers' encoding, and only that: a Material date picker selects a day as the
// UTC midnight that starts it, in milliseconds; the core's screens take and give the day as
// `YYYY-MM-DD` (Japan days, the core's own). No date is computed here.

/** The day a date picker selected, as the core takes it. */
fun pickerDay(utcMidnightMillis: Long): String =
    Instant.ofEpochMilli(utcMidnightMillis).atOffset(ZoneOffset.UTC).toLocalDate().toString()

/** What a date picker shows first for the core's `YYYY-MM-DD` (none for none or junk). */
fun pickerMillis(day: String?): Long? =
    day?.let { runCatching { LocalDate.parse(it) }.getOrNull() }
        ?.atStartOfDay(ZoneOffset.UTC)?.toInstant()?.toEpochMilli()
