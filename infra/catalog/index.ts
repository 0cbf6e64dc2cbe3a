import type { AreaSpec } from '#catalog/area.ts';
import { creators } from '#catalog/areas/creators.ts';
import { platform } from '#catalog/areas/platform.ts';
import { reports } from '#catalog/areas/reports.ts';
import { reviews } from '#catalog/areas/reviews.ts';
import { sellers } from '#catalog/areas/sellers.ts';
import type { FunctionSpec, RouteSpec, ScheduleSpec, WorkflowName, WorkflowSpec } from '#catalog/types.ts';

/** Every area of PartnerFlow; the CDK app and the local runtime read only this. */
const areas: readonly AreaSpec[] = [platform, creators, reviews, reports, sellers];

export const functions: readonly FunctionSpec[] = areas.flatMap((area) => area.functions);
export const routes: readonly RouteSpec[] = areas.flatMap((area) => area.routes);
export const workflows: readonly WorkflowSpec[] = areas.flatMap((area) => area.workflows);
export const schedules: readonly ScheduleSpec[] = areas.flatMap((area) => area.schedules);

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
