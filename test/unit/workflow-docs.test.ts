import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderWorkflowsDoc, WORKFLOWS_DOC } from '#scripts/docs/workflows-doc.ts';

describe('docs/workflows.md', () => {
  it('is what `npm run docs` renders from the current catalog and workflows/*.asl.json', async () => {
    // Arrange
    const fresh = await renderWorkflowsDoc();

    // Act
    const committed = await readFile(WORKFLOWS_DOC, 'utf8').catch(() => '(missing)');

    // Assert
    expect(committed, 'docs/workflows.md is out of date: run `npm run docs` and commit the result').toBe(
      fresh,
    );
  });

  it('draws every workflow file', async () => {
    // Act
    const doc = await renderWorkflowsDoc();

    // Assert
    expect(doc).toMatch(/^## creator-onboarding$/m);
    expect(doc).toContain("RouteDecision --> ActivateCreator : $.decision.kind = 'approve'");
    expect(doc).toContain('ValidateApplication --> CompensateFailedOnboarding : catch States.ALL');
  });
});
