import { ApiError } from '../api';

/**
 * How often live views ask again while the tab is visible (react-query pauses intervals in a
 * hidden tab): a change shows within two seconds of reaching the search index.
 */
export const LIVE_REFRESH_MS = 1_000;

/**
 * LIVE_REFRESH_MS, except after a refusal (a 4xx such as a malformed filter): asking the same
 * question again cannot change the answer. Server errors keep polling, to show the recovery.
 */
export const liveUnlessRefused = (query: { state: { error: unknown } }): number | false => {
  const error = query.state.error;
  return error instanceof ApiError && error.status >= 400 && error.status < 500 ? false : LIVE_REFRESH_MS;
};
