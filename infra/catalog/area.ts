import type { FunctionSpec, RouteSpec, ScheduleSpec, WorkflowSpec } from '#catalog/types.ts';

/** One business area's share of the catalog; each area lives in `infra/catalog/areas/`. */
export interface AreaSpec {
  readonly functions: readonly FunctionSpec[];
  readonly routes: readonly RouteSpec[];
  readonly workflows: readonly WorkflowSpec[];
  readonly schedules: readonly ScheduleSpec[];
}
