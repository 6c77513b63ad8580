import { describe, expect, it } from 'vitest';
import { JOB_KINDS, JOB_STATES } from '../../../contracts/jobs.ts';
import { JOB_KIND_TEXT, JOB_STATE_TEXT, canCancel, formatEta, formatPercent, jobsPath, tail } from './job-view.ts';

describe('formatEta', () => {
  it.each([
    [null, null],
    [-1, null],
    [0, '0 s'],
    [45, '45 s'],
    [59.6, '1 min'],
    [60, '1 min'],
    [750, '13 min'],
    [3600, '1 h 00 min'],
    [7500, '2 h 05 min'],
  ])('%s s → %s', (seconds, text) => {
    expect(formatEta(seconds)).toBe(text);
  });
});

describe('formatPercent', () => {
  it.each([
    [null, null],
    [0, '0%'],
    [3.14, '3.1%'],
    [37.9, '37%'],
    [100, '100%'],
  ])('%s → %s', (p, text) => {
    expect(formatPercent(p)).toBe(text);
  });
});

describe('canCancel', () => {
  it('only while the job is active and the server says it can be stopped', () => {
    expect(canCancel({ state: 'running', cancellable: true })).toBe(true);
    expect(canCancel({ state: 'queued', cancellable: true })).toBe(true);
    expect(canCancel({ state: 'running', cancellable: false })).toBe(false);
    expect(canCancel({ state: 'succeeded', cancellable: true })).toBe(false);
  });
});

describe('jobsPath', () => {
  it('builds the query the server reads', () => {
    expect(jobsPath({})).toBe('/api/jobs');
    expect(jobsPath({ pool: 'abc', active: true, limit: 20 })).toBe('/api/jobs?pool=abc&active=true&limit=20');
    expect(jobsPath({ active: false })).toBe('/api/jobs');
  });
});

describe('tables', () => {
  it('name every state and kind', () => {
    for (const s of JOB_STATES) expect(JOB_STATE_TEXT[s]).toBeTruthy();
    for (const k of JOB_KINDS) expect(JOB_KIND_TEXT[k]).toBeTruthy();
  });
});

describe('tail', () => {
  it('keeps the last lines, ignoring a trailing newline', () => {
    expect(tail('a\nb\nc\n', 2)).toBe('b\nc');
    expect(tail('a', 5)).toBe('a');
  });
});
