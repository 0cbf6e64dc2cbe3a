/**
 * The TikTok Shop policies a report may name, each with the words PartnerFlow uses for it: a short title and a
 * plain sentence the subject understands. The API documents this list (POST /v1/violations `policy`).
 */
export const POLICIES = [
  'prohibited-product',
  'counterfeit',
  'misleading-claims',
  'ip-infringement',
  'off-platform-transaction',
  'harassment',
  'spam',
  'minor-safety',
  'other',
] as const;

export type PolicyName = (typeof POLICIES)[number];

export interface PolicyWords {
  readonly title: string;
  /** What the rule asks, in one plain sentence. */
  readonly rule: string;
}

export const POLICY_WORDS: Readonly<Record<PolicyName, PolicyWords>> = {
  'prohibited-product': {
    title: 'Prohibited product',
    rule: 'Only sell and promote products TikTok Shop allows: no weapons, drugs, tobacco, recalled or otherwise restricted goods.',
  },
  counterfeit: {
    title: 'Counterfeit goods',
    rule: 'Only sell and promote genuine products: no fakes, replicas or copies of branded goods.',
  },
  'misleading-claims': {
    title: 'Misleading claims',
    rule: 'Describe products truthfully: no false, exaggerated or unproven claims, such as medical cures or guaranteed results.',
  },
  'ip-infringement': {
    title: 'Intellectual property',
    rule: 'Only use music, images, videos, names and brands you have the rights to.',
  },
  'off-platform-transaction': {
    title: 'Off-platform transaction',
    rule: 'Keep every sale on TikTok Shop: never share outside payment links, bank details or contact details to close a deal.',
  },
  harassment: {
    title: 'Harassment',
    rule: 'Treat viewers, buyers and other creators with respect: no bullying, threats or hateful remarks.',
  },
  spam: {
    title: 'Spam',
    rule: 'Do not post repetitive, misleading or unsolicited content, comments or messages.',
  },
  'minor-safety': {
    title: 'Minor safety',
    rule: 'Keep minors safe: never involve minors in selling content or promote products in ways that put them at risk.',
  },
  other: {
    title: 'TikTok Shop policy',
    rule: "Follow TikTok Shop's policies for creators and sellers; your agency can tell you which rule this report concerns.",
  },
};
