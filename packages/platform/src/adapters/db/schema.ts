import type { Generated } from 'kysely';

/** Table types shared by both dialects (JSON columns are stored as text). */
export interface Database {
  refdata_snapshots: {
    id: string;
    dataset: string;
    source: string;
    edition: string | null;
    effective_from: string | null;
    as_of: string;
    sha256: string;
    row_counts: string;
    status: string;
    error: string | null;
    created_at: string;
  };
  hts_entries: {
    snapshot_id: string;
    seq: number;
    code: string;
    indent: number;
    description: string;
    units: string;
    general: string;
    special: string;
    column2: string;
    additional: string;
  };
  ref_codes: { snapshot_id: string; code: string; name: string };
  api_keys: {
    id: string;
    tenant: string;
    role: string;
    key_hash: string;
    created_at: string;
    revoked_at: string | null;
  };
  shipments: {
    id: string;
    tenant: string;
    reference: string;
    type: string;
    status: string;
    revision: number;
    arrival_date: string;
    body: string;
    findings: string;
    /** Key of the row in version_sets: the data versions the filing was checked with. */
    versions: string;
    idempotency_key: string | null;
    request_hash: string | null;
    created_at: string;
  };
  version_sets: { key: string; json: string };
  outbox: {
    id: Generated<number>;
    topic: string;
    msg_key: string;
    payload: string;
    created_at: string;
    published_at: string | null;
  };
}
