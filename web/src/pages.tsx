// The pages of the web application: one entry per page, in the order of the navigation bar. A page is chosen by
// the first entry whose `match` accepts the path (the part of location.hash before `?`); `nav` puts it in the bar
// for the roles listed (all signed-in roles when `roles` is absent). Add a page with one entry (one line, or one
// block of lines) here; main.tsx needs no change.
import type { ComponentChild } from 'preact';
import type { User } from './api/client.js';
import { WorklistPage } from './pages/worklist.page.js';
import { CasePage } from './pages/case.page.js';
import { AgreementPage } from './pages/agreement.page.js';
import { ModelsPage } from './pages/models.page.js';
import { RegistersPage } from './pages/registers.page.js';
import { RegisterPackagePage } from './pages/register-package.page.js';
import { AuditPage } from './pages/audit.page.js';
import { ActsPage } from './pages/acts.page.js';
import { QualityPage } from './pages/quality.page.js';
import { RatingsPage } from './pages/ratings.page.js';
import { PlanningPage } from './pages/planning.page.js';

export interface PageEntry {
  /** The path's regular expression; its groups go to `render` as `m`. */
  match: RegExp;
  /** The link in the navigation bar: its target and its text. */
  nav?: { href: string; label: string };
  /** Roles that see the link (the API still decides what they may read). */
  roles?: string[];
  render: (p: { user: User; m: RegExpExecArray; params: URLSearchParams }) => ComponentChild;
}

export const PAGES: PageEntry[] = [
  {
    match: /^\/worklist$/,
    nav: { href: '#/worklist', label: 'Списки экспертизы' },
    roles: ['admin', 'tfoms', 'smo_coordinator', 'expert'],
    render: ({ user }) => <WorklistPage user={user} />,
  },
  { match: /^\/cases\/(\d+)$/, render: ({ user, m, params }) => <CasePage id={m[1]} item={params.get('item')} user={user} /> },
  {
    match: /^\/acts$/,
    nav: { href: '#/acts', label: 'Акты экспертизы' },
    roles: ['admin', 'tfoms', 'smo_coordinator'],
    render: () => <ActsPage />,
  },
  {
    match: /^\/registers$/,
    nav: { href: '#/registers', label: 'Реестры' },
    roles: ['admin', 'tfoms', 'mo'],
    render: ({ user }) => <RegistersPage user={user} />,
  },
  { match: /^\/registers\/(\d+)$/, render: ({ m }) => <RegisterPackagePage id={m[1]} /> },
  {
    match: /^\/quality$/,
    nav: { href: '#/quality', label: 'Контроль качества' },
    roles: ['admin', 'tfoms', 'data_scientist', 'smo_coordinator'],
    render: () => <QualityPage />,
  },
  {
    match: /^\/agreement$/,
    nav: { href: '#/agreement', label: 'Согласованность отбора' },
    roles: ['admin', 'tfoms', 'smo_coordinator', 'data_scientist'],
    render: () => <AgreementPage />,
  },
  {
    match: /^\/ratings$/,
    nav: { href: '#/ratings', label: 'Рейтинги' },
    roles: ['admin', 'tfoms'],
    render: ({ params }) => <RatingsPage runId={params.get('run')} />,
  },
  {
    match: /^\/planning$/,
    nav: { href: '#/planning', label: 'Планирование' },
    roles: ['admin', 'tfoms'],
    render: ({ params }) => <PlanningPage params={params} />,
  },
  {
    match: /^\/models$/,
    nav: { href: '#/models', label: 'Модели' },
    roles: ['admin', 'tfoms', 'data_scientist'],
    render: ({ user }) => <ModelsPage user={user} />,
  },
  {
    match: /^\/audit$/,
    nav: { href: '#/audit', label: 'Журнал доступа' },
    roles: ['admin', 'tfoms'],
    render: ({ user }) => <AuditPage user={user} />,
  },
];
