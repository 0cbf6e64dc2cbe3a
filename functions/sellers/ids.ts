/**
 * Ids as `newBusinessId('sl')` mints them. Apart from functions/sellers/schemas.ts so that routes needing only the
 * id's shape (get-seller, the campaign schemas) do not build the seller body schemas at every cold start.
 */
export const SELLER_ID = /^sl_[a-z0-9]{1,40}$/;
