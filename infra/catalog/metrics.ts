import { APP_PREFIX } from '#catalog/naming.ts';

/**
 * PartnerFlow's own CloudWatch metrics, named once: the functions emit them (Powertools metrics, embedded metric
 * format) and the stack alarms on them and draws them.
 */
export const METRICS_NAMESPACE = 'PartnerFlow';

/** Powertools adds this dimension to every metric it emits: the service name (POWERTOOLS_SERVICE_NAME). */
export const METRICS_DIMENSIONS: Readonly<Record<string, string>> = { service: APP_PREFIX };

/** A review whose decision window (its SLA) ran out undecided; counted once, when the managers are reminded. */
export const REVIEWS_PAST_SLA_METRIC = 'ReviewsPastSla';
