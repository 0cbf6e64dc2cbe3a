import { resolve } from 'node:path';
import type { AreaSpec } from '#catalog/area.ts';
import { areas } from '#catalog/index.ts';
import { type TableDefinition, table } from '#catalog/table.ts';

/**
 * Everything the stack is built from: the catalog's areas (each deployed as its own nested stack), their four
 * lists joined (what the API, the dashboard and the checks read), and the one table definition.
 */
export interface PartnerCatalog extends AreaSpec {
  readonly areas: Readonly<Record<string, AreaSpec>>;
  readonly table: TableDefinition;
}

/** A catalog of these areas, in their order; the joined lists are derived, never declared twice. */
export function catalogOf(
  tableDefinition: TableDefinition,
  byName: Readonly<Record<string, AreaSpec>>,
): PartnerCatalog {
  const all = Object.values(byName);
  return {
    areas: byName,
    table: tableDefinition,
    functions: all.flatMap((area) => area.functions),
    routes: all.flatMap((area) => area.routes),
    workflows: all.flatMap((area) => area.workflows),
    schedules: all.flatMap((area) => area.schedules),
  };
}

/** The real catalog (every area in infra/catalog/areas/); tests pass their own to `PartnerFlowStack`. */
export const partnerCatalog: PartnerCatalog = catalogOf(table, areas);

/** Catalog paths (function entries, ASL files) are relative to the repository root. */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export const fromRepoRoot = (relativePath: string): string => resolve(REPO_ROOT, relativePath);
