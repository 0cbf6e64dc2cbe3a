import { type AslGraph, parseAslGraph } from '#infra/ops/asl-graph.ts';
import { businessIdOf, formatDuration, formatUtc } from '#infra/ops/format.ts';
import { layoutGraph } from '#infra/ops/graph-layout.ts';
import { renderGraphSvg } from '#infra/ops/graph-svg.ts';
import { redactJsonText } from '#infra/ops/redact.ts';
import { pathHighlight, type Timeline, type TimelineStep, timelineOf } from '#infra/ops/timeline.ts';
import { announce, h, replaceChildren, statusBadge, svgFromMarkup } from '../dom.ts';
import {
  CallFailed,
  type ConsoleConfig,
  consoleCalls,
  type ExecutionDescription,
  partnerflowApi,
  stepFunctions,
} from '../http.ts';
import type { View } from '../view.ts';
import { reviewCard } from './reviews.ts';

const LIVE_EVERY_MS = 2_000;
const isActive = (status: string) => status === 'RUNNING' || status === 'PENDING_REDRIVE';

/** The partner an execution works for, when its input names one (every PartnerFlow workflow's does). */
function partnerOf(input: string | undefined): string | undefined {
  try {
    const parsed: unknown = JSON.parse(input ?? '');
    const partnerId = (parsed as { partnerId?: unknown } | null)?.partnerId;
    return typeof partnerId === 'string' && partnerId !== '' ? partnerId : undefined;
  } catch {
    return undefined;
  }
}

function durationText(execution: ExecutionDescription, now: number): string {
  const duration = formatDuration((execution.stopDate?.getTime() ?? now) - execution.startDate.getTime());
  return isActive(execution.status) ? `${duration} so far` : duration;
}

function jsonBlock(label: string, text: string | undefined): HTMLElement {
  return h(
    'details',
    { class: 'data', open: true },
    h('summary', {}, label),
    text === undefined
      ? h('p', { class: 'empty' }, 'None yet.')
      : h('pre', { tabindex: 0 }, redactJsonText(text) ?? ''),
  );
}

function stepRow(step: TimelineStep, startedAt: number, totalMs: number, now: number): HTMLElement {
  const offset = step.enteredAt.getTime() - startedAt;
  const duration = step.durationMs ?? now - step.enteredAt.getTime();
  const retries = Math.max(0, step.attempts - 1);
  const bar = h('span', { class: `bar bar-${step.status}`, 'aria-hidden': 'true' });
  const track = h('span', { class: 'track', 'aria-hidden': 'true' }, bar);
  // Set through the CSSOM: the page's CSP forbids inline style attributes.
  bar.style.marginLeft = `${Math.min(100, (offset / totalMs) * 100)}%`;
  bar.style.width = `${Math.max(0.6, Math.min(100, (duration / totalMs) * 100))}%`;
  return h(
    'li',
    { 'data-state': step.name, 'data-status': step.status },
    h(
      'div',
      { class: 'step-head' },
      h('span', { class: 'step-name' }, step.name),
      h('span', { class: `badge step-${step.status}` }, step.status),
      h('span', { class: 'muted' }, `+${formatDuration(offset)}`),
      h(
        'span',
        { class: 'step-duration' },
        step.status === 'running' ? `${formatDuration(duration)} so far` : formatDuration(duration),
      ),
      retries > 0
        ? h('span', { class: 'badge step-retried' }, `${retries} ${retries === 1 ? 'retry' : 'retries'}`)
        : undefined,
    ),
    track,
    step.errors.length === 0
      ? undefined
      : h(
          'details',
          { class: 'step-errors' },
          h('summary', {}, `${step.errors.length} failed attempt${step.errors.length === 1 ? '' : 's'}`),
          h(
            'ul',
            {},
            ...step.errors.map((failure) =>
              h('li', {}, h('strong', {}, failure.error), ' ', redactJsonText(failure.cause) ?? ''),
            ),
          ),
        ),
  );
}

function timelineList(timeline: Timeline, execution: ExecutionDescription, now: number): HTMLElement {
  const startedAt = execution.startDate.getTime();
  const totalMs = Math.max(1, (execution.stopDate?.getTime() ?? now) - startedAt);
  const milestones = timeline.milestones.filter((milestone) => milestone.kind === 'redriven');
  return h(
    'div',
    {},
    h(
      'ol',
      { class: 'timeline', 'aria-label': 'States in the order they ran' },
      ...timeline.steps.map((step) => stepRow(step, startedAt, totalMs, now)),
    ),
    milestones.length === 0
      ? undefined
      : h(
          'p',
          { class: 'muted' },
          `Redriven ${milestones.map((milestone) => formatUtc(milestone.at)).join(', ')}.`,
        ),
  );
}

