// The Staffroom sandbox page. Everything the user does is sent to /sandbox/api and becomes the
// same chat events the Slack and Discord adapters produce. Text is always inserted with
// textContent, never innerHTML, so nothing anyone types is interpreted as markup.
(() => {
  const api = '/sandbox/api';
  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c.nodeType ? c : document.createTextNode(String(c)));
    return e;
  };
  const $ = (id) => document.getElementById(id);
  const state = { workspace: null, commands: [], actions: [], as: null, channel: null, thread: null, streams: [], formToken: null };
  const REACTIONS = ['✅', '❌', '✏️', '👍', '❤️', '🎉'];

  async function call(path, body) {
    const res = await fetch(api + path, body === undefined ? {} : {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
    });
    if (!res.ok) {
      let msg = res.statusText;
      try { const j = await res.json(); msg = j.message || j.detail || j.error || msg; } catch (e) { /* not JSON */ }
      toast(msg);
      throw new Error(msg);
    }
    const type = res.headers.get('Content-Type') || '';
    return type.includes('json') ? res.json() : null;
  }

  function toast(text) {
    const t = $('toast');
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
  }

  // ---------------------------------------------------------------- people and channels

  function person() { return state.workspace.people.find(p => p.id === state.as); }

  function accountIn(space) {
    const p = person();
    return p ? p.accounts[space.platform.toUpperCase() + ':' + space.spaceId] : null;
  }

  function userKeyFor(channelKey) {
    const [platform, spaceId] = channelKey.split(':');
    const p = person();
    return p ? p.accounts[platform.toUpperCase() + ':' + spaceId] : null;
  }

  function renderPeople() {
    const select = $('as');
    select.replaceChildren(...state.workspace.people.map(p =>
      el('option', { value: p.id }, `${p.name} — ${p.school} (${p.roles})`)));
    // ?as=<person id> picks who to act as (handy for links); otherwise the last choice.
    const asked = new URLSearchParams(location.search).get('as');
    state.as = asked || localStorage.getItem('sandbox.as') || state.workspace.people[0]?.id;
    if (!state.workspace.people.some(p => p.id === state.as)) state.as = state.workspace.people[0]?.id;
    select.value = state.as;
    select.onchange = () => { state.as = select.value; localStorage.setItem('sandbox.as', state.as); state.thread = null; renderSidebar(); connect(); openDefault(); };
  }

  function renderSidebar() {
    const nav = $('sidebar');
    nav.replaceChildren();
    for (const space of state.workspace.spaces) {
      const account = accountIn(space);
      nav.append(el('h3', {}, space.name), el('div', { class: 'platform' }, `${space.platform} (simulated)`));
      for (const ch of space.channels) {
        nav.append(el('button', {
          'aria-current': state.channel === ch.key ? 'true' : 'false', disabled: !account,
          title: account ? '' : 'This person has no account in this space',
          onclick: () => openChannel(ch.key, `#${ch.name}`)
        }, `# ${ch.name}`));
      }
      if (account) {
        const dm = `${space.platform.toLowerCase()}:${space.spaceId}:D-${account.split(':')[2]}`;
        nav.append(el('button', { 'aria-current': state.channel === dm ? 'true' : 'false', onclick: () => openChannel(dm, '💬 Staffroom (direct message)') }, '💬 Staffroom bot'));
      }
    }
    nav.append(el('h3', {}, 'Home'), el('button', { onclick: showHome }, '🏠 Your home tab'));
  }

  function openDefault() {
    // A permalink (#<channel key>/<message id>) opens that channel.
    const linked = decodeURIComponent(location.hash.slice(1)).split('/')[0];
    const channel = state.workspace.spaces.flatMap(s => s.channels).find(c => c.key === linked);
    if (channel && userKeyFor(channel.key)) { openChannel(channel.key, `#${channel.name}`); return; }
    const space = state.workspace.spaces.find(s => accountIn(s));
    if (!space) { $('messages').replaceChildren(el('p', { class: 'empty' }, 'This person has no account in a simulated space.')); return; }
    const first = space.channels[0];
    openChannel(first.key, `#${first.name}`);
  }

  async function openChannel(key, title) {
    state.channel = key;
    state.thread = null;
    $('thread').hidden = true;
    $('channel-title').textContent = title;
    renderSidebar();
    await refresh();
  }

  async function showHome() {
    const key = userKeyFor(state.channel || '') || Object.values(person().accounts)[0];
    const pending = await call(`/pending?as=${encodeURIComponent(key)}`);
    $('channel-title').textContent = 'Home';
    state.channel = null;
    const box = $('messages');
    box.replaceChildren(pending.home ? renderBotMessage({ message: pending.home }, key)
      : el('p', { class: 'empty' }, 'Your home tab shows what is waiting for you (drafts to review, PD chats coming up) once Staffroom has something for you. Type /staffroom help to see what you can do.'));
  }

  // ---------------------------------------------------------------- messages

  async function refresh() {
    if (!state.channel) return;
    const as = userKeyFor(state.channel);
    if (!as) return;
    const list = await call(`/messages?as=${encodeURIComponent(as)}&channel=${encodeURIComponent(state.channel)}`);
    const top = list.filter(m => !m.threadId);
    const box = $('messages');
    const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 40;
    box.replaceChildren(...(top.length ? top.map(m => renderMessage(m, list, as)) : [el('p', { class: 'empty' }, 'No messages yet. Say hello, or type /staffroom help.')]));
    if (atBottom) box.scrollTop = box.scrollHeight;
    if (state.thread) renderThread(list, as);
  }

  function renderThread(list, as) {
    const root = list.find(m => String(m.id) === String(state.thread));
    if (!root) { $('thread').hidden = true; return; }
    const replies = list.filter(m => String(m.threadId) === String(state.thread));
    $('thread-messages').replaceChildren(renderMessage(root, [], as, true), ...replies.map(m => renderMessage(m, [], as, true)));
    $('thread').hidden = false;
  }

  function renderMessage(m, all, as, inThread = false) {
    const node = m.bot ? renderBotMessage(m, as) : renderUserMessage(m, as);
    // A private answer is for one person: it has no thread to reply in.
    if (!inThread && all.length && !m.ephemeral) {
      const replies = all.filter(r => String(r.threadId) === String(m.id));
      node.append(el('button', { class: 'replies', onclick: () => { state.thread = m.id; refresh(); } },
        replies.length ? `💬 ${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}` : '💬 Reply in thread'));
    }
    return node;
  }

  // Times as the school reads them: its locale and zone (the trust's for direct messages), 24-hour
  // in en-GB, never the browser's own locale.
  function channelView(key) {
    return state.workspace.spaces.flatMap(s => s.channels).find(c => c.key === key);
  }

  function when(at) {
    const ch = channelView(state.channel || '');
    const locale = ch ? ch.locale : state.workspace.locale;
    const timeZone = ch ? ch.zone : state.workspace.zone;
    const fmt = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
    return fmt.format(new Date(at));
  }

  function header(m) {
    return el('div', {},
      el('span', { class: 'who' }, m.author),
      el('time', { class: 'when', datetime: m.at }, when(m.at)),
      m.edited && !m.deleted ? el('span', { class: 'note' }, ' (edited)') : null,
      m.ephemeral ? el('span', { class: 'note' }, ' · only visible to you') : null);
  }

  function renderUserMessage(m, as) {
    const node = el('article', { class: 'msg' + (m.ephemeral ? ' ephemeral' : ''), id: 'msg-' + m.id }, header(m));
    if (m.deleted) { node.append(el('div', { class: 'note' }, 'This message was deleted.')); return node; }
    node.append(el('div', { class: 'body' }, m.text || ''));
    for (const f of m.files || []) {
      // Served by the sandbox API under the id the message's files carry.
      const src = `${api}/files/${encodeURIComponent(f.id)}`;
      node.append(f.mimeType && f.mimeType.startsWith('image/') ? el('img', { src, alt: f.name, class: 'upload' }) : el('a', { href: src, download: f.name }, '📎 ' + f.name));
    }
    node.append(reactions(m, as));
    if (!m.ephemeral) node.append(tools(m, as));
    return node;
  }

  function renderBotMessage(m, as) {
    const node = el('article', { class: 'msg bot' + (m.ephemeral ? ' ephemeral' : ''), id: 'msg-' + (m.id || 'home') }, m.author ? header(m) : null);
    if (m.deleted || !m.message) { node.append(el('div', { class: 'note' }, 'This message was deleted.')); return node; }
    const msg = m.message;
    node.append(el('div', { class: 'body' }, ...rich(msg.text || [])));
    if (msg.fields && msg.fields.length) {
      node.append(el('dl', {}, ...msg.fields.flatMap(f => [el('dt', {}, f.label), el('dd', {}, ...rich(f.value || []))])));
    }
    for (const img of msg.images || []) node.append(el('img', { src: img.url, alt: img.altText || '' }));
    if (msg.buttons && msg.buttons.length && m.id) {
      node.append(el('div', { class: 'buttons' }, ...msg.buttons.map(b => el('button', {
        class: b.style || 'DEFAULT', onclick: () => call('/button', { as, messageId: m.id, actionId: b.actionId, value: b.value })
      }, b.label))));
    }
    if (msg.footer && msg.footer.length) node.append(el('div', { class: 'footer' }, ...rich(msg.footer)));
    if (m.id) { node.append(reactions(m, as)); if (!m.ephemeral) node.append(tools(m, as)); }
    return node;
  }

  function rich(spans) {
    return spans.map(s => {
      switch (s.t) {
        case 'bold': return el('strong', {}, s.text);
        case 'italic': return el('em', {}, s.text);
        case 'code': return el('code', {}, s.text);
        case 'quote': return el('blockquote', {}, s.text);
        case 'mention': return el('span', { class: 'mention' }, '@' + s.name);
        case 'link': return /^https?:\/\//.test(s.url) ? el('a', { href: s.url, target: '_blank', rel: 'noopener' }, s.label || s.url) : document.createTextNode(s.label || s.url);
        default: return document.createTextNode(s.text);
      }
    });
  }

  function reactions(m, as) {
    const row = el('div', { class: 'reactions' });
    for (const r of m.reactions || []) {
      row.append(el('button', {
        class: r.mine ? 'mine' : '', title: r.users.join(', '),
        onclick: () => call('/react', { as, messageId: m.id, emoji: r.emoji, add: !r.mine })
      }, `${r.emoji} ${r.users.length}`));
    }
    return row;
  }

  function tools(m, as) {
    const bar = el('div', { class: 'tools' });
    for (const e of REACTIONS) bar.append(el('button', { title: 'React with ' + e, onclick: () => call('/react', { as, messageId: m.id, emoji: e, add: true }) }, e));
    for (const a of state.actions) bar.append(el('button', { onclick: () => call('/action', { as, messageId: m.id, actionId: a.id }) }, a.label));
    if (m.mine && !m.bot) {
      bar.append(el('button', { onclick: () => { const t = prompt('Edit message', m.text); if (t !== null) call('/edit', { as, messageId: m.id, text: t }); } }, 'Edit'));
      bar.append(el('button', { onclick: () => { if (confirm('Delete this message?')) call('/delete', { as, messageId: m.id }); } }, 'Delete'));
    }
    return bar;
  }

  // ---------------------------------------------------------------- composing

  async function readFiles(input) {
    const out = [];
    for (const f of input.files) {
      const data = await new Promise((resolve, reject) => {
        const r = new FileReader();
        r.onload = () => resolve(String(r.result).split(',')[1]);
        r.onerror = reject;
        r.readAsDataURL(f);
      });
      out.push({ name: f.name, mimeType: f.type || 'application/octet-stream', base64: data });
    }
    return out;
  }

  $('composer').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!state.channel) return;
    const text = $('text').value;
    const files = await readFiles($('files'));
    if (!text.trim() && !files.length) return;
    $('text').value = '';
    $('files').value = '';
    $('file-names').textContent = '';
    $('suggestions').hidden = true;
    await call('/post', { as: userKeyFor(state.channel), channel: state.channel, text, files });
    refresh();
  });
  $('text').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey) { ev.preventDefault(); $('composer').requestSubmit(); }
  });
  $('text').addEventListener('input', () => {
    const v = $('text').value;
    const box = $('suggestions');
    if (!v.startsWith('/') || v.includes('\n')) { box.hidden = true; return; }
    const matches = state.commands.filter(c => c.usage.startsWith(v.split(' ').slice(0, 2).join(' ')) || c.usage.startsWith(v));
    box.replaceChildren(...matches.slice(0, 12).map(c => el('div', { onclick: () => { $('text').value = c.usage + ' '; box.hidden = true; $('text').focus(); } },
      el('code', {}, c.usage), ' — ', c.description)));
    box.hidden = matches.length === 0;
  });
  $('files').addEventListener('change', () => { $('file-names').textContent = [...$('files').files].map(f => f.name).join(', '); });
  $('thread-composer').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = $('thread-text').value;
    if (!text.trim()) return;
    $('thread-text').value = '';
    await call('/post', { as: userKeyFor(state.channel), channel: state.channel, threadId: String(state.thread), text });
    refresh();
  });
  $('close-thread').addEventListener('click', () => { state.thread = null; $('thread').hidden = true; });

  // ---------------------------------------------------------------- forms from the bot

  // pending is what /pending returns as "form" and the stream sends as "form": {token, channel, form}.
  function showForm(pending, as) {
    const form = pending && pending.form;
    if (!form || !Array.isArray(form.fields)) return;
    const dialog = $('form-dialog');
    if (state.formToken === pending.token && dialog.open) return;
    if (dialog.open) dialog.close();
    state.formToken = pending.token;
    $('form-title').textContent = form.title;
    $('form-submit').textContent = form.submitLabel || 'Submit';
    const fields = $('form-fields');
    fields.replaceChildren();
    for (const f of form.fields) {
      const id = 'f-' + f.id;
      const initial = f.initial || [];
      let input;
      switch (f.kind) {
        case 'LONG_TEXT': input = el('textarea', { id, name: f.id, rows: 5, required: f.required, maxlength: f.maxLength > 0 ? f.maxLength : null }); input.value = initial[0] || ''; break;
        case 'SELECT': input = el('select', { id, name: f.id, required: f.required }, el('option', { value: '' }, '—'), ...f.choices.map(c => el('option', { value: c.value, selected: initial.includes(c.value) }, c.label))); break;
        case 'MULTI_SELECT': input = el('select', { id, name: f.id, multiple: true, required: f.required }, ...f.choices.map(c => el('option', { value: c.value, selected: initial.includes(c.value) }, c.label))); break;
        case 'CHECKBOX': input = el('span', { class: 'check' }, el('input', { type: 'checkbox', id, name: f.id, checked: initial.includes('true') }), f.choices[0] ? f.choices[0].label : ''); break;
        case 'DATE': input = el('input', { type: 'date', id, name: f.id, required: f.required }); input.value = initial[0] || ''; break;
        default: input = el('input', { type: 'text', id, name: f.id, required: f.required, placeholder: f.placeholder, maxlength: f.maxLength > 0 ? f.maxLength : null }); input.value = initial[0] || '';
      }
      fields.append(el('label', { for: id }, f.label + (f.required ? ' *' : '')), input);
    }
    $('form-cancel').onclick = () => { state.formToken = null; dialog.close(); };
    $('bot-form').onsubmit = async (ev) => {
      ev.preventDefault();
      const values = {};
      for (const f of form.fields) {
        const input = document.getElementById('f-' + f.id);
        if (f.kind === 'MULTI_SELECT') values[f.id] = [...input.selectedOptions].map(o => o.value);
        else if (f.kind === 'CHECKBOX') values[f.id] = input.checked ? ['true'] : [];
        else values[f.id] = input.value ? [input.value] : [];
      }
      state.formToken = null;
      dialog.close();
      await call('/form', { as, token: pending.token, values });
      refresh();
    };
    dialog.showModal();
  }

  // ---------------------------------------------------------------- live updates

  function connect() {
    (state.streams || []).forEach(s => s.close());
    state.streams = [];
    const keys = Object.values(person()?.accounts || {});
    for (const key of keys) {
      const s = new EventSource(`${api}/stream?as=${encodeURIComponent(key)}`);
      s.addEventListener('changed', (e) => { if (JSON.parse(e.data).channel === state.channel) refresh(); });
      s.addEventListener('form', (e) => showForm(JSON.parse(e.data), key));
      s.addEventListener('home', () => { if (!state.channel) showHome(); });
      state.streams.push(s);
    }
    offerPending(keys);
  }

  // A form still waiting (the page was reloaded, or opened after the bot asked) is offered again.
  async function offerPending(keys) {
    for (const key of keys) {
      try {
        const pending = await call(`/pending?as=${encodeURIComponent(key)}`);
        if (pending.form) { showForm(pending.form, key); return; }
      } catch (e) { /* the toast has said why */ }
    }
  }

  async function start() {
    try {
      const data = await call('/workspace');
      state.workspace = data.workspace;
      state.commands = data.commands;
      state.actions = data.messageActions;
    } catch (e) {
      document.querySelector('main').replaceChildren(el('p', { class: 'empty' }, 'The sandbox is off: Slack and Discord tokens are set, so Staffroom talks to the real platforms.'));
      return;
    }
    document.title = `${state.workspace.trust} · Staffroom sandbox`;
    renderPeople();
    renderSidebar();
    connect();
    openDefault();
  }

  start();
})();
