/** The time the demo's changes() run starts from against the sample org (two leads changed after it). */
export const SAMPLE_SINCE = "2026-05-19T00:00:00+00:00";
