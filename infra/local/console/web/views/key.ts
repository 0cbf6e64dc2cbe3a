import { h, replaceChildren } from '../dom.ts';
import { consoleCalls, KeyRejected, opsKey } from '../http.ts';
import type { View } from '../view.ts';

/**
 * Asks for an ops API key and checks it against the runtime before keeping it (in sessionStorage, so it is
 * gone when the tab closes). `partnerflow keys create --role ops` mints one.
 */
export function keyView(reason: string | undefined, onAccepted: () => void): View {
  const input = h('input', {
    id: 'ops-key',
    name: 'key',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'aria-describedby': 'ops-key-help',
  });
  const message = h('p', { class: 'form-message', role: 'alert' }, reason ?? '');
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Open the console');
  const form = h(
    'form',
    {
      class: 'key-form card',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const key = input.value.trim();
        if (key === '') return;
        submit.disabled = true;
        opsKey.set(key);
        try {
          await consoleCalls.config();
          onAccepted();
        } catch (error) {
          opsKey.clear();
          message.textContent =
            error instanceof KeyRejected ? error.message : 'The runtime could not be reached.';
          input.focus();
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('label', { for: 'ops-key' }, 'Ops API key'),
    input,
    h(
      'p',
      { id: 'ops-key-help', class: 'muted' },
      'Kept in this tab only. Mint one with ',
      h('code', {}, 'npx partnerflow keys create --role ops'),
      '.',
    ),
    submit,
    message,
  );
  return {
    title: 'Sign in',
    async mount(main) {
      replaceChildren(main, h('h1', { tabindex: '-1' }, 'Ops console'), form);
      input.focus();
    },
    unmount() {},
  };
}
