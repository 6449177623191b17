// Calendar buckets in an IANA time zone, with the expectations of core/tests/time_buckets.rs (ported
// from bindings-python/tests/test_periods.py). Instants come back as RFC 3339 UTC strings.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { InvalidConfigError, InvalidInputError, LimitExceededError, bucketOf, bucketsBetween, nextBucket, timezone } from 'affiliate-kit';

import { throwsCore, throwsType } from './support/helpers.mjs';

const PARIS = 'Europe/Paris';
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** The length of a bucket in hours. */
const hours = (bucket) => (Date.parse(bucket.end) - Date.parse(bucket.start)) / HOUR;
const labels = (buckets) => buckets.map((b) => b.label);

describe('bucketOf and nextBucket', () => {
  test('a Paris day and month cross the UTC date', () => {
    // 23:30 UTC on 31 January is 00:30 on 1 February in Paris (UTC+1).
    const at = '2026-01-31T23:30:00Z';
    assert.deepEqual(bucketOf(at, PARIS, 'day'), { label: '2026-02-01', start: '2026-01-31T23:00:00Z', end: '2026-02-01T23:00:00Z' });
    assert.deepEqual(bucketOf(at, PARIS, 'month'), { label: '2026-02', start: '2026-01-31T23:00:00Z', end: '2026-02-28T23:00:00Z' });
    assert.equal(bucketOf(at, 'UTC', 'month').label, '2026-01');
    // The same instant with a +01:00 offset, or as a Date, is the same bucket.
    assert.deepEqual(bucketOf('2026-02-01T00:30:00+01:00', PARIS, 'day'), bucketOf(at, PARIS, 'day'));
    assert.deepEqual(bucketOf(new Date(Date.UTC(2026, 0, 31, 23, 30)), PARIS, 'day'), bucketOf(at, PARIS, 'day'));
  });

  test('the Paris spring day has 23 hours', () => {
    const day = bucketOf('2026-03-29T12:00:00Z', PARIS, 'day');
    assert.deepEqual(day, { label: '2026-03-29', start: '2026-03-28T23:00:00Z', end: '2026-03-29T22:00:00Z' });
    assert.equal(hours(day), 23);
    assert.equal(bucketOf('2026-03-29T21:59:59Z', PARIS, 'day').label, '2026-03-29');
    const following = nextBucket(day, PARIS, 'day');
    assert.deepEqual(following, { label: '2026-03-30', start: '2026-03-29T22:00:00Z', end: '2026-03-30T22:00:00Z' });
    assert.deepEqual(bucketOf('2026-03-29T22:00:00Z', PARIS, 'day'), following);
  });

  test('the Paris autumn day has 25 hours', () => {
    const day = bucketOf('2026-10-25T12:00:00Z', PARIS, 'day');
    assert.deepEqual(day, { label: '2026-10-25', start: '2026-10-24T22:00:00Z', end: '2026-10-25T23:00:00Z' });
    assert.equal(hours(day), 25);
    // Both occurrences of 02:30 local belong to that day.
    assert.deepEqual(bucketOf('2026-10-25T00:30:00Z', PARIS, 'day'), day);
    assert.deepEqual(bucketOf('2026-10-25T01:30:00Z', PARIS, 'day'), day);
  });

  test('a Los Angeles month starts in PST and ends in PDT', () => {
    const la = 'America/Los_Angeles';
    assert.equal(bucketOf('2026-03-01T07:59:59Z', la, 'month').label, '2026-02');
    const march = bucketOf('2026-03-01T08:00:00Z', la, 'month');
    assert.deepEqual(march, { label: '2026-03', start: '2026-03-01T08:00:00Z', end: '2026-04-01T07:00:00Z' });
    assert.deepEqual(nextBucket(march, la, 'month'), { label: '2026-04', start: '2026-04-01T07:00:00Z', end: '2026-05-01T07:00:00Z' });
  });

  test('ISO weeks, quarters and years', () => {
    // 2026-01-01 is a Thursday: ISO week 1 starts Monday 2025-12-29 (23:00 UTC the day before).
    assert.deepEqual(bucketOf('2026-01-01T12:00:00Z', PARIS, 'week'), { label: '2026-W01', start: '2025-12-28T23:00:00Z', end: '2026-01-04T23:00:00Z' });
    const w53 = bucketOf('2027-01-01T12:00:00Z', PARIS, 'week');
    assert.deepEqual(w53, { label: '2026-W53', start: '2026-12-27T23:00:00Z', end: '2027-01-03T23:00:00Z' });
    assert.equal(nextBucket(w53, PARIS, 'week').label, '2027-W01');
    // The week of the spring change is 167 hours long.
    const dstWeek = bucketOf('2026-03-29T12:00:00Z', PARIS, 'week');
    assert.deepEqual(dstWeek, { label: '2026-W13', start: '2026-03-22T23:00:00Z', end: '2026-03-29T22:00:00Z' });
    assert.equal(hours(dstWeek), 167);
    const q4 = bucketOf('2026-12-31T22:59:59Z', PARIS, 'quarter');
    assert.deepEqual(q4, { label: '2026-Q4', start: '2026-09-30T22:00:00Z', end: '2026-12-31T23:00:00Z' });
    assert.deepEqual(nextBucket(q4, PARIS, 'quarter'), { label: '2027-Q1', start: '2026-12-31T23:00:00Z', end: '2027-03-31T22:00:00Z' });
    assert.deepEqual(bucketOf('2026-12-31T23:30:00Z', PARIS, 'year'), { label: '2027', start: '2026-12-31T23:00:00Z', end: '2027-12-31T23:00:00Z' });
  });

  test('nextBucket takes Dates for the bounds', () => {
    const day = { label: '2026-03-29', start: new Date('2026-03-28T23:00:00Z'), end: new Date('2026-03-29T22:00:00Z') };
    assert.deepEqual(nextBucket(day, PARIS, 'day'), { label: '2026-03-30', start: '2026-03-29T22:00:00Z', end: '2026-03-30T22:00:00Z' });
  });
});

