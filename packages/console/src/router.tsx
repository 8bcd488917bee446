/**
 * The console's pages and their addresses (code-based TanStack Router routes). Every address is a
 * deep link: the server answers index.html for it (packages/platform/src/main/console.ts).
 */
import { createRootRoute, createRoute, createRouter } from '@tanstack/react-router';
import { Layout } from './layout';
import { Alerts } from './pages/alerts';
import { Benefits } from './pages/benefits';
import { EntityPage } from './pages/entity';
import { FileShipment } from './pages/file';
import { Home } from './pages/home';
import { MyShipments, type ShipmentsSearch } from './pages/my-shipments';
import { Queue, type QueueSearch } from './pages/queue';
import { Refdata } from './pages/refdata';
import { ShipmentPage } from './pages/shipment';
import { TrustedTraderPage, TrustedTraders } from './pages/trusted';
import { Webhooks } from './pages/webhooks';

const root = createRootRoute({ component: Layout });
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

const routes = [
  createRoute({ getParentRoute: () => root, path: '/', component: Home }),
  createRoute({
    getParentRoute: () => root,
    path: '/queue',
    validateSearch: (s: Record<string, unknown>): QueueSearch => ({
      lane: str(s.lane),
      port: str(s.port),
      signal: str(s.signal),
    }),
    component: Queue,
  }),
  createRoute({
    getParentRoute: () => root,
    path: '/shipments',
    validateSearch: (s: Record<string, unknown>): ShipmentsSearch => ({
      status: str(s.status),
      lane: str(s.lane),
      reference: str(s.reference),
      from: str(s.from),
      to: str(s.to),
    }),
    component: MyShipments,
  }),
  createRoute({ getParentRoute: () => root, path: '/shipments/$id', component: ShipmentPage }),
  createRoute({ getParentRoute: () => root, path: '/entities/$id', component: EntityPage }),
  createRoute({ getParentRoute: () => root, path: '/alerts', component: Alerts }),
  createRoute({ getParentRoute: () => root, path: '/trusted-traders', component: TrustedTraders }),
  createRoute({ getParentRoute: () => root, path: '/trusted-traders/$id', component: TrustedTraderPage }),
  createRoute({ getParentRoute: () => root, path: '/benefits', component: Benefits }),
  createRoute({ getParentRoute: () => root, path: '/refdata', component: Refdata }),
  createRoute({ getParentRoute: () => root, path: '/file', component: FileShipment }),
  createRoute({ getParentRoute: () => root, path: '/webhooks', component: Webhooks }),
];

export const router = createRouter({ routeTree: root.addChildren(routes) });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
