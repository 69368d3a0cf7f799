import { describe, expect, it } from 'vitest';
import { CancelledError, deserializeError, ExpectedError, serializeError } from '#shared/api/errors.ts';
import { errorInfo } from './errorInfo.ts';

describe('errorInfo', () => {
  it('keeps the code, message and params of an expected error that crossed the worker boundary', () => {
    const e = deserializeError(serializeError(new ExpectedError('FILE_EMPTY', 'a.csv is empty', { file: 'a.csv' })));
    expect(errorInfo(e)).toEqual({ code: 'FILE_EMPTY', detail: 'a.csv is empty', params: { file: 'a.csv' } });
  });

  it('shows a not-yet-built engine method as an internal error with its detail', () => {
    const e = deserializeError(serializeError(new ExpectedError('INTERNAL', 'import pipeline not built yet')));
    expect(errorInfo(e)).toEqual({ code: 'INTERNAL', detail: 'import pipeline not built yet', params: {} });
  });

  it('maps cancellation and unknown throws', () => {
    expect(errorInfo(new CancelledError()).code).toBe('CANCELLED');
    expect(errorInfo(new TypeError('x is undefined'))).toEqual({ code: 'INTERNAL', detail: 'x is undefined', params: {} });
    expect(errorInfo('boom')).toEqual({ code: 'INTERNAL', detail: 'boom', params: {} });
  });
});
