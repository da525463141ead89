// What staff read when a request fails: the server's own words, or, when it never answered, a
// message about the connection rather than the browser's "Failed to fetch".
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { describeError } from './errors.ts';

describe('describing an API error', () => {
  it('says the server could not be reached when the request never got an answer', () => {
    const shown = describeError(TRPCClientError.from(new TypeError('Failed to fetch')));
    expect(shown.message).toBe('The server could not be reached. Check your connection and try again.');
    expect(shown.fieldErrors).toEqual([]);
  });

  it('shows the server’s message and field errors when it answered', () => {
    const error = TRPCClientError.from({
      error: {
        message: 'Someone else saved this first.',
        code: -32600,
        data: { appCode: 'CONFLICT', fieldErrors: [{ path: 'text', message: 'Too long' }] },
      },
    });
    expect(describeError(error)).toEqual({
      message: 'Someone else saved this first.',
      appCode: 'CONFLICT',
      fieldErrors: [{ path: 'text', message: 'Too long' }],
    });
  });
});
