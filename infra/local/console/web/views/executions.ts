import { ExecutionFeed, type FeedExecution } from '#infra/ops/executions-feed.ts';
import { businessIdOf, formatDuration, formatUtc } from '#infra/ops/format.ts';
import { announce, h, replaceChildren, statusBadge } from '../dom.ts';
import { type ConsoleConfig, type ConsoleWorkflow, stepFunctions } from '../http.ts';
import type { View } from '../view.ts';

const PAGE_SIZE = 20;
const LIVE_EVERY_MS = 2_000;
const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];
/** How far a partial search reads back (exact business ids are looked up directly, whatever their age). */
const SEARCH_DEPTH = 200;

export interface ExecutionFilters {
  readonly workflow?: string;
  readonly status?: string;
  readonly q?: string;
}

export const executionHref = (executionArn: string) => `#/execution/${encodeURIComponent(executionArn)}`;

const workflowOf = (config: ConsoleConfig, stateMachineArn: string): ConsoleWorkflow | undefined =>
  config.workflows.find((workflow) => workflow.stateMachineArn === stateMachineArn);

const durationOf = (execution: FeedExecution, now: number) =>
  formatDuration((execution.stopDate?.getTime() ?? now) - execution.startDate.getTime());

/** The executions a business id names: its execution in each workflow, looked up by name (no listing). */
async function findByBusinessId(query: string, workflows: readonly ConsoleWorkflow[]) {
  const found = await Promise.all(
    workflows.map(async (workflow) => {
      const name = query.endsWith(`-${workflow.executionSuffix}`)
        ? query
        : `${query}-${workflow.executionSuffix}`;
      const arn = `${workflow.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
      return stepFunctions.describeExecution(arn);
    }),
  );
  const exact = found.filter(
    (execution): execution is NonNullable<typeof execution> => execution !== undefined,
  );
  if (exact.length > 0) return exact;
  // Not an exact id: look for it inside the names of the newest executions.
  const feed = new ExecutionFeed({
    stateMachineArns: workflows.map((workflow) => workflow.stateMachineArn),
    fetchPage: (arn, token) => stepFunctions.listExecutions(arn, token),
  });
  const recent = await feed.take(SEARCH_DEPTH);
  return recent.filter((execution) => execution.name.toLowerCase().includes(query.toLowerCase()));
}

function filtersHref(filters: ExecutionFilters): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  const query = params.toString();
  return `#/executions${query === '' ? '' : `?${query}`}`;
}

/**
 * The executions of every workflow, newest first, a page at a time; filter by workflow and status, search by
 * business id. While the first page shows, it refreshes itself; running executions' durations tick.
 */
export function executionsView(config: ConsoleConfig, filters: ExecutionFilters): View {
  const suffixes = config.workflows.map((workflow) => workflow.executionSuffix);
  const workflows = config.workflows.filter(
    (workflow) => !filters.workflow || workflow.name === filters.workflow,
  );
  const status = filters.status && STATUSES.includes(filters.status) ? filters.status : undefined;
  const pages: FeedExecution[][] = [];
  let pageIndex = 0;
  let feed: ExecutionFeed | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let refreshing = false;

  const newFeed = () =>
    new ExecutionFeed({
      stateMachineArns: workflows.map((workflow) => workflow.stateMachineArn),
      fetchPage: (arn, token) => stepFunctions.listExecutions(arn, token, status),
    });

  const searchInput = h('input', {
    id: 'search-business-id',
    name: 'q',
    type: 'search',
    value: filters.q ?? '',
    placeholder: 'cr_7fk2m9q4x8rt3wz5',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const workflowSelect = h(
    'select',
    { id: 'filter-workflow', name: 'workflow' },
    h('option', { value: '' }, 'All workflows'),
    ...config.workflows.map((workflow) =>
      h('option', { value: workflow.name, selected: workflow.name === filters.workflow }, workflow.name),
    ),
  );
  const statusSelect = h(
    'select',
    { id: 'filter-status', name: 'status' },
    h('option', { value: '' }, 'Any status'),
    ...STATUSES.map((value) => h('option', { value, selected: value === status }, value.replace(/_/g, ' '))),
  );
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': 'Find executions',
      onsubmit: (event: Event) => {
        event.preventDefault();
        location.hash = filtersHref({
          workflow: workflowSelect.value,
          status: statusSelect.value,
          q: searchInput.value.trim(),
        });
      },
    },
    h('div', { class: 'field grow' }, h('label', { for: 'search-business-id' }, 'Business id'), searchInput),
    h('div', { class: 'field' }, h('label', { for: 'filter-workflow' }, 'Workflow'), workflowSelect),
    h('div', { class: 'field' }, h('label', { for: 'filter-status' }, 'Status'), statusSelect),
    h(
      'div',
      { class: 'field actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Search'),
      h('a', { class: 'button', href: '#/executions' }, 'Clear'),
    ),
  );

  const body = h('tbody');
  const table = h(
    'table',
    { class: 'executions', 'aria-describedby': 'executions-caption' },
    h('caption', { id: 'executions-caption', class: 'visually-hidden' }, 'Executions, newest first'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Business id'),
        h('th', { scope: 'col' }, 'Workflow'),
        h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col' }, 'Started (UTC)'),
        h('th', { scope: 'col' }, 'Duration'),
      ),
    ),
    body,
  );
  const summary = h('p', { class: 'summary', id: 'executions-summary' });
  const newer = h('button', { type: 'button', onclick: () => void showPage(pageIndex - 1) }, '← Newer');
  const older = h('button', { type: 'button', onclick: () => void showPage(pageIndex + 1) }, 'Older →');
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of executions' }, newer, summary, older);

  const row = (execution: FeedExecution, now: number) => {
    const workflow = workflowOf(config, execution.stateMachineArn);
    return h(
      'tr',
      { 'data-execution': execution.name, 'data-status': execution.status },
      h(
        'td',
        { 'data-label': 'Business id' },
        h(
          'a',
          { href: executionHref(execution.executionArn), class: 'mono' },
          businessIdOf(execution.name, suffixes),
        ),
      ),
      h('td', { 'data-label': 'Workflow' }, workflow?.name ?? '?'),
      h('td', { 'data-label': 'Status' }, statusBadge(execution.status)),
      h(
        'td',
        { 'data-label': 'Started' },
        h('time', { datetime: execution.startDate.toISOString() }, formatUtc(execution.startDate)),
      ),
      h('td', { 'data-label': 'Duration', class: 'duration' }, durationOf(execution, now)),
    );
  };

  let renderedSignature = '';
  const render = () => {
    const items = pages[pageIndex] ?? [];
    const now = Date.now();
    const signature = `${pageIndex}|${items.map((item) => `${item.name}:${item.status}`).join(',')}`;
    if (signature === renderedSignature && items.length > 0) {
      // Same rows: only the running durations move; the rows (and a keyboard user's focus) stay.
      items.forEach((execution, index) => {
        const cell = body.rows[index]?.querySelector('.duration');
        if (cell) cell.textContent = durationOf(execution, now);
      });
      return;
    }
    renderedSignature = signature;
    const focused = document.activeElement?.closest('tr')?.getAttribute('data-execution');
    if (items.length === 0) {
      replaceChildren(
        body,
        h(
          'tr',
          {},
          h(
            'td',
            { colspan: 5, class: 'empty' },
            filters.q ? `No execution found for “${filters.q}”.` : 'No executions yet.',
          ),
        ),
      );
    } else {
      replaceChildren(body, ...items.map((execution) => row(execution, now)));
      if (focused) body.querySelector<HTMLElement>(`tr[data-execution="${CSS.escape(focused)}"] a`)?.focus();
    }
    newer.disabled = pageIndex === 0;
    older.disabled =
      filters.q !== undefined && filters.q !== ''
        ? true
        : !(pageIndex + 1 < pages.length || feed?.more === true);
    summary.textContent =
      items.length === 0
        ? ''
        : `Page ${pageIndex + 1} · ${items.length} execution${items.length === 1 ? '' : 's'}`;
  };

  async function showPage(index: number): Promise<void> {
    if (index < 0) return;
    if (index >= pages.length) {
      if (feed === undefined || !feed.more) return;
      const next = await feed.take(PAGE_SIZE);
      if (next.length === 0) return;
      pages.push(next);
    }
    pageIndex = Math.min(index, pages.length - 1);
    render();
    announce(`Page ${pageIndex + 1} of executions`);
  }

  async function load(): Promise<void> {
    if (filters.q) {
      const found = await findByBusinessId(filters.q, workflows);
      const filtered = found.filter((execution) => status === undefined || execution.status === status);
      pages.splice(0, pages.length, filtered);
      feed = undefined;
    } else {
      feed = newFeed();
      pages.splice(0, pages.length, await feed.take(PAGE_SIZE));
    }
    pageIndex = 0;
    render();
  }

  /** Live updates: the first page is read again; on later pages, running executions are described again. */
  async function refresh(): Promise<void> {
    if (refreshing) return;
    refreshing = true;
    try {
      if (pageIndex === 0 && !filters.q) {
        const fresh = newFeed();
        const first = await fresh.take(PAGE_SIZE);
        feed = fresh;
        pages.splice(0, pages.length, first);
      } else {
        const page = pages[pageIndex] ?? [];
        const updated = await Promise.all(
          page.map(async (execution) =>
            execution.status === 'RUNNING' || execution.status === 'PENDING_REDRIVE'
              ? ((await stepFunctions.describeExecution(execution.executionArn)) ?? execution)
              : execution,
          ),
        );
        pages[pageIndex] = updated;
      }
      render();
    } finally {
      refreshing = false;
    }
  }

  return {
    title: 'Executions',
    async mount(main) {
      replaceChildren(
        main,
        h('h1', { tabindex: '-1' }, 'Executions'),
        form,
        h('div', { class: 'table-wrap' }, table),
        pager,
      );
      await load();
      timer = setInterval(() => {
        refresh().catch(() => undefined);
      }, LIVE_EVERY_MS);
    },
    unmount() {
      if (timer !== undefined) clearInterval(timer);
    },
  };
}
