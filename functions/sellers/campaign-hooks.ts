/**
 * Where seller authorization meets campaign launch (issue 5). When a seller withdraws the authorization, the
 * deauthorization step calls `pauseSellerCampaigns` once the seller is REVOKED and before the managers are
 * emailed; the ids it returns are listed in that email.
 *
 * For issue 5: replace the body with "find the seller's ACTIVE (and INVITING/SCHEDULED) campaigns and pause
 * each one" (a conditional status write per campaign, audited, idempotent: the step is retried and a replayed
 * webhook runs it again). Keep the signature: it runs inside the seller-notification workflow's
 * HandleSellerDeauthorization task, which is granted table access in infra/catalog/areas/sellers.ts, so widen
 * that function's tableActions (a Query on the campaigns' index) when the body starts reading campaigns.
 */
export async function pauseSellerCampaigns(
  _sellerId: string,
): Promise<{ readonly paused: readonly string[] }> {
  // No campaigns exist before issue 5 builds them.
  return { paused: [] };
}
