/**
 * Ids as `newBusinessId('vi')` mints them. Apart from functions/violations/schemas.ts so that get-violation, which
 * needs only the id's shape, does not build the area's request schemas at every cold start.
 */
export const VIOLATION_ID = /^vi_[a-z0-9]{1,40}$/;
