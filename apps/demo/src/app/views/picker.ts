import type { DemoUser } from '../../format.js';
import { h } from '../dom.js';

/** User picker: search by id (prefix, with suggestions) and "a random user with opens". */
export function pickerView(users: readonly DemoUser[], onPick: (user: DemoUser) => void): HTMLElement {
  const byId = new Map(users.map((u) => [u.userId, u]));
  const withOpens = users.filter((u) => u.opened.length > 0);
  const list = h('datalist', { id: 'user-ids' }, ...users.map((u) => h('option', { value: u.userId })));
  const message = h('span', { class: 'muted', 'data-testid': 'picker-message' });
  const input = h('input', {
    type: 'search',
    list: 'user-ids',
    placeholder: 'user id (prefix)',
    'data-testid': 'user-search',
    size: 38,
  });
  const pick = () => {
    const q = input.value.trim();
    const exact = byId.get(q);
    const matches = exact ? [exact] : users.filter((u) => u.userId.startsWith(q));
    if (q === '' || matches.length === 0)
      message.textContent = q === '' ? 'type an id' : 'no sampled user has that id';
    else if (matches.length > 1) message.textContent = `${matches.length} users match, type more`;
    else {
      message.textContent = '';
      onPick(matches[0]);
    }
  };
  return h(
    'form',
    {
      class: 'picker',
      onsubmit: ((e: Event) => {
        e.preventDefault();
        pick();
      }) as EventListener,
    },
    input,
    list,
    h('button', { type: 'submit', 'data-testid': 'user-go' }, 'Show'),
    h(
      'button',
      {
        type: 'button',
        'data-testid': 'random-user',
        disabled: withOpens.length === 0,
        onclick: (() => {
          const user = withOpens[Math.floor(Math.random() * withOpens.length)];
          input.value = user.userId;
          onPick(user);
        }) as EventListener,
      },
      'Random user with opens',
    ),
    h('span', { class: 'muted' }, ` ${users.length} users sampled, ${withOpens.length} with opens `),
    message,
  );
}
