// The architecture as a Mermaid flowchart, drawn from the catalog: who calls the API, which routes start which
// workflows, which schedules fire them, and what each workflow reaches (DynamoDB, SES, other workflows).
import type { AreaSpec } from '#catalog/area.ts';

const nodeId = (text: string) => text.replace(/[^A-Za-z0-9]/g, '_');
const quoted = (text: string) => `"${text.replace(/"/g, "'")}"`;

/**
 * A `flowchart LR` of PartnerFlow: clients → API Gateway (with its authorizer) → the routes' functions →
 * the workflows they start; EventBridge Scheduler → the workflows it starts; every workflow → the services
 * its functions use; ops → CloudWatch and the console. Deterministic: the catalog's order, nothing else.
 */
export function mermaidArchitecture(catalog: AreaSpec): string {
  const functionsById = new Map(catalog.functions.map((spec) => [spec.id, spec]));
  const lines = [
    'flowchart LR',
    '  partners(["Partner systems"])',
    '  managers(["Managers"])',
    '  ops(["Ops"])',
    `  api["API Gateway<br/>${catalog.routes.length} routes, API key authorizer"]`,
    '  table[("DynamoDB<br/>single table")]',
    '  ses["SES<br/>emails"]',
    '  cloudwatch["CloudWatch<br/>dashboard, alarms, logs"]',
    '  partners -->|HTTPS + API key| api',
    '  managers -->|signed review links| api',
    '  ses -->|review requests, reports| managers',
    '  ops -->|console, CLI| api',
    '  ops --> cloudwatch',
    '  api --> table',
  ];
  lines.push('  subgraph workflows ["Step Functions (Standard)"]');
  for (const workflow of catalog.workflows) {
    lines.push(
      `    ${nodeId(workflow.name)}[${quoted(`${workflow.name}<br/>${workflow.functionIds.length} functions`)}]`,
    );
  }
  lines.push('  end');

  const started = new Set<string>();
  for (const route of catalog.routes) {
    for (const workflow of functionsById.get(route.functionId)?.startsWorkflows ?? []) {
      const key = `${route.method} ${route.path}|${workflow}`;
      if (started.has(key)) continue;
      started.add(key);
      lines.push(`  api -->|${quoted(`${route.method} ${route.path}`)}| ${nodeId(workflow)}`);
    }
  }
  if (catalog.schedules.length > 0) {
    lines.push('  scheduler["EventBridge Scheduler"]');
    for (const schedule of catalog.schedules) {
      lines.push(
        `  scheduler -->|${quoted(`${schedule.cron} ${schedule.timezone}`)}| ${nodeId(schedule.target.workflow)}`,
      );
    }
  }
  for (const workflow of catalog.workflows) {
    const steps = workflow.functionIds.flatMap((functionId) => functionsById.get(functionId) ?? []);
    const id = nodeId(workflow.name);
    if (steps.some((step) => (step.tableActions ?? []).length > 0)) lines.push(`  ${id} --> table`);
    if (steps.some((step) => step.sendsEmail === true)) lines.push(`  ${id} --> ses`);
    const others = new Set(steps.flatMap((step) => step.startsWorkflows ?? []));
    for (const other of others) lines.push(`  ${id} -->|starts| ${nodeId(other)}`);
  }
  lines.push('  workflows -.->|logs, metrics| cloudwatch');
  return lines.join('\n');
}
