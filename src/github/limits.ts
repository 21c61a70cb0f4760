// Every GitHub platform limit the Action works within, named once. Past
// each one we say so; nothing is dropped silently.

/** pulls.listFiles returns at most this many files, silently truncated past it. */
export const PR_FILES_LIST_MAX = 3000
/** Largest page any list endpoint accepts. */
export const PER_PAGE_MAX = 100
/** Checks API: annotations per create/update request. */
export const CHECK_ANNOTATIONS_PER_REQUEST = 50
/** Checks API: `output.summary` and `output.text`, in characters. */
export const CHECK_OUTPUT_TEXT_MAX = 65_535
/** Checks API: `output.title` and an annotation's `title`, in characters. */
export const CHECK_TITLE_MAX = 255
/** Checks API: an annotation's `message`, in bytes (64 KB). */
export const CHECK_ANNOTATION_MESSAGE_MAX = 64 * 1024
/**
 * Our own cap on annotations per check run (20 requests of 50). Past it, the
 * last annotation says how many more findings are in the summary / report.
 */
export const CHECK_ANNOTATIONS_CAP = 1000
/** Job summary (GITHUB_STEP_SUMMARY) per step, in bytes. */
export const STEP_SUMMARY_MAX_BYTES = 1024 * 1024
/** Issue / pull request comment body, in characters. */
export const COMMENT_BODY_MAX = 65_536
/** Workflow-command annotations shown per step; the rest are dropped silently by the runner. */
export const WORKFLOW_ERRORS_PER_STEP = 10
export const WORKFLOW_WARNINGS_PER_STEP = 10
/** API calls retried after a 5xx or a rate limit, at most this many times each. */
export const API_MAX_RETRIES = 3
/** First backoff delay (doubles each retry). */
export const API_RETRY_BASE_MS = 1000
/** A rate limit that resets later than this fails closed instead of waiting. */
export const API_MAX_WAIT_MS = 60_000
