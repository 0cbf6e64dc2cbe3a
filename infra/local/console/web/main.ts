// The ops console's entry: a hash router over four views. Served by the local runtime at /console.
import { h, replaceChildren } from './dom.ts';
import { CallFailed, type ConsoleConfig, consoleCalls, KeyRejected, opsKey } from './http.ts';
import type { View } from './view.ts';
import { executionView } from './views/execution.ts';
import { executionsView } from './views/executions.ts';
import { keyView } from './views/key.ts';
import { reviewsView } from './views/reviews.ts';

const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;
let current: View | undefined;
let config: ConsoleConfig | undefined;

function routeOf(hash: string): { path: string; params: URLSearchParams } {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  return { path: path === '' ? '/executions' : path, params: new URLSearchParams(query) };
}

function viewFor(loaded: ConsoleConfig, path: string, params: URLSearchParams): View {
  if (path.startsWith('/execution/'))
    return executionView(loaded, decodeURIComponent(path.slice('/execution/'.length)));
  if (path === '/reviews') return reviewsView(loaded, { status: params.get('status') ?? undefined });
  return executionsView(loaded, {
    workflow: params.get('workflow') ?? undefined,
    status: params.get('status') ?? undefined,
    q: params.get('q') ?? undefined,
  });
}

async function show(view: View): Promise<void> {
  current?.unmount();
  current = view;
  document.title = `${view.title} · PartnerFlow ops`;
  await view.mount(main);
  // A new screen: move the focus to its heading, as a page load would.
  main.querySelector<HTMLElement>('h1')?.focus();
}

async function askForKey(reason?: string): Promise<void> {
  nav.hidden = true;
  config = undefined;
  await show(keyView(reason, () => void route()));
}

async function route(): Promise<void> {
  if (opsKey.get() === undefined) {
    await askForKey();
    return;
  }
  try {
    config ??= await consoleCalls.config();
    nav.hidden = false;
    const sesLink = document.getElementById('ses-link');
    sesLink?.setAttribute('href', config.sesUrl);
    const { path, params } = routeOf(location.hash);
    for (const link of nav.querySelectorAll('a[data-section]')) {
      const section = link.getAttribute('data-section') ?? '';
      if (path.startsWith(`/${section.replace(/s$/, '')}`)) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    await show(viewFor(config, path, params));
  } catch (error) {
    if (error instanceof KeyRejected) {
      opsKey.clear();
      await askForKey(error.message);
      return;
    }
    replaceChildren(
      main,
      h('h1', { tabindex: '-1' }, 'Something went wrong'),
      h(
        'p',
        { role: 'alert' },
        error instanceof CallFailed ? `${error.code}: ${error.message}` : String(error),
      ),
      h('p', {}, h('a', { href: '#/executions' }, 'Back to the executions')),
    );
  }
}

document.getElementById('forget-key')?.addEventListener('click', () => {
  opsKey.clear();
  current?.unmount();
  void askForKey('The key was forgotten.');
});
window.addEventListener('hashchange', () => void route());
void route();
