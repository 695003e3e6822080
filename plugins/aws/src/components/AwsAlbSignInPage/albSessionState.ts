/**
 * Whether the ALB session this app signed in with has ended. One per page: the sign-in page
 * sets it up, the session-ended prompt (rendered at the app root) shows when it ends.
 */
export type AlbSessionState = 'active' | 'ended';

type Listener = () => void;

let state: AlbSessionState = 'active';
const listeners = new Set<Listener>();

export const albSessionState = {
  get: (): AlbSessionState => state,
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  set(next: AlbSessionState) {
    if (state === next) return;
    state = next;
    listeners.forEach(listener => listener());
  },
};
