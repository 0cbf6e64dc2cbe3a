import type { SellerService } from '#lib/repositories/sellers.ts';

/** The requested services the partner does not offer, in request order. */
export function servicesOutsideCatalogue(
  requested: readonly SellerService[],
  catalogue: readonly SellerService[],
): SellerService[] {
  return requested.filter((service) => !catalogue.includes(service));
}

const SERVICE_NAMES: Readonly<Record<SellerService, string>> = {
  'listing-optimization': 'Listing optimization',
  'pricing-strategy': 'Pricing strategy',
  'promotion-planning': 'Promotion planning',
  'content-creation': 'Content creation',
  'livestream-planning': 'Livestream planning',
  'data-analysis': 'Data analysis',
};

/** A service in words, for emails. */
export const serviceName = (service: SellerService) => SERVICE_NAMES[service];
