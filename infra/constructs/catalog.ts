import { resolve } from 'node:path';
import type { AreaSpec } from '#catalog/area.ts';
import { functions, routes, schedules, workflows } from '#catalog/index.ts';
import { type TableDefinition, table } from '#catalog/table.ts';

/** Everything the stack is built from: the catalog's four lists and the one table definition. */
export interface PartnerCatalog extends AreaSpec {
  readonly table: TableDefinition;
}

/** The real catalog (every area in infra/catalog/areas/); tests pass their own to `PartnerFlowStack`. */
export const partnerCatalog: PartnerCatalog = { functions, routes, workflows, schedules, table };

/** Catalog paths (function entries, ASL files) are relative to the repository root. */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export const fromRepoRoot = (relativePath: string): string => resolve(REPO_ROOT, relativePath);
