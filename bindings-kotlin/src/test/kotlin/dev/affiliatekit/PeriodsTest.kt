package dev.affiliatekit

import java.time.Duration
import java.time.Instant
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** Calendar buckets in an IANA time zone, with the expectations of core/tests/time_buckets.rs (ported
 * from bindings-python/tests/test_periods.py and bindings-wasm/tests/periods.test.mjs). */
class PeriodsTest {
    companion object {
        const val PARIS = "Europe/Paris"

        fun i(text: String): Instant = Instant.parse(text)

        fun bucket(label: String, start: String, end: String) = Bucket(label, i(start), i(end))

        /** The length of a bucket in hours. */
        fun hours(b: Bucket): Long = Duration.between(b.start, b.end).toHours()
    }

    @Test
    fun `a Paris day and month cross the UTC date`() {
        // 23:30 UTC on 31 January is 00:30 on 1 February in Paris (UTC+1).
        val at = i("2026-01-31T23:30:00Z")
        assertEquals(bucket("2026-02-01", "2026-01-31T23:00:00Z", "2026-02-01T23:00:00Z"), bucketOf(at, PARIS, Granularity.DAY))
        assertEquals(bucket("2026-02", "2026-01-31T23:00:00Z", "2026-02-28T23:00:00Z"), bucketOf(at, PARIS, Granularity.MONTH))
        assertEquals("2026-01", bucketOf(at, "UTC", Granularity.MONTH).label)
        assertEquals(bucketOf(at, PARIS, Granularity.DAY), bucketOf(i("2026-02-01T00:30:00+01:00"), PARIS, Granularity.DAY))
    }

