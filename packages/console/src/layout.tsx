/** The frame of every page: who is signed in, the pages the role may use, sign-out; or sign-in. */
import { Link, Outlet } from '@tanstack/react-router';
import { can, useSession, useSignOut, type Principal } from './session';
import { SignIn } from './pages/sign-in';
import { ErrorBox, Loading } from './ui';

const NAV: { to: string; label: string; show: (p: Principal) => boolean }[] = [
  { to: '/', label: 'Home', show: () => true },
  { to: '/queue', label: 'Queue', show: (p) => can(p, 'queue') },
  { to: '/file', label: 'File a shipment', show: (p) => can(p, 'file') },
  { to: '/shipments', label: 'My shipments', show: (p) => p.role === 'filer' },
  { to: '/shipments', label: 'Shipments', show: (p) => p.role === 'officer' || p.role === 'admin' },
  { to: '/webhooks', label: 'Webhooks', show: (p) => can(p, 'webhooks') },
  { to: '/alerts', label: 'Alerts', show: (p) => can(p, 'alerts') },
  { to: '/trusted-traders', label: 'Trusted traders', show: (p) => can(p, 'trusted') },
  { to: '/benefits', label: 'Benefits', show: (p) => can(p, 'benefits') },
  { to: '/refdata', label: 'Reference data', show: (p) => can(p, 'refdata') },
];

export function Layout() {
  const session = useSession();
  const signOut = useSignOut();
  if (session.isPending) return <Loading what="the session" />;
  if (session.isError) return <ErrorBox error={session.error} />;
  const who = session.data;
  if (!who) return <SignIn />;
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Tradelane</span>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((n) => n.show(who)).map((n) => (
              <li key={n.to}>
                <Link
                  to={n.to}
                  activeProps={{ 'aria-current': 'page', className: 'active' }}
                  activeOptions={{ exact: n.to === '/' }}
                >
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span data-testid="who-role">{who.role.replace('_', ' ')}</span>
          {who.agency ? <span> · {who.agency}</span> : null}
          <span> · tenant </span>
          <strong data-testid="who-tenant">{who.tenant}</strong>
          <button type="button" className="link" onClick={() => signOut.mutate()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
