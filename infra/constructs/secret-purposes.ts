import type { SecretName } from '#catalog/types.ts';

/** What each secret is, for its description and for the reason it is not rotated by a Lambda (cdk-nag SMG4). */
export interface SecretPurpose {
  readonly description: string;
  readonly whyNotAutoRotated: string;
}

export const SECRET_PURPOSES: Readonly<Record<SecretName, SecretPurpose>> = {
  REVIEW_LINK_SECRET: {
    description:
      'PartnerFlow REVIEW_LINK_SECRET (generated; read by the functions that declare it in the catalog)',
    whyNotAutoRotated:
      'An HMAC signing key for review links, not a credential for another system: rotating it would only void the links in emails already sent; rotate by hand (update the secret value) if it is ever exposed',
  },
  TIKTOK_APP_KEY: {
    description:
      'PartnerFlow TIKTOK_APP_KEY: the app key of the TikTok Shop app (Partner Center). Replace the generated placeholder after the first deploy',
    whyNotAutoRotated:
      'Issued by TikTok Shop Partner Center, not by AWS: it changes only when the app does, and is then set here by hand',
  },
  TIKTOK_APP_SECRET: {
    description:
      'PartnerFlow TIKTOK_APP_SECRET: the app secret of the TikTok Shop app (Partner Center). Replace the generated placeholder after the first deploy',
    whyNotAutoRotated:
      'Issued and rotated in TikTok Shop Partner Center, which a rotation Lambda cannot drive: rotate it there, then update this value (functions pick it up at their next cold start)',
  },
};
