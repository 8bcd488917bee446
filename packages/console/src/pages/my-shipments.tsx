/**
 * A filer's shipments (an officer's: every tenant's), newest first, from `GET /v1/shipments`:
 * filtered by status, lane, reference and filing dates, in keyset pages ("More").
 */
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { api, must } from '../api/client';
import type { paths } from '../api/schema';
import { FilingsTable, useKeysetPages } from '../filings-table';
import { Choice, submittedFilters } from '../filters';
import type { Column } from '../grid';
import { Lane, Page, fmtDate } from '../ui';

export interface ShipmentsSearch {
  status?: string | undefined;
  lane?: string | undefined;
  reference?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}
const STATUSES = ['accepted', 'rejected'] as const;
const LANES = ['red', 'yellow', 'blue', 'green'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PAGE = 50;

type ShipmentItem =
  paths['/v1/shipments']['get']['responses'][200]['content']['application/json']['items'][number];

const SHIPMENT_COLUMNS: Column<ShipmentItem>[] = [
  {
    header: 'Reference',
    cell: (r) => (
      <Link to="/shipments/$id" params={{ id: r.id }}>
        {r.reference}
      </Link>
    ),
  },
  { header: 'Filing', cell: (r) => r.status },
  { header: 'Lane', cell: (r) => <Lane lane={r.lane} /> },
  {
    header: 'Customs status',
    cell: (r) => (r.status === 'rejected' ? '—' : r.customs_status.replace('_', ' ')),
  },
  { header: 'Port', cell: (r) => r.port ?? '—' },
  { header: 'Arrival', cell: (r) => r.arrival_date },
  { header: 'Filed', cell: (r) => fmtDate(r.created_at) },
];

export function MyShipments() {
  const search = useSearch({ from: '/shipments' });
  const navigate = useNavigate({ from: '/shipments' });
  const query = {
    limit: PAGE,
    ...(STATUSES.includes(search.status as never)
      ? { status: search.status as (typeof STATUSES)[number] }
      : {}),
    ...(LANES.includes(search.lane as never) ? { lane: search.lane as (typeof LANES)[number] } : {}),
    ...(search.reference ? { reference: search.reference } : {}),
    ...(search.from && DAY.test(search.from) ? { from: search.from } : {}),
    ...(search.to && DAY.test(search.to) ? { to: search.to } : {}),
  };
  const q = useKeysetPages(['shipments', query], async (cursor) =>
    must(await api.GET('/v1/shipments', { params: { query: { ...query, ...cursor } } })),
  );
  const rows = (q.data?.pages ?? []).flatMap((p) => p.items);

  const apply = (e: FormEvent<HTMLFormElement>) =>
    void navigate({ search: submittedFilters(e, ['status', 'lane', 'reference', 'from', 'to']) });
  const open = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const id = String(new FormData(e.currentTarget).get('id') ?? '').trim();
    if (id) void navigate({ to: '/shipments/$id', params: { id } });
  };

  return (
    <Page title="Shipments">
      <form className="filters" onSubmit={apply} aria-label="Filter the shipments">
        <Choice label="Status" name="status" options={STATUSES} defaultValue={query.status ?? ''} any />
        <Choice label="Lane" name="lane" options={LANES} defaultValue={query.lane ?? ''} any />
        <label>
          Reference
          <input name="reference" defaultValue={search.reference ?? ''} maxLength={100} size={12} />
        </label>
        <label>
          Filed from
          <input name="from" type="date" defaultValue={query.from ?? ''} />
        </label>
        <label>
          to
          <input name="to" type="date" defaultValue={query.to ?? ''} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <form className="filters" onSubmit={open} aria-label="Open a shipment by id">
        <label>
          Shipment id
          <input name="id" required pattern="shp_.+" placeholder="shp_…" />
        </label>
        <button type="submit">Open</button>
      </form>
      <FilingsTable
        q={q}
        rows={rows}
        rowKey={(r) => r.id}
        columns={SHIPMENT_COLUMNS}
        caption="Shipments, newest first"
        what="the shipments"
        empty={
          <>
            No filing with these filters. <Link to="/file">File a shipment</Link>.
          </>
        }
      />
    </Page>
  );
}
