/**
 * What went wrong, in the backend's words: a failed API call is a
 * ResponseError whose own message is only "Request failed with 403
 * Forbidden"; the backend's reason ("only platform on-call … may evacuate")
 * is its cause. Anything else: its message.
 */
export function errorMessage(error: unknown): string {
  const failure = error as { message?: string; cause?: { message?: string } };
  return failure?.cause?.message || failure?.message || String(error);
}
