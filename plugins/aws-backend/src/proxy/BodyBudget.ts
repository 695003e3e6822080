/**
 * What all signed request bodies held in memory at once may add up to (aws.proxy.
 * maxBufferedBodySize). Each body is counted as its bytes arrive and until its call ends, so
 * that many clients each sending a large body slowly cannot exhaust the backend's memory: past
 * the budget a call gets a 503 instead.
 */
export class BodyBudget {
  private held = 0;

  constructor(readonly maxBytes: number) {}

  /** Counts `bytes` more; false (and nothing counted) when they do not fit. */
  tryTake(bytes: number): boolean {
    if (this.held + bytes > this.maxBytes) return false;
    this.held += bytes;
    return true;
  }

  giveBack(bytes: number): void {
    this.held = Math.max(0, this.held - bytes);
  }
}
