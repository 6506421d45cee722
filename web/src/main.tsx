// The web application: sign-in, then a hash router over the pages listed in pages.tsx.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrf, type Me, type User } from './api/client.js';
import { LoginPage } from './pages/login.page.js';
import { PAGES } from './pages.js';
import { ROLE_NAMES } from './labels.js';
// the stylesheets in the order of the cascade: the base first, then one per area (a later rule wins a tie)
import './styles/base.css';
import './styles/registers.css';
import './styles/audit.css';
import './styles/acts.css';
import './styles/models.css';
import './styles/case-card.css';
import './styles/quality-ratings.css';
import './styles/planning.css';

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash;
}

function App() {
  const hash = useHash();
  const [user, setUser] = useState<User | null | undefined>(undefined);
  useEffect(() => {
    api<Me>('GET', '/api/auth/me')
      .then((r) => {
        setCsrf(r.csrf);
        setUser(r.user);
      })
      .catch(() => setUser(null));
  }, []);
  if (user === undefined) return <p class="muted pad">Загрузка…</p>;
  if (user === null)
    return (
      <LoginPage
        onLogin={(u, csrf) => {
          // the pages' remembered choices (worklist filters, the acts' period) were another user's, or a lapsed session's
          sessionStorage.clear();
          setCsrf(csrf);
          setUser(u);
          if (location.hash === '#/login') location.hash = '';
        }}
      />
    );
  const logout = async () => {
    await api('POST', '/api/auth/logout').catch(() => undefined);
    // the next user of this tab starts afresh: an administrator's insurer filter emptied a coordinator's worklist
    sessionStorage.clear();
    setCsrf(null);
    setUser(null);
  };
  const [path, query = ''] = hash.slice(1).split('?');
  const params = new URLSearchParams(query);
  const nav = PAGES.filter((e) => e.nav && (!e.roles || e.roles.includes(user.role)));
  let page = null;
  let active = '';
  for (const entry of PAGES) {
    const m = entry.match.exec(path);
    // a page of the bar that this role does not see is treated as unknown (an MO user lands on its registers)
    if (m && !(entry.roles && !entry.roles.includes(user.role))) {
      page = entry.render({ user, m, params });
      active = entry.nav?.href ?? '';
      break;
    }
  }
  // no path, or an unknown one: the first page of the bar this role sees
  if (page === null) {
    const first = nav[0];
    page = first ? (
      first.render({ user, m: first.match.exec(first.nav!.href.slice(1))!, params })
    ) : (
      // no page of the bar is for this role (rather than another role's page, which the API refuses)
      <section>
        <h1>Страниц для вашей роли пока нет</h1>
        <p class="muted">Роль «{ROLE_NAMES[user.role] ?? user.role}» работает с omsx через API; веб-страниц для неё ещё нет.</p>
      </section>
    );
    active = first?.nav?.href ?? '';
  }
  return (
    <>
      <header class="top">
        <strong class="brand">omsx</strong>
        <nav>
          {nav.map((e) => (
            <a href={e.nav!.href} class={e.nav!.href === active || hash.startsWith(e.nav!.href + '/') ? 'active' : ''}>
              {e.nav!.label}
            </a>
          ))}
        </nav>
        <span class="who">
          {user.login} · {ROLE_NAMES[user.role] ?? user.role}
          {user.smo ? ` · СМО ${user.smo}` : ''}
          {user.mo ? ` · МО ${user.mo}` : ''}
        </span>
        <button class="link" onClick={logout}>
          Выйти
        </button>
      </header>
      <main>{page}</main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
