import { ResponseError } from '@backstage/errors';
import { errorMessage } from './errorMessage';

describe('errorMessage', () => {
  it("says a refused request in the backend's words, anything else by its message", async () => {
    const refused = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'only on-call may' },
          response: { statusCode: 403 },
        }),
        {
          status: 403,
          statusText: 'Forbidden',
          headers: { 'content-type': 'application/json' },
        },
      ) as any,
    );
    expect(refused.message).toBe('Request failed with 403 Forbidden');
    expect(errorMessage(refused)).toBe('only on-call may');
    expect(errorMessage(new Error('offline'))).toBe('offline');
  });
});
