// Search and listing filters of the OCOP catalogue: the site's own small
// script, no library. It reads the static index written by `ocop build`
// (internal/search/doc.go describes the files and the ranking) and only
// enhances pages that work without it.
(() => {
  'use strict';
  const form = document.querySelector('form.search[data-index]');
  if (!form) return;
  const doc = document;
  const lang = doc.documentElement.lang;
  const base = form.dataset.base;
  const nf = new Intl.NumberFormat(lang);
  // T fills a UI string's %s in order.
  const T = (key, ...args) => (form.dataset['t' + key] || '').replace(/%s/g, () => args.shift() ?? '');
  const el = (tag, attrs, ...kids) => {
    const e = doc.createElement(tag);
    for (const k in attrs || {}) if (attrs[k] != null && attrs[k] !== false) e.setAttribute(k, attrs[k]);
    for (const c of kids) if (c != null) e.append(c);
    return e;
  };

  // ---- Folding and words: the same rules as internal/search (Tokens, i18n.Fold).
  const fold = s => s.toLowerCase().replace(/[đð]/g, 'd').normalize('NFD').replace(/\p{Mn}/gu, '').normalize('NFC');
  const WORD = /[\p{L}\p{Nd}\p{M}]+/gu;
  const words = q => (q.toLowerCase().normalize('NFC').match(WORD) || [])
    .map(w => { w = [...w].slice(0, 40).join(''); return { raw: w, f: fold(w) }; })
    .filter(w => w.f);
  const fileKey = k => [...k].map(c => /^[a-z0-9]$/.test(c) ? c : '_' + c.codePointAt(0).toString(16)).join('');
  const marks = c => c.normalize('NFD').slice(1);

  // ---- Loading: every file once, on first use.
  const cache = new Map();
  const getJSON = url => {
    let p = cache.get(url);
    if (!p) {
      p = fetch(url).then(r => { if (!r.ok) throw new Error(url + ': HTTP ' + r.status); return r.json(); });
      cache.set(url, p);
      p.catch(() => cache.delete(url));
    }
    return p;
  };
  const root = form.dataset.index.replace(/[^/]*$/, '');
  let manifestP = null;
  const manifest = () => manifestP ||= getJSON(form.dataset.index).then(m => {
    if (m.v !== 2) throw new Error('search index version ' + m.v);
    m.set = { t: new Set(m.t), f: new Set(m.f) };
    // Each file is named by its content hash, listed in the manifest.
    m.hash = new Map([['facets', m.xh]]);
    for (const tier of ['t', 'f']) m[tier].forEach((k, i) => m.hash.set(tier + '/' + fileKey(k), m[tier + 'h'][i]));
    m.dh.forEach((h, n) => m.hash.set('d/' + n, h));
    return m;
  }).catch(e => { manifestP = null; throw e; });
  const file = (m, name) => getJSON(root + name + '.' + m.hash.get(name) + '.json');

  // keys returns the shards of a tier that a word needs.
  const keys = (m, tier, w) => {
    const cs = [...w.f], out = [];
    for (let n = Math.min(4, cs.length); n >= 1; n--) {
      const k = cs.slice(0, n).join('');
      if (m.set[tier].has(k)) { out.push(k); break; }
    }
    if (w.prefix) for (const k of m[tier]) if (k !== w.f && k.startsWith(w.f) && !out.includes(k)) out.push(k);
    return out;
  };

  // sameMarks tells whether a doc's word has the diacritics the visitor typed.
  const sameMarks = (w, raw, exact) => {
    if (exact) return raw === w.raw;
    const a = [...w.raw], b = [...raw];
    for (let i = 0; i < a.length - 1; i++) if (a[i] !== b[i]) return false;
    const x = a[a.length - 1], y = b[a.length - 1];
    if (x === y) return true;
    if (y === undefined || fold(x) !== fold(y)) return false;
    const my = marks(y);
    return [...marks(x)].every(c => my.includes(c));
  };

  const WEIGHT = { t: [20, 16, 4], f: [1] };

  // score adds a shard's matches of word w into sc (best per doc) and hits.
  const score = (shard, tier, w, sc, hits) => {
    const marked = w.raw !== w.f;
    for (const tok in shard) {
      const exact = tok === w.f;
      if (!exact && !(w.prefix && tok.startsWith(w.f))) continue;
      const pf = exact ? 1 : 0.5 + 0.5 * w.f.length / tok.length;
      const vs = shard[tok];
      for (const raw in vs) {
        const df = marked && !sameMarks(w, raw, exact) ? 0.6 : 1;
        const lists = tier === 't' ? vs[raw] : [vs[raw]];
        for (let fi = 0; fi < lists.length; fi++) {
          const s = WEIGHT[tier][fi] * pf * df;
          let id = 0;
          for (const d of lists[fi]) {
            id += d;
            if (sc[id] === 0) hits.push(id);
            if (s > sc[id]) sc[id] = s;
          }
        }
      }
    }
  };

  // search returns the ids matching every word of q, best first, using the
  // shards of the given tiers ('t' primary, 'f' full).
  const search = async (q, tiers) => {
    const m = await manifest();
    const ws = words(q);
    const open = !/[^\p{L}\p{Nd}\p{M}]$/u.test(q);
    // A one-letter word still being typed waits for its second letter.
    if (open && ws.length && [...ws[ws.length - 1].f].length < 2) ws.pop();
    if (!ws.length) return { ids: [], m, empty: true };
    ws.forEach((w, i) => { w.prefix = open && i === ws.length - 1 && [...w.f].length >= 2; });
    const jobs = [];
    ws.forEach((w, i) => {
      for (const tier of tiers) for (const k of keys(m, tier, w)) jobs.push(file(m, tier + '/' + fileKey(k)).then(s => [i, tier, s]));
    });
    const shards = await Promise.all(jobs);
    const sc = ws.map(() => new Float32Array(m.n)), hits = ws.map(() => []);
    for (const [i, tier, s] of shards) score(s, tier, ws[i], sc[i], hits[i]);
    let ids = hits[0];
    for (let i = 1; i < ws.length; i++) ids = ids.filter(id => sc[i][id] > 0);
    const tot = new Float64Array(m.n);
    for (const id of ids) for (const s of sc) tot[id] += s[id];
    ids.sort((a, b) => tot[b] - tot[a] || a - b);
    return { ids, m };
  };

  // docs returns the results of ids (loading their chunks).
  const docs = async (m, ids) => {
    const chunks = await Promise.all([...new Set(ids.map(id => Math.floor(id / m.c)))].map(n => file(m, 'd/' + n).then(c => [n, c])));
    const by = new Map(chunks);
    return ids.map(id => by.get(Math.floor(id / m.c))[id % m.c]);
  };

  // ---- Rendering: the same markup as templates/partials/card.html and badge.html.
  // One star in relative moves: the path of n stars is 'M6 .5' and the star,
  // then 'm12 0' and the star again (z returns to the star's first point).
  const STAR = 'l1.6 3.5 3.9.4-2.9 2.6.8 3.8-3.4-1.9-3.4 1.9.8-3.8-2.9-2.6 3.9-.4z';
  const badge = r => {
    const b = el('span', { class: 'badge ' + (!r.s ? 'none' : r.x ? 'expired' : 's' + r.s), role: 'img', 'aria-label': r.b, title: r.b });
    if (r.s) {
      const svg = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
      const w = 12 * r.s;
      for (const [k, v] of [['viewBox', `0 0 ${w} 12`], ['width', w], ['height', 12], ['aria-hidden', 'true'], ['focusable', 'false']]) svg.setAttribute(k, v);
      const p = doc.createElementNS('http://www.w3.org/2000/svg', 'path');
      p.setAttribute('d', 'M6 .5' + Array(r.s).fill(STAR).join('m12 0'));
      svg.append(p);
      b.append(svg);
    }
    b.append(el('span', { 'aria-hidden': 'true' }, r.bs || ''));
    return b;
  };
  const meta = r => [r.c, r.p, r.m].filter(Boolean).join(' · ');
  const card = (r, h) => el('li', { class: 'card' },
    el('article', { lang: r.l || null },
      el(h, null, el('a', { href: base + r.u }, r.n)),
      r.b ? badge(r) : null,
      r.y ? el('p', null, r.y) : null,
      el('p', { class: 'meta' }, meta(r)),
      r.l ? el('p', { class: 'untr', lang }, T('Untr')) : null));

  const count = n => T('Count', nf.format(n));

  // ---- Keeping the query in links to the other languages.
  const langLinks = () => {
    for (const a of doc.querySelectorAll('.langs a[hreflang]')) {
      a.dataset.href ||= a.getAttribute('href');
      a.setAttribute('href', a.dataset.href + location.search);
    }
  };

  // ---- The header box: results as a list of links under the input.
  const input = form.querySelector('input[type=search]');
  const box = doc.getElementById('q-suggest');
  const status = doc.getElementById('q-status');
  const page = doc.querySelector('.search-page');
  let seq = 0;

  const close = () => { box.hidden = true; };
  const links = () => [...box.querySelectorAll('a')];

  // shown identifies what a results list shows, so that a refinement that
  // changes nothing leaves the list (and the focus in it) alone.
  let shown = '';
  const suggest = async (q, my) => {
    box.setAttribute('aria-busy', 'true');
    for (const tiers of [['t'], ['t', 'f']]) {
      const { ids, m, empty } = await search(q, tiers);
      if (my !== seq) return;
      if (empty) { close(); status.textContent = ''; shown = ''; break; }
      const key = q + '\n' + ids.length + '\n' + ids.slice(0, 8);
      if (key === shown) continue;
      shown = key;
      const rs = await docs(m, ids.slice(0, 8));
      if (my !== seq) return;
      const ul = box.querySelector('ul');
      ul.replaceChildren(...rs.map(r => el('li', null, el('a', { href: base + r.u, lang: r.l || null },
        el('span', { class: 'n' }, r.n), ' ', r.b ? badge(r) : null, ' ', el('span', { class: 'meta' }, meta(r))))));
      if (!ids.length) ul.append(el('li', { class: 'none' }, T('None')));
      const all = box.querySelector('a.all');
      all.href = form.action + '?' + new URLSearchParams({ q });
      all.parentElement.hidden = ids.length <= rs.length;
      status.textContent = ids.length ? count(ids.length) : T('None');
      box.hidden = !form.contains(doc.activeElement);
    }
    box.setAttribute('aria-busy', 'false');
  };

  // ---- The search page: full results, more on demand.
  let shownPage = '';
  const full = async (q, my) => {
    const out = doc.getElementById('results'), st = doc.getElementById('results-status'), more = doc.getElementById('more');
    const size = +page.dataset.size || 20;
    out.setAttribute('aria-busy', 'true');
    for (const tiers of [['t'], ['t', 'f']]) {
      const { ids, m, empty } = await search(q, tiers);
      if (my !== seq) return;
      if (empty) { out.replaceChildren(); st.textContent = ''; more.hidden = true; shownPage = ''; break; }
      const key = ids.length + '\n' + ids.slice(0, size);
      if (key === shownPage) continue;
      shownPage = key;
      let shown = Math.min(size, ids.length);
      const rs = await docs(m, ids.slice(0, shown));
      if (my !== seq) return;
      out.replaceChildren(...rs.map(r => card(r, 'h2')));
      st.textContent = ids.length ? count(ids.length) : T('None');
      more.hidden = shown >= ids.length;
      more.onclick = async () => {
        const next = await docs(m, ids.slice(shown, shown + size));
        if (my !== seq) return;
        const items = next.map(r => card(r, 'h2'));
        out.append(...items);
        shown += next.length;
        more.hidden = shown >= ids.length;
        items[0]?.querySelector('a').focus();
      };
    }
    out.setAttribute('aria-busy', 'false');
  };

  const run = () => {
    const q = input.value, my = ++seq;
    const job = page ? full(q, my) : suggest(q, my);
    job.catch(e => {
      if (my !== seq) return;
      (page ? doc.getElementById('results-status') : status).textContent = T('Error');
      console.error(e);
    });
  };

  input.addEventListener('input', () => {
    if (page) {
      const q = input.value.trim();
      history.replaceState(null, '', q ? '?' + new URLSearchParams({ q: input.value }) : location.pathname);
      langLinks();
    }
    run();
  });
  input.addEventListener('focus', () => {
    manifest().catch(() => {});
    if (!page && input.value.trim() && box.querySelector('li')) box.hidden = false;
  });
  form.addEventListener('focusout', e => { if (!form.contains(e.relatedTarget)) close(); });
  form.addEventListener('keydown', e => {
    if (page) return;
    const ls = links(), i = ls.indexOf(doc.activeElement);
    if (e.key === 'Escape' && !box.hidden) { close(); input.focus(); e.preventDefault(); }
    else if (e.key === 'ArrowDown' && !box.hidden && ls.length) { ls[Math.min(i + 1, ls.length - 1)].focus(); e.preventDefault(); }
    else if (e.key === 'ArrowUp' && i >= 0) { (i === 0 ? input : ls[i - 1]).focus(); e.preventDefault(); }
  });
  if (page) {
    form.addEventListener('submit', e => { e.preventDefault(); run(); });
    const q = new URLSearchParams(location.search).get('q');
    if (q) { input.value = q; run(); }
    langLinks();
  }

  // ---- Listing filters (see the Filters section of internal/search/doc.go).
  const panel = doc.querySelector('.filters[data-scope]');
  if (!panel) return;
  const FACETS = ['category', 'stars', 'commune', 'type'];
  const scope = panel.dataset.scope;
  const baseURL = new URL(panel.dataset.base, location.href);
  const onBase = baseURL.pathname === location.pathname;
  const fstatus = doc.getElementById('filter-status');
  const clear = panel.parentElement.querySelector('a.clear');
  const state = () => {
    const st = {};
    if (onBase) {
      const p = new URLSearchParams(location.search);
      for (const k of FACETS) if (p.get(k)) st[k] = p.get(k);
      st.page = Math.max(1, parseInt(p.get('page'), 10) || 1);
    } else if (panel.dataset.f) st[panel.dataset.f] = panel.dataset.v;
    return st;
  };
  const hrefOf = (st, pg) => {
    const p = new URLSearchParams();
    for (const k of FACETS) if (st[k] != null) p.set(k, st[k]);
    if (pg > 1) p.set('page', pg);
    const qs = p.toString();
    return baseURL.pathname + (qs ? '?' + qs : '');
  };
  const active = st => FACETS.some(k => st[k] != null);
  const label = (f, v) => panel.querySelector(`a[data-f="${f}"][data-v="${CSS.escape(v)}"]`)?.textContent || v;

  // relink points every filter link at the combination it makes.
  const relink = st => {
    for (const a of panel.querySelectorAll('a[data-f]')) {
      const f = a.dataset.f, v = a.dataset.v, on = v === '' ? st[f] == null : st[f] === v;
      const next = { ...st };
      if (v === '' || on) delete next[f]; else next[f] = v;
      a.href = hrefOf(next);
      if (on) a.setAttribute('aria-current', 'true'); else a.removeAttribute('aria-current');
    }
    clear.href = baseURL.pathname;
    clear.hidden = !active(st);
  };

  // The static list, count and pager that a filtered view replaces.
  const statics = [...doc.querySelectorAll('main p.count, main .cards, main .pager')];
  let view = null;

  let fseq = 0;
  const render = async () => {
    const st = state(), my = ++fseq;
    relink(st);
    langLinks();
    if (!onBase) return;
    if (!active(st)) {
      statics.forEach(e => { e.hidden = false; });
      view?.remove();
      view = null;
      fstatus.textContent = '';
      return;
    }
    const m = await manifest();
    const fc = await file(m, 'facets');
    const pos = (vals, v) => vals.indexOf(v) + 1 || -1;
    const want = { category: pos(fc.cv, st.category), commune: pos(fc.mv, st.commune), type: pos(fc.tv, st.type) };
    const kind = scope === 'tourism' ? 't' : 'p';
    const ids = [];
    for (let id = 0; id < m.n; id++) {
      if (fc.k[id] !== kind) continue;
      if (st.stars != null && fc.s[id] !== st.stars) continue;
      if (st.category != null && fc.c[id] !== want.category) continue;
      if (st.commune != null && fc.m[id] !== want.commune) continue;
      if (st.type != null && fc.t[id] !== want.type) continue;
      ids.push(id);
    }
    const size = +panel.dataset.size || 24;
    const pages = Math.max(1, Math.ceil(ids.length / size));
    const pg = Math.min(st.page, pages);
    const rs = await docs(m, ids.slice((pg - 1) * size, pg * size));
    if (my !== fseq) return;
    const list = rs.length ? el('ul', { class: 'cards' }, ...rs.map(r => card(r, 'h3'))) : null;
    const nav = pages > 1 ? pager(st, pg, pages) : null;
    const next = el('div', { class: 'filtered-list' }, list, nav);
    statics.forEach(e => { e.hidden = true; });
    if (view) view.replaceWith(next); else fstatus.parentElement.after(next);
    view = next;
    const what = FACETS.filter(k => st[k] != null).map(k => label(k, st[k])).join(', ');
    fstatus.textContent = T('Filtered', T('Items', nf.format(ids.length)), what);
  };

  const pager = (st, pg, pages) => {
    const li = (n, text, rel) => el('li', null, n === pg && !rel ? el('span', { 'aria-current': 'page' }, String(n)) : el('a', { href: hrefOf(st, n), rel }, text || String(n)));
    const items = [];
    if (pg > 1) items.push(li(pg - 1, T('Prev'), 'prev'));
    let last = 0;
    for (let n = 1; n <= pages; n++) {
      if (n !== 1 && n !== pages && Math.abs(n - pg) > 2) continue;
      if (last && n !== last + 1) items.push(el('li', null, el('span', null, '…')));
      items.push(li(n));
      last = n;
    }
    if (pg < pages) items.push(li(pg + 1, T('Next'), 'next'));
    return el('nav', { class: 'pager', 'aria-label': T('Pager') }, el('ul', null, ...items));
  };

  const show = () => render().catch(e => { fstatus.textContent = T('Error'); console.error(e); });
  if (onBase) {
    doc.querySelector('main').addEventListener('click', e => {
      const a = e.target.closest('a');
      if (!a || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const u = new URL(a.href, location.href);
      if (u.pathname !== location.pathname || !(a.closest('.filters') || a.closest('.filtered-list') || a === clear)) return;
      e.preventDefault();
      history.pushState(null, '', u.pathname + u.search);
      show().then(() => { if (a.closest('.pager')) fstatus.parentElement.scrollIntoView(); });
    });
    addEventListener('popstate', show);
  }
  show();
})();