function graphFigure(graph: AslGraph, timeline: Timeline, workflowName: string): HTMLElement {
  const svg = renderGraphSvg(layoutGraph(graph), pathHighlight(graph, timeline), {
    title: `${workflowName}: the path this execution took`,
    idPrefix: 'execution-graph-',
  });
  return h(
    'figure',
    { class: 'graph' },
    h(
      'div',
      { class: 'graph-scroll', tabindex: 0, 'aria-label': 'State graph (scrolls)' },
      svgFromMarkup(svg),
    ),
    h(
      'figcaption',
      { class: 'legend' },
      h('span', { class: 'key visited' }, 'path taken'),
      h('span', { class: 'key failed' }, 'failed here'),
      h('span', { class: 'key current' }, 'running now'),
      h('span', { class: 'key catch' }, 'catch (error path)'),
    ),
  );
}

/**
 * One execution: what it is, what it did (graph with the path taken, timeline with each state's duration),
 * why it failed, its data with secrets redacted, its pending review and emails, and redrive / stop.
 */
export function executionView(config: ConsoleConfig, executionArn: string): View {
  const suffixes = config.workflows.map((workflow) => workflow.executionSuffix);
  let timer: ReturnType<typeof setInterval> | undefined;
  let graph: AslGraph | undefined;
  let main: HTMLElement | undefined;
  let busy = false;
  let lastSignature = '';
  const sections = {
    head: h('div', { class: 'execution-head' }),
    actions: h('div', { class: 'actions execution-actions' }),
    failure: h('section', { 'aria-labelledby': 'failure-title', hidden: true }),
    review: h('section', { 'aria-labelledby': 'review-title', hidden: true }),
    graph: h('section', { 'aria-labelledby': 'graph-title' }),
    timeline: h('section', { 'aria-labelledby': 'timeline-title' }),
    data: h('section', { 'aria-labelledby': 'data-title', class: 'data-grid' }),
    emails: h('section', { 'aria-labelledby': 'emails-title' }),
  };
  const message = h('p', { class: 'form-message', role: 'alert' });

  const confirmDialog = (title: string, text: string, withCause: boolean): Promise<string | undefined> =>
    new Promise((resolve) => {
      const cause = h(
        'textarea',
        { id: 'dialog-cause', rows: 2, maxlength: 500 },
        'Stopped by ops from the console',
      );
      const dialog = h(
        'dialog',
        { class: 'confirm', 'aria-labelledby': 'dialog-title' },
        h(
          'form',
          { method: 'dialog' },
          h('h2', { id: 'dialog-title' }, title),
          h('p', {}, text),
          withCause ? h('label', { for: 'dialog-cause' }, 'Cause (kept in the execution)') : undefined,
          withCause ? cause : undefined,
          h(
            'div',
            { class: 'actions' },
            h('button', { value: 'cancel', type: 'submit' }, 'Cancel'),
            h('button', { value: 'confirm', type: 'submit', class: 'primary' }, title),
          ),
        ),
      );
      dialog.addEventListener('close', () => {
        resolve(dialog.returnValue === 'confirm' ? cause.value.trim() || 'Stopped by ops' : undefined);
        dialog.remove();
      });
      document.body.append(dialog);
      dialog.showModal();
    });

  const act = async (label: string, run: () => Promise<unknown>) => {
    message.textContent = '';
    try {
      await run();
      announce(label);
      await refresh();
    } catch (error) {
      message.textContent =
        error instanceof CallFailed ? `${error.code}: ${error.message}` : `${label} failed.`;
    }
  };

  const renderActions = (execution: ExecutionDescription) => {
    const redrivable = execution.redriveStatus === 'REDRIVABLE';
    replaceChildren(
      sections.actions,
      h(
        'button',
        {
          type: 'button',
          id: 'redrive',
          class: 'primary',
          disabled: !redrivable,
          title: redrivable
            ? 'Run it again from the state that failed'
            : (execution.redriveStatusReason ?? 'Not redrivable'),
          onclick: async () => {
            const ok = await confirmDialog(
              'Redrive',
              'Resume this execution from the state where it stopped? Completed states are not run again.',
              false,
            );
            if (ok !== undefined) await act('Redrive started', () => stepFunctions.redrive(executionArn));
          },
        },
        'Redrive',
      ),
      h(
        'button',
        {
          type: 'button',
          id: 'stop',
          class: 'danger',
          disabled: execution.status !== 'RUNNING',
          onclick: async () => {
            const cause = await confirmDialog(
              'Stop',
              'Stop this running execution? It ends as ABORTED; it can be redriven later.',
              true,
            );
            if (cause !== undefined)
              await act('Execution stopped', () => stepFunctions.stop(executionArn, cause));
          },
        },
        'Stop',
      ),
      message,
    );
  };

  const renderHead = (execution: ExecutionDescription, now: number) => {
    const workflow = config.workflows.find(
      (candidate) => candidate.stateMachineArn === execution.stateMachineArn,
    );
    replaceChildren(
      sections.head,
      h('p', { class: 'breadcrumbs' }, h('a', { href: '#/executions' }, '← Executions')),
      h('h1', { tabindex: '-1', class: 'mono' }, businessIdOf(execution.name, suffixes)),
      h(
        'p',
        { class: 'subtitle' },
        statusBadge(execution.status),
        ' ',
        workflow?.name ?? '',
        ' · ',
        h('span', { class: 'mono' }, execution.name),
      ),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'Started'),
        h('dd', {}, formatUtc(execution.startDate)),
        h('dt', {}, 'Stopped'),
        h('dd', {}, execution.stopDate === undefined ? '—' : formatUtc(execution.stopDate)),
        h('dt', {}, 'Duration'),
        h('dd', { id: 'execution-duration' }, durationText(execution, now)),
        h('dt', {}, 'Redrives'),
        h('dd', {}, String(execution.redriveCount ?? 0)),
      ),
    );
  };

  const renderFailure = (execution: ExecutionDescription) => {
    sections.failure.hidden = execution.error === undefined && execution.cause === undefined;
    replaceChildren(
      sections.failure,
      h('h2', { id: 'failure-title' }, 'Why it failed'),
      h('p', { class: 'error-name' }, execution.error ?? 'No error name'),
      h('pre', { class: 'cause', tabindex: 0 }, redactJsonText(execution.cause) ?? ''),
    );
  };

  const renderReview = async (execution: ExecutionDescription) => {
    // The execution's partner narrows the search: every partner's pending reviews could be many pages.
    const partnerId = partnerOf(execution.input);
    const page = await partnerflowApi.listReviews('PENDING', partnerId === undefined ? {} : { partnerId });
    const pending = page.items.filter((review) => review.executionId === execution.name);
    sections.review.hidden = pending.length === 0;
    replaceChildren(
      sections.review,
      h('h2', { id: 'review-title' }, 'Waiting for a review'),
      ...pending.map((review) => reviewCard(config, review, () => void refresh())),
    );
  };

  const renderEmails = async () => {
    const emails = await consoleCalls.emails(executionArn);
    replaceChildren(
      sections.emails,
      h('h2', { id: 'emails-title' }, 'Emails sent'),
      emails.items.length === 0
        ? h('p', { class: 'empty' }, 'No email captured for this execution.')
        : h(
            'ul',
            { class: 'emails' },
            ...emails.items.map((email) =>
              h(
                'li',
                {},
                h('a', { href: emails.viewerUrl, target: '_blank', rel: 'noopener' }, email.subject),
                h(
                  'span',
                  { class: 'muted' },
                  ` to ${email.to.join(', ')} · ${formatUtc(new Date(email.sentAt))} · `,
                ),
                h('a', { href: email.emlUrl, target: '_blank', rel: 'noopener' }, '.eml'),
              ),
            ),
          ),
    );
  };

  async function refresh(): Promise<void> {
    if (busy || main === undefined) return;
    busy = true;
    try {
      const execution = await stepFunctions.describeExecution(executionArn);
      if (execution === undefined) {
        replaceChildren(
          main,
          h('h1', { tabindex: '-1' }, 'No such execution'),
          h('p', {}, h('a', { href: '#/executions' }, 'Back to the executions')),
        );
        return;
      }
      graph ??= parseAslGraph(await stepFunctions.definition(executionArn));
      const events = await stepFunctions.history(executionArn);
      const now = Date.now();
      // Nothing happened since the last look: only the clock moved. Re-rendering anyway would take the focus
      // (and a half-typed review reason) away from a keyboard user every two seconds.
      const signature = `${execution.status}|${execution.redriveCount ?? 0}|${events.length}`;
      if (signature === lastSignature) {
        const duration = sections.head.querySelector('#execution-duration');
        if (duration !== null) duration.textContent = durationText(execution, now);
        return;
      }
      lastSignature = signature;
      const timeline = timelineOf(events);
      const workflowName =
        config.workflows.find((w) => w.stateMachineArn === execution.stateMachineArn)?.name ?? 'Workflow';
      renderHead(execution, now);
      renderActions(execution);
      renderFailure(execution);
      replaceChildren(
        sections.graph,
        h('h2', { id: 'graph-title' }, 'Path taken'),
        graphFigure(graph, timeline, workflowName),
      );
      replaceChildren(
        sections.timeline,
        h('h2', { id: 'timeline-title' }, 'Timeline'),
        timelineList(timeline, execution, now),
      );
      replaceChildren(
        sections.data,
        h('h2', { id: 'data-title', class: 'visually-hidden' }, 'Input and output'),
        jsonBlock('Input', execution.input),
        jsonBlock('Output', execution.output),
      );
      await Promise.all([renderReview(execution), renderEmails()]);
      if (!isActive(execution.status) && timer !== undefined) {
        clearInterval(timer);
        timer = undefined;
        announce(`Execution ${execution.status.toLowerCase()}`);
      } else if (isActive(execution.status) && timer === undefined) {
        timer = setInterval(() => void refresh().catch(() => undefined), LIVE_EVERY_MS);
      }
    } finally {
      busy = false;
    }
  }

  return {
    title: 'Execution',
    async mount(element) {
      main = element;
      replaceChildren(
        element,
        sections.head,
        sections.actions,
        sections.failure,
        sections.review,
        sections.graph,
        sections.timeline,
        sections.data,
        sections.emails,
      );
      await refresh();
    },
    unmount() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      main = undefined;
    },
  };
}
