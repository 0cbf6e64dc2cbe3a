import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AslGraphError, END_NODE, parseAslGraph } from '#infra/ops/asl-graph.ts';
import { layoutGraph } from '#infra/ops/graph-layout.ts';
import { edgeKey, renderGraphSvg } from '#infra/ops/graph-svg.ts';
import { mermaidStateDiagram } from '#infra/ops/mermaid.ts';

const onboarding = () => parseAslGraph(readFileSync('workflows/creator-onboarding.asl.json', 'utf8'));
const fanOut = () => parseAslGraph(readFileSync('test/fixtures/workflows/fan-out.asl.json', 'utf8'));

describe('parseAslGraph', () => {
  it('reads every transition: next, choice rules, default, catches and ends', () => {
    // Act
    const graph = onboarding();

    // Assert
    expect(graph.startAt).toBe('ValidateApplication');
    expect(graph.edges).toContainEqual({
      from: 'RouteDecision',
      to: 'ActivateCreator',
      kind: 'choice',
      label: '$.decision.kind == "approve"',
    });
    expect(graph.edges).toContainEqual({
      from: 'RouteDecision',
      to: 'RequestManagerReview',
      kind: 'default',
      label: 'otherwise',
    });
    expect(graph.edges).toContainEqual({
      from: 'ReserveHandle',
      to: 'RejectCreator',
      kind: 'catch',
      label: 'PartnerFlow.HandleTaken',
    });
    expect(graph.edges).toContainEqual({ from: 'OnboardingFailed', to: END_NODE, kind: 'end' });
  });

  it('nests the workflows of Map and Parallel states', () => {
    // Act
    const graph = fanOut();

    // Assert
    const [map, parallel] = graph.states;
    expect(map?.branches.map((branch) => branch.startAt)).toEqual(['InviteCreator']);
    expect(parallel?.branches.map((branch) => branch.startAt)).toEqual(['CheckCommission', 'CheckBudget']);
  });

  it('refuses a transition to a state that does not exist', () => {
    // Act / Assert
    expect(() => parseAslGraph({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } })).toThrow(
      AslGraphError,
    );
  });
});

describe('the SVG graph', () => {
  it('lays every state out once, inside the drawing, and highlights the path given', () => {
    // Arrange
    const layout = layoutGraph(onboarding());

    // Act
    const svg = renderGraphSvg(layout, {
      visited: new Set(['ValidateApplication', 'ReserveHandle']),
      taken: new Set([edgeKey('ValidateApplication', 'ReserveHandle')]),
      failed: 'ReserveHandle',
    });

    // Assert
    expect(layout.nodes).toHaveLength(15 + 2);
    for (const node of layout.nodes) {
      expect(node.x - node.width / 2).toBeGreaterThanOrEqual(0);
      expect(node.x + node.width / 2).toBeLessThanOrEqual(layout.width);
      expect(node.y + node.height / 2).toBeLessThanOrEqual(layout.height);
    }
    expect(svg).toContain('data-state="ValidateApplication" data-status="visited"');
    expect(svg).toContain('data-state="ReserveHandle" data-status="failed"');
    expect(svg).toContain('data-state="ScoreAndTier" data-status="idle"');
    expect(svg.match(/class="edge edge-next taken"/g)).toHaveLength(1);
  });

  it('puts every state on a layer below the states that lead to it, loops aside', () => {
    // Act
    const layout = layoutGraph(onboarding());

    // Assert
    const layer = new Map(layout.nodes.map((node) => [node.id, node.layer]));
    for (const edge of layout.edges.filter((candidate) => !candidate.back)) {
      expect(layer.get(edge.to) ?? 0).toBeGreaterThan(layer.get(edge.from) ?? 0);
    }
  });

  it('escapes what state names could smuggle into the markup', () => {
    // Arrange
    const graph = parseAslGraph({ StartAt: '<b>&', States: { '<b>&': { Type: 'Succeed' } } });

    // Act
    const svg = renderGraphSvg(layoutGraph(graph));

    // Assert
    expect(svg).not.toContain('<b>&');
    expect(svg).toContain('&#60;b&#62;&#38;');
  });
});

describe('mermaidStateDiagram', () => {
  it('writes a state diagram with labelled choices and catches, and composite Map and Parallel states', () => {
    // Act
    const diagram = mermaidStateDiagram(fanOut());

    // Assert
    expect(diagram.split('\n')).toEqual([
      'stateDiagram-v2',
      '  [*] --> InviteCreators',
      '  state InviteCreators {',
      '    [*] --> InviteCreator',
      '    InviteCreator --> [*]',
      '  }',
      '  state RunChecks {',
      '    [*] --> CheckCommission',
      '    CheckCommission --> [*]',
      '    --',
      '    [*] --> CheckBudget',
      '    CheckBudget --> [*]',
      '  }',
      '  InviteCreators --> RunChecks',
      '  RunChecks --> [*]',
    ]);
  });

  it('declares names Mermaid cannot use as ids, and keeps labels to safe characters', () => {
    // Act
    const diagram = mermaidStateDiagram(
      parseAslGraph({
        StartAt: 'Pick one',
        States: {
          'Pick one': {
            Type: 'Choice',
            Choices: [{ Variable: '$.n', NumericGreaterThanEquals: 3, Next: 'Done' }],
            Default: 'Done',
          },
          Done: { Type: 'Succeed' },
        },
      }),
    );

    // Assert
    expect(diagram).toContain('state "Pick one" as state_1');
    expect(diagram).toContain('state_1 --> Done : $.n ≥ 3');
    expect(diagram).toContain('class state_1 choice');
  });
});
