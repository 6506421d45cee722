// The web application: a hash router over five pages (login, worklist, case card, agreement, models).
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrf, type User } from './api.js';
import { LoginPage } from './pages/login.page.js';
import { WorklistPage } from './pages/worklist.page.js';
import { CasePage } from './pages/case.page.js';
import { AgreementPage } from './pages/agreement.page.js';
import { ModelsPage } from './pages/models.page.js';
import { ROLE_NAMES } from './labels.js';
import './style.css';

function useHash(): string {
  const [hash, setHash] = useState(location.hash || '#/worklist');
  useEffect(() => {
    const on = () => setHash(location.hash || '#/worklist');
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash;
}

const NAV: Array<[string, string]> = [
  ['#/worklist', 'Списки экспертизы'],
  ['#/agreement', 'Согласованность отбора'],
  ['#/models', 'Модели'],
];

function App() {
  const hash = useHash();
  const [user, setUser] = useState<User | null | undefined>(undefined);
  useEffect(() => {
    api<{ user: User; csrf: string | null }>('GET', '/api/auth/me')
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
          setCsrf(csrf);
          setUser(u);
          if (!location.hash || location.hash === '#/login') location.hash = '#/worklist';
        }}
      />
    );
  const logout = async () => {
    await api('POST', '/api/auth/logout').catch(() => undefined);
    setCsrf(null);
    setUser(null);
  };
  const [path, query = ''] = hash.slice(1).split('?');
  const params = new URLSearchParams(query);
  const caseMatch = /^\/cases\/(\d+)$/.exec(path);
  let page;
  if (caseMatch) page = <CasePage id={caseMatch[1]} item={params.get('item')} user={user} />;
  else if (path === '/agreement') page = <AgreementPage />;
  else if (path === '/models') page = <ModelsPage user={user} />;
  else page = <WorklistPage user={user} />;
  return (
    <>
      <header class="top">
        <strong class="brand">omsx</strong>
        <nav>
          {NAV.map(([href, label]) => (
            <a href={href} class={hash.startsWith(href) ? 'active' : ''}>
              {label}
            </a>
          ))}
        </nav>
        <span class="who">
          {user.login} · {ROLE_NAMES[user.role] ?? user.role}
          {user.smo ? ` · СМО ${user.smo}` : ''}
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
