// The page's router: one tab per view of the registry, one view running at a time, the URL in
// step with it (replaced on every change, pushed on a tab switch), back and forward bringing a
// whole view. A tab switch carries what the views share (the functions on screen, the
// convention, the theme) without knowing any view's keys.

import { element } from '../controls.js';
import { showProblems } from '../explorer-dom.js';
import { embedCodeTool, openFullPageLink, pushUrl, rememberInUrl } from './page-tools.js';
import { placeholderFor } from './placeholder.js';
import { viewNamed, views } from './registry.js';
import { readViewQuery, viewChoice, viewQuery } from './url-layer.js';

const URL_PROBLEMS = 'Some settings in the link were not used as given:';

/** The view a query names (the first view for none). */
export const viewOf = (search) => viewChoice(new URLSearchParams(search).get('view'), views()).name;

/**
 * @param {{container: HTMLElement, engine: object, asset: (path: string) => URL}} page where views
 *   mount, the explorer's engine (every view reads the catalog), and where the files sit
 * @returns {{show(name: string, query: string, options?: {fromHistory?: boolean}): Promise<void>}}
 */
export function pageRouter({ container, engine, asset }) {
  const base = { kind: 'page', engine, asset, idPrefix: '' };
  const tabs = viewTabs(views(), (name) => switchTo(name));
  let current = null; // { name, loaded, page, mounted }
  // What the last running view shared (its functions, convention, theme), kept across a tab whose
  // view failed to load, so the next tab still carries it.
  let carried = null;
  // The view a tab left (its name and state) and what the view it opened shared on arrival: a tab
  // back to it, with nothing changed meanwhile, brings back its own state, not what the other view
  // could keep of it (the explorer shows one typed formula; the lab's two sides come back whole).
  let left = null;
  let showing = 0;

  // Stops the running view and selects `name`'s tab with its placeholder; the ticket tells a
  // later load whether another tab was chosen meanwhile.
  function leaveFor(name) {
    current?.mounted.destroy();
    current = null;
    tabs.select(name);
    const description = viewNamed(name);
    placeholderFor(description, container, '');
    return { ticket: ++showing, description };
  }

  async function show(name, query, { fromHistory = false, leftOut = [] } = {}) {
    if (fromHistory && current?.name === name) {
      const session = current;
      const pending = session.loaded.prepare?.({ query: new URLSearchParams(query) });
      if (pending) await pending;
      if (current === session) apply(query);
      return;
    }
    const { ticket, description } = leaveFor(name);
    try {
      const loaded = await description.load(base);
      await loaded.prepare?.({ query: new URLSearchParams(query) });
      if (ticket !== showing) return; // another tab was chosen meanwhile
      const { state, page, problems } = readViewQuery(query, loaded, views());
      document.documentElement.classList.toggle('embed', page.embed);
      tabs.element.hidden = page.embed;
      const session = { name, loaded, page, mounted: null };
      session.mounted = loaded.mount(container, state, pageHost(session));
      showProblems(session.mounted.notice, URL_PROBLEMS, [...leftOut, ...problems], { dismissible: true });
      current = session;
    } catch (error) {
      // Said where the view would be, in a frame of its own (a mount that failed half-way left its).
      if (ticket === showing) placeholderFor(description, container, '').fail(error.message);
    }
  }

  // Back or forward to another state of the running view: applied in place.
  function apply(query) {
    const { state, problems } = readViewQuery(query, current.loaded, views());
    showProblems(current.mounted.notice, URL_PROBLEMS, problems, { dismissible: true });
    current.mounted.apply(state);
  }

  // A tab: the next view from what the running one shares, pushed as a new history entry. The tab
  // is selected and the placeholder shown at once (a lab's files may take seconds), so a second
  // click finds it selected and adds no entry; the URL changes only once the view has loaded, and
  // a view that cannot load leaves the URL (and what it shares) as it was.
  async function switchTo(name) {
    if (current) carried = current.loaded.shared(current.mounted.state);
    const back = current && left?.name === name && sameShared(carried, left.passedOn) ? left.state : null;
    const leaving = current ? { name: current.name, state: structuredClone(current.mounted.state) } : null;
    const { ticket, description } = leaveFor(name);
    let query;
    let leftOut = [];
    try {
      const loaded = await description.load(base);
      if (carried) await loaded.prepare?.({ shared: carried });
      if (ticket !== showing) return; // another tab was chosen meanwhile
      const state = back ?? (carried ? loaded.fromShared(carried) : null);
      query = state ? viewQuery(name, loaded, state, { embed: false, controls: [] }, views()) : `view=${name}`;
      left = leaving && state ? { ...leaving, passedOn: loaded.shared(state) } : null;
      leftOut = !back && carried ? (loaded.leftOut?.(carried) ?? []) : [];
    } catch (error) {
      // It cannot load (a page opened from disk, a network error): said where it would be.
      if (ticket === showing) placeholderFor(description, container, '').fail(error.message);
      return;
    }
    pushUrl(query);
    show(name, `?${query}`, { leftOut });
  }

  function pageHost(session) {
    const { page } = session;
    return {
      ...base,
      embed: page.embed,
      compact: page.embed,
      fullPage: !page.embed,
      onEdit() {},
      onState: (state) => rememberInUrl(viewQuery(session.name, session.loaded, state, page, views())),
      // A page with no address of its own (the Jupyter helper's <iframe srcdoc>) has nowhere to link to.
      openFullPage: () => (page.embed && location.protocol !== 'about:' ? openFullPageLink() : null),
      embedCodeTool: () => embedCodeTool(() => {
        const { state } = session.mounted;
        const { controls, title, height } = session.loaded.embedCode(state);
        return { query: viewQuery(session.name, session.loaded, state, { embed: true, controls }, views()), title, height };
      }),
    };
  }

  return { show };
}

/** Whether two views' shared states say the same (parameters in any order). */
function sameShared(a, b) {
  const canonical = (value) => JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v));
  return canonical(a) === canonical(b);
}

function viewTabs(list, onSelect) {
  const buttons = list.map(({ name, label }) => {
    const b = element('button', { type: 'button', role: 'tab', id: `tab-${name}`, textContent: label, dataset: { view: name } });
    b.addEventListener('click', () => { if (b.getAttribute('aria-selected') !== 'true') onSelect(name); });
    return b;
  });
  const nav = element('nav', { className: 'view-tabs', role: 'tablist', ariaLabel: 'Views' }, buttons);
  document.querySelector('header')?.append(nav);
  return {
    element: nav,
    select(name) { for (const b of buttons) b.setAttribute('aria-selected', String(b.dataset.view === name)); },
  };
}