    @Test
    fun `the Paris spring day has 23 hours`() {
        val day = bucketOf(i("2026-03-29T12:00:00Z"), PARIS, Granularity.DAY)
        assertEquals(bucket("2026-03-29", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z"), day)
        assertEquals(23, hours(day))
        assertEquals("2026-03-29", bucketOf(i("2026-03-29T21:59:59Z"), PARIS, Granularity.DAY).label)
        val following = nextBucket(day, PARIS, Granularity.DAY)
        assertEquals(bucket("2026-03-30", "2026-03-29T22:00:00Z", "2026-03-30T22:00:00Z"), following)
        assertEquals(following, bucketOf(i("2026-03-29T22:00:00Z"), PARIS, Granularity.DAY))
    }

    @Test
    fun `the Paris autumn day has 25 hours`() {
        val day = bucketOf(i("2026-10-25T12:00:00Z"), PARIS, Granularity.DAY)
        assertEquals(bucket("2026-10-25", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z"), day)
        assertEquals(25, hours(day))
        // Both occurrences of 02:30 local belong to that day.
        assertEquals(day, bucketOf(i("2026-10-25T00:30:00Z"), PARIS, Granularity.DAY))
        assertEquals(day, bucketOf(i("2026-10-25T01:30:00Z"), PARIS, Granularity.DAY))
    }

    @Test
    fun `a Los Angeles month starts in PST and ends in PDT`() {
        val la = "America/Los_Angeles"
        assertEquals("2026-02", bucketOf(i("2026-03-01T07:59:59Z"), la, Granularity.MONTH).label)
        val march = bucketOf(i("2026-03-01T08:00:00Z"), la, Granularity.MONTH)
        assertEquals(bucket("2026-03", "2026-03-01T08:00:00Z", "2026-04-01T07:00:00Z"), march)
        assertEquals(bucket("2026-04", "2026-04-01T07:00:00Z", "2026-05-01T07:00:00Z"), nextBucket(march, la, Granularity.MONTH))
    }

    @Test
    fun `ISO weeks, quarters and years`() {
        // 2026-01-01 is a Thursday: ISO week 1 starts Monday 2025-12-29 (23:00 UTC the day before).
        assertEquals(bucket("2026-W01", "2025-12-28T23:00:00Z", "2026-01-04T23:00:00Z"),
            bucketOf(i("2026-01-01T12:00:00Z"), PARIS, Granularity.WEEK))
        val w53 = bucketOf(i("2027-01-01T12:00:00Z"), PARIS, Granularity.WEEK)
        assertEquals(bucket("2026-W53", "2026-12-27T23:00:00Z", "2027-01-03T23:00:00Z"), w53)
        assertEquals("2027-W01", nextBucket(w53, PARIS, Granularity.WEEK).label)
        // The week of the spring change is 167 hours long.
        val dstWeek = bucketOf(i("2026-03-29T12:00:00Z"), PARIS, Granularity.WEEK)
        assertEquals(bucket("2026-W13", "2026-03-22T23:00:00Z", "2026-03-29T22:00:00Z"), dstWeek)
        assertEquals(167, hours(dstWeek))
        val q4 = bucketOf(i("2026-12-31T22:59:59Z"), PARIS, Granularity.QUARTER)
        assertEquals(bucket("2026-Q4", "2026-09-30T22:00:00Z", "2026-12-31T23:00:00Z"), q4)
        assertEquals(bucket("2027-Q1", "2026-12-31T23:00:00Z", "2027-03-31T22:00:00Z"), nextBucket(q4, PARIS, Granularity.QUARTER))
        assertEquals(bucket("2027", "2026-12-31T23:00:00Z", "2027-12-31T23:00:00Z"), bucketOf(i("2026-12-31T23:30:00Z"), PARIS, Granularity.YEAR))
    }

    @Test
    fun `buckets read and write as the core's JSON`() {
        val day = bucket("2026-03-29", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z")
        val json = """{"label":"2026-03-29","start":"2026-03-28T23:00:00Z","end":"2026-03-29T22:00:00Z"}"""
        assertEquals(json, bucketToJson(day))
        assertEquals(day, bucketFromJson(json))
        assertEquals(bucket("2026-03-30", "2026-03-29T22:00:00Z", "2026-03-30T22:00:00Z"), nextBucket(bucketFromJson(json), PARIS, Granularity.DAY))
    }

    @Test
    fun `instants after year 9999 cross both ways`() {
        // RFC 3339 has four-digit years; later instants are written signed, as chrono and java.time do,
        // and a bucket the binding hands out can be handed back.
        val last = bucketOf(i("9999-12-31T12:00:00Z"), "UTC", Granularity.YEAR)
        assertEquals(bucket("9999", "9999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"), last)
        assertEquals("""{"label":"9999","start":"9999-01-01T00:00:00Z","end":"+10000-01-01T00:00:00Z"}""", bucketToJson(last))
        assertEquals(i("+10001-01-01T00:00:00Z"), nextBucket(last, "UTC", Granularity.YEAR).end)
        assertEquals(last, bucketFromJson(bucketToJson(last)))
    }

    @Test
    fun `days across the spring change`() {
        val days = bucketsBetween(i("2026-03-28T00:00:00Z"), i("2026-04-01T00:00:00Z"), PARIS, Granularity.DAY)
        assertEquals(listOf("2026-03-28", "2026-03-29", "2026-03-30", "2026-03-31", "2026-04-01"), days.map { it.label })
        assertEquals(listOf(24L, 23L, 24L, 24L, 24L), days.map(::hours))
        days.zipWithNext { a, b -> assertEquals(a.end, b.start) }
    }

    @Test
    fun `months across DST`() {
        val months = bucketsBetween(i("2026-01-15T00:00:00Z"), i("2026-05-10T00:00:00Z"), PARIS, Granularity.MONTH)
        assertEquals(listOf("2026-01", "2026-02", "2026-03", "2026-04", "2026-05"), months.map { it.label })
        // March starts at UTC+1 and ends at UTC+2.
        assertEquals(i("2026-02-28T23:00:00Z") to i("2026-03-31T22:00:00Z"), months[2].start to months[2].end)
        months.zipWithNext { a, b -> assertEquals(a.end, b.start) }
    }

    @Test
    fun `edges`() {
        val at = i("2026-03-01T10:00:00Z")
        assertEquals(listOf<Bucket>(), bucketsBetween(at, at, PARIS, Granularity.DAY))
        assertEquals(listOf<Bucket>(), bucketsBetween(at, at.minus(Duration.ofDays(3)), PARIS, Granularity.DAY))
        assertEquals(listOf("2026"), bucketsBetween(at, at.plusSeconds(1), PARIS, Granularity.YEAR).map { it.label })
        // A range ending exactly at a bucket start excludes that bucket.
        assertEquals(listOf("2026-03-02", "2026-03-03"),
            bucketsBetween(i("2026-03-01T23:00:00Z"), i("2026-03-03T23:00:00Z"), PARIS, Granularity.DAY).map { it.label })
    }

    @Test
    fun `the limit of 100 000 buckets`() {
        val start = i("2000-01-01T00:00:00Z")
        val days = bucketsBetween(start, start.plus(Duration.ofDays(100_000)), "UTC", Granularity.DAY)
        assertEquals(100_000, days.size)
        assertEquals("2000-01-01", days[0].label)
        throwsCore<AffiliateKitException.LimitExceeded>(contains = "limit exceeded: ") {
            bucketsBetween(start, start.plus(Duration.ofDays(100_001)), "UTC", Granularity.DAY)
        }
        assertEquals(274, bucketsBetween(start, start.plus(Duration.ofDays(100_001)), "UTC", Granularity.YEAR).size)
    }

    @Test
    fun `a skipped day and a midnight gap`() {
        // Samoa skipped 2011-12-30 entirely.
        assertEquals(listOf("2011-12-29", "2011-12-31", "2012-01-01"),
            bucketsBetween(i("2011-12-29T12:00:00Z"), i("2011-12-31T12:00:00Z"), "Pacific/Apia", Granularity.DAY).map { it.label })
        // Chile springs forward at midnight: the day starts at the first instant that exists (01:00 -03).
        assertEquals(bucket("2026-09-06", "2026-09-06T04:00:00Z", "2026-09-07T03:00:00Z"),
            bucketOf(i("2026-09-06T12:00:00Z"), "America/Santiago", Granularity.DAY))
    }

    @Test
    fun `timezones and bad arguments`() {
        assertEquals(PARIS, timezone(PARIS))
        assertEquals("UTC", timezone("UTC"))
        for (bad in listOf("Mars/Olympus", "europe/paris", "")) {
            throwsCore<AffiliateKitException.InvalidConfig>(contains = "invalid config at timezone: ") { timezone(bad) }
            throwsCore<AffiliateKitException.InvalidConfig>(contains = "\"$bad\"") { bucketOf(i("2026-01-01T00:00:00Z"), bad, Granularity.DAY) }
        }
        throwsCore<AffiliateKitException.InvalidConfig>(contains = "Mars/Olympus") {
            bucketsBetween(i("2026-01-01T00:00:00Z"), i("2026-01-02T00:00:00Z"), "Mars/Olympus", Granularity.DAY)
        }
        throwsCore<AffiliateKitException.InvalidInput>(contains = "JSON: input contains invalid characters") {
            bucketFromJson("""{"label": "x", "start": "yesterday", "end": "2026-01-02T00:00:00Z"}""")
        }
    }
}
