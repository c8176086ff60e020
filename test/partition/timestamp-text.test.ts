/** runtime/timestamp-text.ts: the one parser of timestamp text outside the codecs. */
import { describe, expect, it } from 'vitest';
import { timePeriods } from '@pgtwin/runtime/internal/partition-periods';
import { isDateOnlyText, parseTimestampText, timestampTextMicros } from '@pgtwin/runtime/internal/timestamp-text';

describe('timestamp text', () => {
  it('reads the fields and the offset', () => {
    expect(parseTimestampText(' 2024-01-15 10:20:30.5-05:30 ')).toEqual({ year: 2024, yearDigits: 4, month: 1, day: 15, hour: 10, minute: 20, second: 30, fraction: '5', offsetSeconds: -(5 * 3600 + 30 * 60) });
    expect(parseTimestampText('2024-01')).toMatchObject({ year: 2024, month: 1, day: undefined, offsetSeconds: undefined });
    expect(parseTimestampText('2024-01-15T10:20')).toMatchObject({ hour: 10, minute: 20, second: undefined });
    expect(parseTimestampText('15/01/2024')).toBeUndefined();
  });
  it('gives epoch microseconds of a full timestamp, UTC without an offset', () => {
    expect(timestampTextMicros('2024-01-15 10:20:30.123456')).toBe(BigInt(Date.UTC(2024, 0, 15, 10, 20, 30)) * 1000n + 123456n);
    expect(timestampTextMicros('2024-01-15 10:20:30+02')).toBe(BigInt(Date.UTC(2024, 0, 15, 8, 20, 30)) * 1000n);
    expect(timestampTextMicros('2024-01-15')).toBeUndefined();
    // Years below 100 are those years (Date.UTC alone would read 0050 as 1950).
    expect(timestampTextMicros('0050-03-01 00:00:00')).toBe(BigInt(new Date('0050-03-01T00:00:00Z').getTime()) * 1000n);
  });
  it('is what timePeriods reads (no offset: UTC; with one: as Date reads it)', () => {
    expect(timePeriods({ from: '2024-01-31 22:00', to: '2024-02-01', interval: 'day' }).map((p) => p.suffix)).toEqual(['2024_01_31']);
    expect(timePeriods({ from: '2024-01-01T00:00:00+01:00', to: '2024-01-01T12:00:00Z', interval: 'day' }).map((p) => p.suffix)).toEqual(['2023_12_31', '2024_01_01']);
  });
  it('timePeriods in years below 100: those years (Date.UTC alone would make them 1900–1999 and yield no period)', () => {
    expect(timePeriods({ from: '0050-01-01', to: '0052-01-01', interval: 'year' }).map((p) => [p.suffix, p.from.toISOString(), p.to.toISOString()])).toEqual([
      ['0050', '0050-01-01T00:00:00.000Z', '0051-01-01T00:00:00.000Z'],
      ['0051', '0051-01-01T00:00:00.000Z', '0052-01-01T00:00:00.000Z'],
    ]);
    expect(timePeriods({ from: '0099-12-31', to: '0100-01-02', interval: 'day' }).map((p) => p.suffix)).toEqual(['0099_12_31', '0100_01_01']);
    // 0050-03-01 is a Tuesday: its week starts on Monday 0050-02-28.
    expect(timePeriods({ from: '0050-03-01', to: '0050-03-02', interval: 'week' }).map((p) => p.suffix)).toEqual(['0050_02_28']);
    expect(timePeriods({ from: '0004-02-01', to: '0004-03-01', interval: 'month' }).map((p) => p.to.toISOString())).toEqual(['0004-03-01T00:00:00.000Z']);
  });
  it('tells a date alone', () => {
    expect(isDateOnlyText('2024-01-15')).toBe(true);
    expect(isDateOnlyText('2024-01-15 00:00')).toBe(false);
  });
});