describe('bucketsBetween', () => {
  test('days across the spring change', () => {
    const days = bucketsBetween('2026-03-28T00:00:00Z', '2026-04-01T00:00:00Z', PARIS, 'day');
    assert.deepEqual(labels(days), ['2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31', '2026-04-01']);
    assert.deepEqual(days.map(hours), [24, 23, 24, 24, 24]);
    days.slice(1).forEach((b, i) => assert.equal(days[i].end, b.start));
  });

  test('months across DST', () => {
    const months = bucketsBetween(new Date('2026-01-15T00:00:00Z'), new Date('2026-05-10T00:00:00Z'), PARIS, 'month');
    assert.deepEqual(labels(months), ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05']);
    // March starts at UTC+1 and ends at UTC+2.
    assert.deepEqual([months[2].start, months[2].end], ['2026-02-28T23:00:00Z', '2026-03-31T22:00:00Z']);
    months.slice(1).forEach((b, i) => assert.equal(months[i].end, b.start));
  });

  test('edges', () => {
    const at = new Date('2026-03-01T10:00:00Z');
    assert.deepEqual(bucketsBetween(at, at, PARIS, 'day'), []);
    assert.deepEqual(bucketsBetween(at, new Date(at.getTime() - 3 * DAY), PARIS, 'day'), []);
    assert.deepEqual(labels(bucketsBetween(at, new Date(at.getTime() + 1000), PARIS, 'year')), ['2026']);
    // A range ending exactly at a bucket start excludes that bucket.
    assert.deepEqual(labels(bucketsBetween('2026-03-01T23:00:00Z', '2026-03-03T23:00:00Z', PARIS, 'day')), ['2026-03-02', '2026-03-03']);
  });

  test('the limit of 100 000 buckets', () => {
    const start = new Date('2000-01-01T00:00:00Z');
    const days = bucketsBetween(start, new Date(start.getTime() + 100000 * DAY), 'UTC', 'day');
    assert.equal(days.length, 100000);
    assert.equal(days[0].label, '2000-01-01');
    throwsCore(() => bucketsBetween(start, new Date(start.getTime() + 100001 * DAY), 'UTC', 'day'), LimitExceededError, {
      code: 'LIMIT_EXCEEDED', message: /^limit exceeded: / });
    assert.equal(bucketsBetween(start, new Date(start.getTime() + 100001 * DAY), 'UTC', 'year').length, 274);
  });

  test('a skipped day and a midnight gap', () => {
    // Samoa skipped 2011-12-30 entirely.
    const apia = bucketsBetween('2011-12-29T12:00:00Z', '2011-12-31T12:00:00Z', 'Pacific/Apia', 'day');
    assert.deepEqual(labels(apia), ['2011-12-29', '2011-12-31', '2012-01-01']);
    // Chile springs forward at midnight: the day starts at the first instant that exists (01:00 -03).
    assert.deepEqual(bucketOf('2026-09-06T12:00:00Z', 'America/Santiago', 'day'), {
      label: '2026-09-06', start: '2026-09-06T04:00:00Z', end: '2026-09-07T03:00:00Z' });
  });
});

test('timezones and bad arguments', () => {
  assert.equal(timezone(PARIS), PARIS);
  assert.equal(timezone('UTC'), 'UTC');
  for (const bad of ['Mars/Olympus', 'europe/paris', '']) {
    throwsCore(() => timezone(bad), InvalidConfigError, { code: 'INVALID_CONFIG', path: 'timezone' });
  }
  throwsCore(() => bucketOf('2026-01-01T00:00:00Z', 'Mars/Olympus', 'day'), InvalidConfigError, { code: 'INVALID_CONFIG', message: /Mars\/Olympus/ });
  throwsCore(() => bucketOf('2026-01-01T00:00:00Z', PARIS, 'fortnight'), InvalidInputError, { code: 'INVALID_INPUT', path: 'granularity' });
  throwsCore(() => bucketOf('2026-01-01', PARIS, 'day'), InvalidInputError, { code: 'INVALID_INPUT', path: 'at' });
  throwsCore(() => bucketsBetween('yesterday', '2026-01-02T00:00:00Z', PARIS, 'day'), InvalidInputError, { code: 'INVALID_INPUT', path: 'from' });
  throwsType(() => bucketOf(new Date(NaN), PARIS, 'day'), 'at: an invalid Date');
  throwsType(() => bucketsBetween(new Date('x'), '2026-01-02T00:00:00Z', PARIS, 'day'), 'from: an invalid Date');
  throwsType(() => bucketsBetween('2026-01-01T00:00:00Z', 1767312000000, PARIS, 'day'), 'to must be an ISO-8601 string or a Date, not number');
  throwsType(() => bucketOf('2026-01-01T00:00:00Z', null, 'day'), 'timezone must be a string, not null');
  throwsType(() => nextBucket(5, PARIS, 'day'), 'bucket must be an object, not number');
});
