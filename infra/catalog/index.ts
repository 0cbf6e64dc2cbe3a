import type { AreaSpec } from '#catalog/area.ts';
import { campaigns } from '#catalog/areas/campaigns.ts';
import { creators } from '#catalog/areas/creators.ts';
import { platform } from '#catalog/areas/platform.ts';
import { reports } from '#catalog/areas/reports.ts';
import { reviews } from '#catalog/areas/reviews.ts';
import { sellers } from '#catalog/areas/sellers.ts';
import { violations } from '#catalog/areas/violations.ts';
import type { FunctionSpec, RouteSpec, ScheduleSpec, WorkflowName, WorkflowSpec } from '#catalog/types.ts';

/**
 * Every area of PartnerFlow by name; the CDK app and the local runtime read only this. The CDK app deploys each
 * area as a nested stack named after its key here (infra/constructs/area-stack.ts), so keep a deployed area's key.
 */
export const areas: Readonly<Record<string, AreaSpec>> = {
  platform,
  creators,
  reviews,
  reports,
  sellers,
  campaigns,
  violations,
};

const allAreas = Object.values(areas);
export const functions: readonly FunctionSpec[] = allAreas.flatMap((area) => area.functions);
export const routes: readonly RouteSpec[] = allAreas.flatMap((area) => area.routes);
export const workflows: readonly WorkflowSpec[] = allAreas.flatMap((area) => area.workflows);
export const schedules: readonly ScheduleSpec[] = allAreas.flatMap((area) => area.schedules);

export const AUTHORIZER_FUNCTION_ID = 'api-authorizer';

export function functionById(functionId: string): FunctionSpec {
  const spec = functions.find((candidate) => candidate.id === functionId);
  if (spec === undefined) throw new Error(`No function '${functionId}' in the catalog`);
  return spec;
}

export function workflowByName(name: WorkflowName): WorkflowSpec {
  const spec = workflows.find((candidate) => candidate.name === name);
  if (spec === undefined) throw new Error(`No workflow '${name}' in the catalog`);
  return spec;
}
