import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One template the app deploys: the root stack's or a nested stack's, as synthesized. */
export interface StackTemplate {
  readonly stack: Stack;
  /** The stack's construct path, e.g. `PartnerFlowStack/CreatorsArea`. */
  readonly path: string;
  readonly json: {
    readonly Resources?: Json;
    readonly Parameters?: Json;
    readonly Outputs?: Record<string, { readonly Value: unknown }>;
  };
  /** The template file's size, which CloudFormation limits too. */
  readonly bytes: number;
}

/**
 * The app as tests read it, however it is split into stacks: every template, and one Template holding the
 * resources of all of them with cross-stack plumbing followed, so a nested resource's `{Ref: <parameter>}` reads
 * as the root resource it stands for and a root resource's `Fn::GetAtt <nested>.Outputs.X` as the nested value.
 */
export interface AppTemplate {
  readonly templates: readonly StackTemplate[];
  /** Every resource of every stack; assertions on properties work as on one template. */
  readonly template: Template;
  /** A token (or a structure of them) as it appears in `template`: resolved, then followed like the resources. */
  resolve(value: unknown): unknown;
  /** The logical id of a construct's resource (its default child), in whichever stack it lives. */
  logicalId(construct: { readonly node: { readonly defaultChild?: unknown } }): string;
}

/** Reads every template of an app already synthesized (`app.synth()` is cached: no second synthesis). */
export function appTemplate(app: App, root: Stack): AppTemplate {
  const assembly = app.synth();
  const templates: StackTemplate[] = root.node
    .findAll()
    .filter((construct): construct is Stack => Stack.isStack(construct))
    .map((stack) => {
      const text = readFileSync(join(assembly.directory, stack.templateFile), 'utf8');
      return {
        stack,
        path: stack.node.path,
        json: JSON.parse(text) as StackTemplate['json'],
        bytes: text.length,
      };
    });
  const byStack = new Map(templates.map((entry) => [entry.stack, entry]));

  /** The nested stack a parent's `AWS::CloudFormation::Stack` resource deploys, by that resource's logical id. */
  const childByResource = (parent: Stack, logicalId: string): StackTemplate | undefined =>
    templates.find(
      ({ stack }) =>
        stack.nestedStackParent === parent &&
        stack.nestedStackResource !== undefined &&
        parent.resolve(stack.nestedStackResource.logicalId) === logicalId,
    );

  function follow(owner: StackTemplate, value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => follow(owner, item));
    if (!isRecord(value)) return value;
    const ref = value.Ref;
    const parent = owner.stack.nestedStackParent;
    if (typeof ref === 'string' && parent !== undefined && owner.json.Parameters?.[ref] !== undefined) {
      const parentTemplate = byStack.get(parent);
      const resource = owner.stack.nestedStackResource;
      if (parentTemplate === undefined || resource === undefined)
        throw new Error(`No parent for ${owner.path}`);
      const deployed = parentTemplate.json.Resources?.[parent.resolve(resource.logicalId) as string];
      const passed =
        isRecord(deployed) && isRecord(deployed.Properties) ? deployed.Properties.Parameters : undefined;
      if (!isRecord(passed) || !(ref in passed))
        throw new Error(`${owner.path}: parameter ${ref} is not passed`);
      return follow(parentTemplate, passed[ref]);
    }
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && String(getAtt[1]).startsWith('Outputs.')) {
      const child = childByResource(owner.stack, getAtt[0]);
      const output = child?.json.Outputs?.[String(getAtt[1]).slice('Outputs.'.length)];
      if (child !== undefined && output !== undefined) return follow(child, output.Value);
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, follow(owner, item)]));
  }

  const resources: Json = {};
  for (const entry of templates) {
    for (const [logicalId, resource] of Object.entries(entry.json.Resources ?? {})) {
      if (logicalId in resources) throw new Error(`Logical id ${logicalId} is in two stacks (${entry.path})`);
      resources[logicalId] = follow(entry, resource);
    }
  }
  const rootTemplate = byStack.get(root);
  if (rootTemplate === undefined) throw new Error('The root stack has no template');
  return {
    templates,
    template: Template.fromJSON({ Resources: resources }, { skipCyclicalDependenciesCheck: true }),
    resolve: (value) => follow(rootTemplate, root.resolve(value)),
    logicalId: (construct) => {
      const resource = construct.node.defaultChild;
      if (!(resource instanceof CfnElement)) throw new Error('The construct has no CloudFormation resource');
      return Stack.of(resource).getLogicalId(resource);
    },
  };
}
